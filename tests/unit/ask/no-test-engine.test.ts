// Test-only code (the fake engine, the test hooks and the workers' test twins)
// must never ship. Builds a small entry that reaches it — once as a
// production build (must fail), once with --mode e2e (must pass and carry
// it) — and the app's own engine and checker modules in production mode
// (must leave it out).
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from 'vite';
import { noTestEngine, testEngineTraces } from '../../../scripts/lib/no-test-engine.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'claimlens-no-test-engine-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function entry(name: string, code: string): string {
  const file = join(tmp, `${name}.ts`);
  writeFileSync(file, code);
  return file;
}

async function buildEntry(input: string, mode: string, outDir: string): Promise<string[]> {
  await build({
    root,
    configFile: false,
    logLevel: 'silent',
    mode,
    define: { 'import.meta.env.MODE': JSON.stringify(mode) },
    plugins: [noTestEngine(mode)],
    worker: { format: 'es', plugins: () => [noTestEngine(mode)] },
    build: { outDir, emptyOutDir: true, target: 'es2022', write: true, rolldownOptions: { input, output: { keepNames: true } } },
  });
  return readdirSync(join(outDir, 'assets')).filter((f) => f.endsWith('.js'));
}

describe('the test-only engine stays out of production builds', () => {
  it('finds its modules, its worker and its names in a bundle', () => {
    expect(
      testEngineTraces({
        a: { type: 'chunk', fileName: 'assets/index.js', code: 'class FakeMLCEngine{}', moduleIds: ['/app/src/testing/fake-engine.ts'] },
        b: { type: 'asset', fileName: 'assets/fake-llm.worker-x.js', source: '' },
        c: { type: 'chunk', fileName: 'assets/ok.js', code: 'class MLCEngine{}', moduleIds: ['/app/src/core/engine/openai.ts'] },
        d: { type: 'asset', fileName: 'assets/checker.worker.e2e-x.js', source: '' },
        e: { type: 'chunk', fileName: 'assets/w.js', code: 'if(h.failWritesTo)x()', moduleIds: ['/app/workers/checker.worker.e2e.ts'] },
        f: { type: 'chunk', fileName: 'assets/checker.worker-y.js', code: 'self.onmessage=h', moduleIds: ['/app/workers/checker.worker.ts'] },
      }),
    ).toEqual([
      'assets/index.js: module /app/src/testing/fake-engine.ts',
      'assets/index.js: contains "FakeMLCEngine"',
      'assets/fake-llm.worker-x.js: the fake LLM worker',
      'assets/checker.worker.e2e-x.js: a test twin of a worker',
      'assets/w.js: module /app/workers/checker.worker.e2e.ts',
      'assets/w.js: contains "failWritesTo"',
    ]);
  });

  it('fails a production build that reaches the fake engine; an e2e build carries it', async () => {
    const input = entry('direct', `import { createTestEngine } from '${root}src/testing/test-engine.e2e.ts';\nconsole.log(createTestEngine);\n`);
    await expect(buildEntry(input, 'production', join(tmp, 'prod'))).rejects.toThrow(/Test-only code .* is in a production build/);
    const files = await buildEntry(input, 'e2e', join(tmp, 'e2e'));
    expect(files.some((f) => f.startsWith('fake-llm.worker-'))).toBe(true);
  }, 180_000);

  it("drops the app's test-engine branch in a production build", async () => {
    const input = entry('app', `import { createTestEngine, TEST_ENGINE_AVAILABLE } from '${root}src/lib/ask/engines.ts';\nconsole.log(createTestEngine, TEST_ENGINE_AVAILABLE);\n`);
    const files = await buildEntry(input, 'production', join(tmp, 'app'));
    expect(files.some((f) => /fake|test-engine/.test(f))).toBe(false);
    for (const f of files) expect(readFileSync(join(tmp, 'app', 'assets', f), 'utf8')).not.toContain('FakeMLCEngine');
  }, 180_000);

  it('fails a production build that reaches the test hooks (the checker worker\'s test twin); an e2e build carries them', async () => {
    const input = entry('hooks', `import { createTestChecker } from '${root}src/testing/checker-e2e.ts';\nconsole.log(createTestChecker);\n`);
    await expect(buildEntry(input, 'production', join(tmp, 'hooks-prod'))).rejects.toThrow(/Test-only code .* is in a production build/);
    const files = await buildEntry(input, 'e2e', join(tmp, 'hooks-e2e'));
    expect(files.some((f) => f.startsWith('checker.worker.e2e-'))).toBe(true);
    expect(files.some((f) => f.startsWith('models.worker.e2e-'))).toBe(true);
  }, 180_000);

  it("drops the app's test-checker branch in a production build: the plain checker worker, no hooks", async () => {
    const input = entry('checker', `import { checker } from '${root}src/lib/checker.ts';\nconsole.log(checker);\n`);
    const files = await buildEntry(input, 'production', join(tmp, 'checker'));
    expect(files.some((f) => f.startsWith('checker.worker-'))).toBe(true);
    expect(files.some((f) => /\.e2e|fake|test/.test(f))).toBe(false);
    for (const f of files) {
      const code = readFileSync(join(tmp, 'checker', 'assets', f), 'utf8');
      for (const marker of ['__CLAIMLENS_TEST_HOOKS__', 'failWritesTo', 'crashOnAnswer', 'webgpuFails', 'IDBObjectStore']) expect(code).not.toContain(marker);
    }
  }, 180_000);
});
