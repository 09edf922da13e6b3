// Build guard for the test models: Vite copies public/ into every build, and
// the modelFixtures plugin takes models/fixtures/ out again unless the build
// is `--mode e2e` (where the e2e specs load them as the app's model mirror).
// Real mirrored models (public/models/<org>/<id>/) stay in every build.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from 'vite';
import { fixtureFilesIn, modelFixtures } from '../../../scripts/lib/model-fixtures.ts';

const tmp = mkdtempSync(join(tmpdir(), 'claimlens-model-fixtures-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function project(): string {
  const root = join(tmp, `p${Math.random().toString(36).slice(2)}`);
  mkdirSync(join(root, 'public/models/fixtures/claimlens-fixture-minilm/onnx'), { recursive: true });
  mkdirSync(join(root, 'public/models/Xenova/all-MiniLM-L6-v2/onnx'), { recursive: true });
  writeFileSync(join(root, 'public/models/fixtures/claimlens-fixture-minilm/config.json'), '{}');
  writeFileSync(join(root, 'public/models/fixtures/claimlens-fixture-minilm/onnx/model.onnx'), 'weights');
  writeFileSync(join(root, 'public/models/Xenova/all-MiniLM-L6-v2/config.json'), '{}');
  writeFileSync(join(root, 'index.html'), '<!doctype html><script type="module" src="./main.js"></script>');
  writeFileSync(join(root, 'main.js'), 'console.log(1);');
  return root;
}

async function buildIn(root: string, mode: string): Promise<string> {
  const outDir = join(root, 'out');
  await build({ root, configFile: false, logLevel: 'silent', mode, plugins: [modelFixtures(mode)], build: { outDir, emptyOutDir: true } });
  return outDir;
}

describe('test models in builds', () => {
  it('a production build has no test model, but keeps mirrored real models', async () => {
    const out = await buildIn(project(), 'production');
    expect(fixtureFilesIn(out)).toEqual([]);
    expect(existsSync(join(out, 'models/fixtures'))).toBe(false);
    expect(existsSync(join(out, 'models/Xenova/all-MiniLM-L6-v2/config.json'))).toBe(true);
  }, 60_000);

  it('an e2e build carries them', async () => {
    const out = await buildIn(project(), 'e2e');
    expect(fixtureFilesIn(out).sort()).toEqual(
      ['models/fixtures/claimlens-fixture-minilm/config.json', 'models/fixtures/claimlens-fixture-minilm/onnx/model.onnx'].map((p) => p.replaceAll('/', sep)),
    );
  }, 60_000);
});
