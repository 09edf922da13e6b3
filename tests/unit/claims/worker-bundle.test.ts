// The claim splitter runs in the checker worker, where there is no
// `document`. Bundled the way Vite bundles for the browser, it must load and
// run without one: decode-named-character-reference (pulled in by
// mdast-util-from-markdown) has a browser build that touches the DOM when
// loaded, which the build aliases away (scripts/lib/dom-free.ts).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from 'vite';
import { DOM_FREE_ALIASES } from '../../../scripts/lib/dom-free.ts';

const root = join(import.meta.dirname, '../../..');
const dir = mkdtempSync(join(tmpdir(), 'claimlens-claims-bundle-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function bundle(alias: Record<string, string>, name: string): Promise<string> {
  const entry = join(dir, `${name}-entry.ts`);
  writeFileSync(entry, `export { splitClaims } from ${JSON.stringify(join(root, 'src/core/claims/index.ts'))};\n`);
  const outDir = join(dir, name);
  await build({
    root,
    configFile: false,
    logLevel: 'silent',
    resolve: { alias },
    build: {
      outDir,
      emptyOutDir: true,
      target: 'es2022',
      minify: false,
      rollupOptions: { input: entry, preserveEntrySignatures: 'strict', output: { entryFileNames: 'claims.mjs' } },
    },
  });
  return join(outDir, 'claims.mjs');
}

describe('the claim splitter bundled for the browser', () => {
  it('loads and splits markdown (links with entities) where there is no document', { timeout: 120_000 }, async () => {
    const file = await bundle(DOM_FREE_ALIASES, 'dom-free');
    expect(readFileSync(file, 'utf8')).not.toMatch(/document\.createElement/);
    const { splitClaims } = (await import(pathToFileURL(file).href)) as typeof import('../../../src/core/claims/index.ts');
    const claims = splitClaims('Metformin [lowers glucose](https://x.org/?a=1&amp;b=2) in *type 2* diabetes.');
    expect(claims.map((c) => c.text)).toEqual(['Metformin lowers glucose in type 2 diabetes.']);
  });

  it('(control) without the alias, the browser build of the entity decoder is bundled', { timeout: 120_000 }, async () => {
    const file = await bundle({}, 'plain');
    expect(readFileSync(file, 'utf8')).toMatch(/document\.createElement/);
  });
});
