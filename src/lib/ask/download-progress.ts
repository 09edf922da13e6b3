// What the download bar shows: size done / total, speed and time left,
// derived from web-llm's init-progress reports. web-llm reports a fraction
// and a text such as "Fetching param cache[3/40]: 120MB fetched. 7%
// completed, 12 secs elapsed…" (MB there are MiB); once weights are cached it
// says "Loading model from cache[…]: …MB loaded" and then "Loading GPU shader
// modules[…]". Speed comes from our own clock over the last few seconds, not
// from web-llm's whole-second elapsed time.
import type { ModelLoadProgress } from '../../core/engine/types.ts';

export type LoadPhase = 'connect' | 'download' | 'cache' | 'shaders' | 'other';

export interface DownloadStats {
  phase: LoadPhase;
  /** 0..1 of the current phase. */
  progress: number;
  /** Bytes fetched (download) or read from the cache so far. */
  doneBytes?: number;
  /** Size of the weights: from web-llm's own fraction once it moves, else the catalog's estimate. */
  totalBytes?: number;
  /** Bytes per second over the last few seconds (download phase). */
  bytesPerSecond?: number;
  /** Seconds left at that speed (download phase). */
  secondsLeft?: number;
  /** The engine's own line, for the curious. */
  text: string;
}

const MiB = 1024 * 1024;
const WINDOW_MS = 5000;

export function parsePhase(text: string): { phase: LoadPhase; mb?: number } {
  let m = /Fetching param cache\[\d+\/\d+\]:\s*(\d+(?:\.\d+)?)\s*MB fetched/i.exec(text);
  if (m) return { phase: 'download', mb: Number(m[1]) };
  m = /Loading model from cache\[\d+\/\d+\]:\s*(\d+(?:\.\d+)?)\s*MB loaded/i.exec(text);
  if (m) return { phase: 'cache', mb: Number(m[1]) };
  if (/Start to fetch params|Fetching param cache/i.test(text)) return { phase: 'download', mb: 0 };
  if (/Loading GPU shader modules/i.test(text)) return { phase: 'shaders' };
  if (/Connect(ing|ed) to/i.test(text)) return { phase: 'connect' };
  return { phase: 'other' };
}

/** Feeds on progress reports; one meter per load. */
export class DownloadMeter {
  private samples: Array<{ t: number; bytes: number }> = [];

  constructor(
    /** The catalog's download size estimate (MB, decimal), used until web-llm's fraction tells the real size. */
    private readonly estimateMB?: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  update(p: ModelLoadProgress): DownloadStats {
    const { phase, mb } = parsePhase(p.text);
    const stats: DownloadStats = { phase, progress: Math.max(0, Math.min(1, p.progress)), text: p.text };
    if (mb === undefined) return stats;
    const done = mb * MiB;
    stats.doneBytes = done;
    if (p.progress >= 0.01 && done > 0) stats.totalBytes = done / p.progress;
    else if (this.estimateMB) stats.totalBytes = this.estimateMB * 1e6;
    if (phase !== 'download') return stats;

    const t = this.now();
    this.samples.push({ t, bytes: done });
    while (this.samples.length > 2 && t - this.samples[1].t >= WINDOW_MS) this.samples.shift();
    const first = this.samples[0];
    const span = (t - first.t) / 1000;
    if (span >= 0.5 && done > first.bytes) {
      stats.bytesPerSecond = (done - first.bytes) / span;
      if (stats.totalBytes !== undefined) stats.secondsLeft = Math.max(0, (stats.totalBytes - done) / stats.bytesPerSecond);
    }
    return stats;
  }
}

/** "338 MB", "2.3 GB" (binary units, as web-llm counts). */
export function formatSize(bytes: number): string {
  if (bytes < 1024 * MiB) return `${Math.round(bytes / MiB)} MB`;
  return `${(bytes / (1024 * MiB)).toFixed(1)} GB`;
}

/** "12 s", "4 min 05 s", "1 h 02 min". */
export function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}
