import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildChunkIndex } from '../../../src/core/retrieval/index.ts';
import { decodeIndexFileGz, indexFingerprint } from '../../../src/core/retrieval/index-file.ts';
import { strToU8, zipSync } from 'fflate';
import { decodePack, type PackManifest } from '../../../src/core/evidence/pack.ts';
import { BuildError, download } from '../../../evidence/download.ts';
import { hasMedQuAD, medquadFiles, NO_SHARED, REPO_ROOT } from './shared.ts';

if (!hasMedQuAD) console.warn(NO_SHARED);

function runBuilder(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'evidence/build-pack.ts', ...args], { cwd: REPO_ROOT, encoding: 'utf8' });
  return { code: r.status, out: r.stdout + r.stderr };
}

describe.skipIf(!hasMedQuAD)('npm run evidence (evidence/build-pack.ts)', () => {
  let dir: string;
  let folder: string;
  let out: string;
  let files: Record<string, Uint8Array>;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'claimlens-pack-'));
    files = medquadFiles((n) => /\/(1_CancerGov_QA\/0000001_1|3_GHR_QA\/000000[1-3]|11_MPlusDrugs_QA\/0000001)\.xml$|^[^/]+\/LICENSE\.txt$/.test(n));
    for (const [name, bytes] of Object.entries(files)) {
      const p = join(dir, name);
      mkdirSync(dirname(p), { recursive: true });
      writeFileSync(p, bytes);
    }
    folder = join(dir, 'MedQuAD-master');
    out = join(dir, 'out');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('builds the pack, manifest and license file from an unpacked folder, then skips when fresh', () => {
    const first = runBuilder('--source', folder, '--out', out);
    expect(first.code, first.out).toBe(0);
    expect(first.out).toMatch(/MedQuAD: [\d,]+ QA pairs, [\d,]+ with answers, [\d,]+ skipped empty, [\d,]+ chunks/);
    const packFile = join(out, 'medquad.pack.json.gz');
    const bytes = new Uint8Array(readFileSync(packFile));
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as PackManifest;
    expect(manifest.packs).toHaveLength(1);
    const entry = manifest.packs[0];
    expect(entry).toMatchObject({ id: 'medquad', file: 'medquad.pack.json.gz', bytes: bytes.length });
    expect(entry.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    const pack = decodePack(bytes);
    expect(pack.meta).toEqual(entry.meta);
    expect(pack.meta).toMatchObject({ id: 'medquad', name: 'MedQuAD', license: 'CC BY 4.0' });
    expect(pack.meta.attribution).toMatch(/Ben Abacha and Dina Demner-Fushman/);
    expect(pack.chunks.length).toBe(pack.meta.chunks);
    // The drugs file has only empty answers: nothing from it.
    expect(pack.chunks.some((c) => c.doc.startsWith('MPlusDrugs/'))).toBe(false);
    // The search index ships next to it, for exactly these chunks, and finds what a built one finds.
    const indexBytes = new Uint8Array(readFileSync(join(out, 'medquad.index.bin.gz')));
    expect(entry.index).toMatchObject({ file: 'medquad.index.bin.gz', bytes: indexBytes.length, fingerprint: indexFingerprint() });
    expect(entry.index!.sha256).toBe(createHash('sha256').update(indexBytes).digest('hex'));
    const shipped = decodeIndexFileGz(indexBytes, pack.chunks.map((c) => c.id), pack.meta);
    const built = buildChunkIndex(pack.chunks);
    expect(shipped.size).toBe(pack.chunks.length);
    expect(shipped.search('genetic changes related to the disease', 5)).toEqual(built.search('genetic changes related to the disease', 5));
    expect(shipped.focus?.entities).toBe(built.focus?.entities);
    const printed = /([\d,]+) QA pairs, ([\d,]+) with answers, ([\d,]+) skipped empty, ([\d,]+) chunks/.exec(first.out)!;
    expect(Number(printed[4].replace(/,/g, ''))).toBe(pack.chunks.length);

    const license = readFileSync(join(out, 'LICENSE-medquad.txt'), 'utf8');
    expect(license).toMatch(/CC BY 4\.0, https:\/\/creativecommons\.org\/licenses\/by\/4\.0\//);
    expect(license).toMatch(/BMC Bioinformatics 20, 511 \(2019\)/);
    expect(license).toMatch(/https:\/\/github\.com\/abachaa\/MedQuAD/);
    expect(license).toContain('Creative Commons Attribution 4.0 International Public License');

    const mtime = statSync(packFile).mtimeMs;
    const second = runBuilder('--source', folder, '--out', out);
    expect(second.code, second.out).toBe(0);
    expect(second.out).toMatch(/is up to date/);
    expect(statSync(packFile).mtimeMs).toBe(mtime);

    const forced = runBuilder('--source', folder, '--out', out, '--force');
    expect(forced.code, forced.out).toBe(0);
    expect(forced.out).toMatch(/chunks/);
    // Same source, same content version.
    expect(decodePack(new Uint8Array(readFileSync(packFile))).meta.version).toBe(pack.meta.version);
  }, 60_000);

  it('gives the same corpus version from a zip of the same files', () => {
    const zipPath = join(dir, 'MedQuAD-master.zip');
    writeFileSync(zipPath, zipSync(files));
    const zipOut = join(dir, 'out-zip');
    const r = runBuilder('--source', zipPath, '--out', zipOut);
    expect(r.code, r.out).toBe(0);
    const a = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as PackManifest;
    const b = JSON.parse(readFileSync(join(zipOut, 'manifest.json'), 'utf8')) as PackManifest;
    expect(b.packs[0].meta.version).toBe(a.packs[0].meta.version);
  }, 60_000);

  it('fails with a clear message for a missing or broken source', () => {
    const missing = runBuilder('--source', join(dir, 'nope.zip'), '--out', join(dir, 'o2'));
    expect(missing.code).toBe(1);
    expect(missing.out).toMatch(/evidence: --source .*nope\.zip: no such file or folder\./);
    const broken = join(dir, 'broken.zip');
    writeFileSync(broken, strToU8('PK\u0003\u0004 this is not really a zip'));
    const r = runBuilder('--source', broken, '--out', join(dir, 'o3'));
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/not a readable ZIP archive/);
    expect(existsSync(join(dir, 'o3', 'medquad.pack.json.gz'))).toBe(false);
    const bad = runBuilder('--bogus');
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/Unknown option --bogus/);
  }, 60_000);
});

