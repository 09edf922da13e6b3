// Build guard: the test-only fake engine (src/core/engine/fake*.ts,
// workers/fake-llm.worker.ts, src/lib/ask/test-engine.e2e.ts) is bundled only
// by `vite build --mode e2e`. Any other build that still contains it fails.
import type { Plugin } from 'vite';

/** Modules that only the e2e build may contain. */
export const TEST_ONLY_MODULES = /(?:[\\/]engine[\\/]fake(?:-mlc)?\.ts|[\\/]fake-llm\.worker\.ts|[\\/]test-engine\.e2e\.ts)(?:\?|$)/;
/** Names that survive minification (keepNames) and exist only in the fake engine. */
export const TEST_ONLY_MARKERS = ['FakeMLCEngine', 'claimlens-llm-test'];

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
        this.error(`The test-only fake engine is in a ${mode} build (it belongs to --mode e2e only):\n  ${traces.join('\n  ')}`);
      }
    },
  };
}
