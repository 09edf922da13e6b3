// Benchmark settings shared by the Node runner and the Chromium worker.
import type { BenchConfig } from './retrieval-core.ts';

// Plain data crosses to the browser; the functions of BenchConfig are rebuilt on each side.
export interface SerializableConfig {
  sizes: number[];
  f32UpTo: number;
  hard: boolean;
}

export function makeConfigs(c: SerializableConfig): BenchConfig[] {
  const base: BenchConfig = {
    sizes: c.sizes,
    dim: 384,
    queries: (n) => (n >= 1_000_000 ? 100 : 200),
    flatQueries: (n) => (n >= 1_000_000 ? 20 : n >= 100_000 ? 50 : 200),
    nprobes: [2, 4, 6, 8, 12, 16, 24, 32, 48, 64, 96, 128],
    targetRecall: 0.95,
    f32UpTo: c.f32UpTo,
  };
  const configs = [base];
  if (c.hard) {
    configs.push({
      ...base,
      sizes: [100_000],
      dataLabel: 'hard',
      // Looser clusters, noisier queries: nearest neighbours spread over more lists.
      data: { topicOffset: 1.5, spread: [1.4, 2.2], queryNoise: 0.8 },
    });
  }
  return configs;
}

