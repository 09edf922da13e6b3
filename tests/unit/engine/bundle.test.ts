// web-llm (~6 MB, one module) must stay out of the UI's entry chunk: only the
// LLM worker may carry it. Builds a page that uses WebLLMEngine and looks at
// what Vite emitted.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from 'vite';

const outDir = mkdtempSync(join(tmpdir(), 'claimlens-llm-build-'));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

// A string that exists only in web-llm's bundle.
const WEBLLM_MARKER = 'MLC_DUMMY_REQUIRE_VAR';

describe('bundle split', () => {
  it('puts web-llm in the LLM worker chunk only', async () => {
    const root = fileURLToPath(new URL('../../../', import.meta.url));
    await build({
      root,
      configFile: false,
      logLevel: 'silent',
      worker: { format: 'es' },
      build: { outDir, emptyOutDir: true, target: 'es2022', rollupOptions: { input: 'tests/e2e/llm-harness/index.html' } },
    });
    const assets = readdirSync(join(outDir, 'assets')).filter((f) => f.endsWith('.js'));
    const withWebLLM = assets.filter((f) => readFileSync(join(outDir, 'assets', f), 'utf8').includes(WEBLLM_MARKER));
    expect(withWebLLM).toHaveLength(1);
    expect(withWebLLM[0]).toMatch(/^llm\.worker-/);
    const html = readFileSync(join(outDir, 'tests/e2e/llm-harness/index.html'), 'utf8');
    const entry = /src="\/assets\/([^"]+\.js)"/.exec(html)?.[1];
    expect(entry).toBeDefined();
    expect(withWebLLM).not.toContain(entry);
  }, 180_000);
});
