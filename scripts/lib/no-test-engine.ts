// Build guard: test-only code is bundled only by `vite build --mode e2e`:
// the fake engines and test hooks under src/testing/ (fake-engine.ts,
// fake-mlc.ts, test-engine.e2e.ts, checker-e2e.ts, test-hooks.ts), the
// workers' test twins (workers/fake-llm.worker.ts, workers/*.worker.e2e.ts)
// and anything under tests/. Any other build that still contains any of it fails.
import type { Plugin } from 'vite';

/** Modules that only the e2e build may contain. */
export const TEST_ONLY_MODULES =
  /(?:[\\/]src[\\/]testing[\\/][^?]*|[\\/]fake-llm\.worker\.ts|[\\/]workers[\\/][^\\/?]+\.e2e\.ts|[\\/]tests[\\/](?:support|e2e|unit)[\\/][^?]*)(?:\?|$)/;
/** Names and texts that survive minification (keepNames, property names, messages) and exist only in test-only code. */
export const TEST_ONLY_MARKERS = [
  'FakeMLCEngine',
  'claimlens-llm-test',
  '__CLAIMLENS_TEST_HOOKS__',
  'crashOnAnswer',
  'failWritesTo',
  'embedBatchDelayMs',
  'webgpuFails',
  'Simulated checker crash',
  'Simulated WebGPU failure',
];

interface OutputLike {
  type: 'chunk' | 'asset';
  fileName: string;
  code?: string;
  source?: string | Uint8Array;
  moduleIds?: string[];
}

/** What of the fake engine is in a bundle (empty when none). */
export function testEngineTraces(bundle: Record<string, OutputLike>): string[] {
  const found: string[] = [];
  for (const out of Object.values(bundle)) {
    const text = out.type === 'chunk' ? (out.code ?? '') : typeof out.source === 'string' ? out.source : '';
    for (const id of out.moduleIds ?? []) if (TEST_ONLY_MODULES.test(id)) found.push(`${out.fileName}: module ${id}`);
    if (/fake-llm\.worker/.test(out.fileName)) found.push(`${out.fileName}: the fake LLM worker`);
    else if (/\.worker\.e2e\b/.test(out.fileName)) found.push(`${out.fileName}: a test twin of a worker`);
    if (/\.(?:js|mjs)$/.test(out.fileName)) {
      for (const m of TEST_ONLY_MARKERS) if (text.includes(m)) found.push(`${out.fileName}: contains "${m}"`);
    }
  }
  return found;
}

export function noTestEngine(mode: string): Plugin {
  return {
    name: 'claimlens:no-test-engine',
    apply: 'build',
    generateBundle(_options, bundle) {
      if (mode === 'e2e') return;
      const traces = testEngineTraces(bundle as unknown as Record<string, OutputLike>);
      if (traces.length) {
        this.error(`Test-only code (the fake engine, test hooks) is in a ${mode} build (it belongs to --mode e2e only):\n  ${traces.join('\n  ')}`);
      }
    },
  };
}
