// web-llm (~6 MB, one module) must stay out of the UI's entry chunk: the LLM
// worker carries it, and the UI side (WebLLMEngine's CreateWebWorkerMLCEngine)
// reaches it only through a dynamic import() on the first load(). Builds a
// page that uses WebLLMEngine and follows the entry's static imports.
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

// `import x from "./a.js"`, `import"./a.js"` (static) vs `import("./a.js")` (dynamic).
const STATIC_IMPORT = /\bimport\s*(?:[\w*{}\s,$]+?\s*from\s*)?["'`]\.\/([\w.-]+\.js)["'`]/g;
const DYNAMIC_IMPORT = /\bimport\(\s*["'`]\.\/([\w.-]+\.js)["'`]\s*\)/g;

describe('bundle split', () => {
  it('keeps web-llm out of everything the UI entry loads statically', async () => {
    const root = fileURLToPath(new URL('../../../', import.meta.url));
    await build({
      root,
      configFile: false,
      logLevel: 'silent',
      worker: { format: 'es' },
      build: { outDir, emptyOutDir: true, target: 'es2022', rollupOptions: { input: 'tests/e2e/llm-harness/index.html' } },
    });
    const dir = join(outDir, 'assets');
    const read = (f: string) => readFileSync(join(dir, f), 'utf8');
    const assets = readdirSync(dir).filter((f) => f.endsWith('.js'));
    const withWebLLM = new Set(assets.filter((f) => read(f).includes(WEBLLM_MARKER)));
    expect([...withWebLLM].some((f) => /^llm\.worker-/.test(f))).toBe(true);

    const html = readFileSync(join(outDir, 'tests/e2e/llm-harness/index.html'), 'utf8');
    const entry = /src="\/assets\/([^"]+\.js)"/.exec(html)?.[1];
    expect(entry).toBeDefined();
    // No <link rel="modulepreload"> for a web-llm chunk either.
    for (const f of withWebLLM) expect(html).not.toContain(f);

    // Everything reachable from the entry by static imports.
    const eager = new Set<string>();
    const visit = (f: string) => {
      if (eager.has(f)) return;
      eager.add(f);
      for (const m of read(f).matchAll(STATIC_IMPORT)) visit(m[1]);
    };
    visit(entry!);
    for (const f of eager) expect(withWebLLM.has(f), `${f} is loaded with the page`).toBe(false);

    // The UI's copy of web-llm is a lazy chunk that the entry imports dynamically.
    const lazy = [...read(entry!).matchAll(DYNAMIC_IMPORT)].map((m) => m[1]);
    expect(lazy.some((f) => withWebLLM.has(f))).toBe(true);
  }, 180_000);
});