describe('download (the archive fetch, against a local server)', () => {
  let server: Server;
  let base: string;
  let dir: string;
  const zip = zipSync({ 'MedQuAD-master/readme.txt': strToU8('x'.repeat(50_000)) });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'claimlens-dl-'));
    server = createServer((req, res) => {
      if (req.url === '/redirect') {
        res.writeHead(302, { location: '/archive.zip' }).end();
      } else if (req.url === '/archive.zip') {
        res.writeHead(200, { 'content-type': 'application/zip', 'content-length': zip.length });
        res.end(zip);
      } else if (req.url === '/chunked.zip') {
        // No content-length, like GitHub's archive endpoint.
        res.writeHead(200, { 'content-type': 'application/zip' });
        res.write(zip.subarray(0, 100));
        res.end(zip.subarray(100));
      } else if (req.url === '/login') {
        res.writeHead(200, { 'content-type': 'text/html' }).end('<html>Sign in</html>');
      } else if (req.url === '/stall') {
        res.writeHead(200, { 'content-length': 1000 });
        res.write('PK');
      } else {
        res.writeHead(404).end('not found');
      }
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((ok) => server.close(ok));
    rmSync(dir, { recursive: true, force: true });
  });

  it('follows redirects and writes the archive', async () => {
    const dest = join(dir, 'a', 'MedQuAD-master.zip');
    await download(`${base}/redirect`, dest);
    expect(new Uint8Array(readFileSync(dest))).toEqual(zip);
    expect(existsSync(`${dest}.part`)).toBe(false);
    const chunked = join(dir, 'chunked.zip');
    await download(`${base}/chunked.zip`, chunked);
    expect(new Uint8Array(readFileSync(chunked))).toEqual(zip);
  });

  it('fails clearly on HTTP errors, non-zip answers, stalls and unreachable hosts', async () => {
    await expect(download(`${base}/missing`, join(dir, 'm.zip'))).rejects.toThrow(/HTTP 404 Not Found.*put it at/);
    await expect(download(`${base}/login`, join(dir, 'l.zip'))).rejects.toThrow(/did not return a ZIP archive/);
    await expect(download(`${base}/stall`, join(dir, 's.zip'), { stallMs: 300 })).rejects.toThrow(/stalled for 0\.3 s/);
    // A port that was free a moment ago: nothing listens there.
    const probe = createServer();
    await new Promise<void>((ok) => probe.listen(0, '127.0.0.1', ok));
    const closed = `http://127.0.0.1:${(probe.address() as AddressInfo).port}/x.zip`;
    await new Promise((ok) => probe.close(ok));
    await expect(download(closed, join(dir, 'u.zip'))).rejects.toThrow(BuildError);
    await expect(download(closed, join(dir, 'u.zip'))).rejects.toThrow(/Could not download .*ECONNREFUSED.*npm run evidence/);
    for (const f of ['m.zip', 'l.zip', 's.zip', 'u.zip']) {
      expect(existsSync(join(dir, f))).toBe(false);
      expect(existsSync(join(dir, `${f}.part`))).toBe(false);
    }
  });
});
