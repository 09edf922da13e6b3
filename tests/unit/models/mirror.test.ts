// The model mirror against a local HTTP server that serves the fixture files
// in the hub's URL layout (<id>/resolve/<revision>/<file>), with Range support
// that can be switched off, and failures on demand.
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_OUT } from '../../../scripts/build-fixtures.ts';
import { fileUrl, mirrorFile, mirrorModels } from '../../../scripts/lib/mirror.ts';
import { ModelChecksumError, ModelDownloadError } from '../../../src/core/errors.ts';
import type { CatalogEntry } from '../../../src/core/models/catalog.ts';

const FIXTURE = join(DEFAULT_OUT, 'claimlens-fixture-minilm');
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

interface Seen {
  url: string;
  range?: string;
}
let server: Server;
let hub: string;
let seen: Seen[] = [];
let honourRange = true;
/** Close the connection after this many body bytes (simulates a dropped download). */
let cutAfter: number | null = null;

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ url: req.url ?? '', range: req.headers.range });
    const m = /^\/test-org\/tiny-minilm\/resolve\/main\/(.+)$/.exec(req.url ?? '');
    const path = m ? join(FIXTURE, decodeURIComponent(m[1])) : null;
    if (!path || !existsSync(path)) {
      res.writeHead(404).end('not found');
      return;
    }
    const body = readFileSync(path);
    const r = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    if (r && honourRange) {
      const start = Number(r[1]);
      if (start >= body.length) {
        res.writeHead(416, { 'content-range': `bytes */${body.length}` }).end();
        return;
      }
      res.writeHead(206, { 'content-range': `bytes ${start}-${body.length - 1}/${body.length}`, 'content-length': body.length - start });
      res.end(body.subarray(start));
      return;
    }
    res.writeHead(200, { 'content-length': body.length });
    if (cutAfter !== null) {
      res.flushHeaders();
      res.write(body.subarray(0, cutAfter), () => setTimeout(() => res.socket?.destroy(), 20));
      return;
    }
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const addr = server.address();
  if (!addr || typeof addr === 'string') throw new Error('no port');
  hub = `http://127.0.0.1:${addr.port}`;
});
afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
});

let out: string;
beforeEach(() => {
  out = mkdtempSync(join(tmpdir(), 'claimlens-mirror-'));
  seen = [];
  honourRange = true;
  cutAfter = null;
  return () => rmSync(out, { recursive: true, force: true });
});

const weights = readFileSync(join(FIXTURE, 'onnx', 'model_quantized.onnx'));
const entry = (over: Partial<CatalogEntry['files'][number]> = {}): CatalogEntry => ({
  id: 'test-org/tiny-minilm',
  name: 'tiny',
  task: 'feature-extraction',
  source: 'hub',
  revision: 'main',
  dim: 384,
  dtypes: { cpu: ['q8'], wasm: ['q8'] },
  files: [
    { path: 'config.json' },
    { path: 'tokenizer.json' },
    { path: 'onnx/model_quantized.onnx', dtype: 'q8', size: weights.length, sha256: sha(weights), ...over },
    { path: 'onnx/model.onnx', dtype: 'fp32' },
  ],
});

describe('models mirror', () => {
  it('downloads the files of the asked precision in the transformers.js layout and checks them', async () => {
    const lines: string[] = [];
    const [model] = await mirrorModels([entry()], { outDir: out, hub, log: (l) => lines.push(l) });
    expect(model.files.map((f) => [f.path, f.outcome])).toEqual([
      ['config.json', 'downloaded'],
      ['tokenizer.json', 'downloaded'],
      ['onnx/model_quantized.onnx', 'downloaded'],
    ]);
    const got = readFileSync(join(out, 'test-org/tiny-minilm/onnx/model_quantized.onnx'));
    expect(sha(got)).toBe(sha(weights));
    // fp32 weights were not asked for
    expect(existsSync(join(out, 'test-org/tiny-minilm/onnx/model.onnx'))).toBe(false);
    const manifest = JSON.parse(readFileSync(join(out, 'test-org/tiny-minilm/mirror.json'), 'utf8'));
    expect(manifest.files.find((f: { path: string }) => f.path === 'onnx/model_quantized.onnx').sha256).toBe(sha(weights));
    expect(seen.map((s) => s.url)).toContain('/test-org/tiny-minilm/resolve/main/onnx/model_quantized.onnx');
    expect(lines.join('\n')).toMatch(/model_quantized\.onnx: downloaded/);

    // A second run fetches nothing.
    seen = [];
    const [again] = await mirrorModels([entry()], { outDir: out, hub });
    expect(again.files.every((f) => f.outcome === 'present')).toBe(true);
    expect(seen).toEqual([]);
  });

  it('deletes a file whose sha256 does not match and says so', async () => {
    const bad = entry({ sha256: 'a'.repeat(64) });
    const err = await mirrorFile(bad, bad.files[2], { outDir: out, hub }).catch((e) => e);
    expect(err).toBeInstanceOf(ModelChecksumError);
    expect(err.message).toMatch(/does not match the expected a{64}/);
    expect(existsSync(join(out, 'test-org/tiny-minilm/onnx/model_quantized.onnx'))).toBe(false);
    expect(existsSync(join(out, 'test-org/tiny-minilm/onnx/model_quantized.onnx.part'))).toBe(false);
  });

  it('rejects a wrong size before hashing', async () => {
    const bad = entry({ size: weights.length + 1, sha256: undefined });
    // The server's length is the truth for the transfer; the catalog's for the check.
    const err = await mirrorFile(bad, bad.files[2], { outDir: out, hub }).catch((e) => e);
    expect(err).toBeInstanceOf(ModelChecksumError);
    expect(err.message).toMatch(new RegExp(`got ${weights.length} bytes, expected ${weights.length + 1}`));
  });

  it('resumes a partial download with a Range request', async () => {
    const e = entry();
    const part = join(out, 'test-org/tiny-minilm/onnx/model_quantized.onnx.part');
    mkdirSync(dirname(part), { recursive: true });
    writeFileSync(part, weights.subarray(0, 1000));
    const r = await mirrorFile(e, e.files[2], { outDir: out, hub });
    expect(r.outcome).toBe('resumed');
    expect(seen.at(-1)?.range).toBe('bytes=1000-');
    expect(r.sha256).toBe(sha(weights));
    expect(existsSync(part)).toBe(false);
  });

  it('resumes after a dropped connection on the next run', async () => {
    const e = entry();
    cutAfter = 5000;
    const err = await mirrorFile(e, e.files[2], { outDir: out, hub }).catch((x) => x);
    expect(err).toBeInstanceOf(ModelDownloadError);
    expect(err.message).toMatch(/resumes/);
    cutAfter = null;
    const r = await mirrorFile(e, e.files[2], { outDir: out, hub });
    expect(r.outcome).toBe('resumed');
    expect(seen.at(-1)?.range).toMatch(/^bytes=\d+-$/);
    expect(r.sha256).toBe(sha(weights));
  });

  it('starts over when the server ignores Range', async () => {
    honourRange = false;
    const e = entry();
    const part = join(out, 'test-org/tiny-minilm/onnx/model_quantized.onnx.part');
    mkdirSync(dirname(part), { recursive: true });
    writeFileSync(part, Buffer.from('garbage that must not stay at the start of the file'));
    const r = await mirrorFile(e, e.files[2], { outDir: out, hub });
    expect(r.outcome).toBe('downloaded');
    expect(r.sha256).toBe(sha(weights));
  });

  it('explains a missing file and an unreachable hub', async () => {
    const e = entry();
    const missing = { path: 'onnx/model_fp16.onnx', dtype: 'fp16' as const };
    const err404 = await mirrorFile(e, missing, { outDir: out, hub }).catch((x) => x);
    expect(err404).toBeInstanceOf(ModelDownloadError);
    expect(err404.message).toContain(fileUrl(hub, e, missing));
    expect(err404.message).toMatch(/not found/);
    const unreachable = await mirrorFile(e, e.files[0], { outDir: out, hub: 'http://127.0.0.1:9' }).catch((x) => x);
    expect(unreachable).toBeInstanceOf(ModelDownloadError);
    expect(unreachable.message).toMatch(/Could not reach/);
  });

  it('refuses to mirror fixtures', async () => {
    const fixture = { ...entry(), source: 'fixture' as const };
    await expect(mirrorModels([fixture], { outDir: out, hub })).rejects.toThrow(/not a hub model/);
  });
});
