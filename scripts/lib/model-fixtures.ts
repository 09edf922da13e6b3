// The test models (public/models/fixtures/, built by `npm run fixtures`) are
// for tests only: Vite copies public/ into every build, so this plugin takes
// them out of every build but `--mode e2e`, and fails a build that still has
// them. In `--mode e2e` the preview server also plays a model hub at /hub/
// (<id>/resolve/<revision>/<file>, served from the build's models/ folder), so
// the "download from the hub" path is tested without leaving 127.0.0.1.
import { createReadStream, existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, normalize, resolve, sep } from 'node:path';
import type { Plugin } from 'vite';

export const FIXTURES_DIR = join('models', 'fixtures');

/** Files under `dir` (relative paths), recursively. */
function filesUnder(dir: string, base = dir): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p, base) : [p.slice(base.length + 1)];
  });
}

/** Test-model files in a build folder (empty when there are none). */
export function fixtureFilesIn(outDir: string): string[] {
  return filesUnder(join(outDir, FIXTURES_DIR)).map((f) => join(FIXTURES_DIR, f));
}

export function modelFixtures(mode: string): Plugin[] {
  let outDir = '';
  const build: Plugin = {
    name: 'claimlens:model-fixtures',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    writeBundle: {
      order: 'post',
      handler() {
        if (mode === 'e2e') return;
        rmSync(join(outDir, FIXTURES_DIR), { recursive: true, force: true });
        // Only the test models were there: no empty models/ folder either.
        const models = join(outDir, 'models');
        if (existsSync(models) && readdirSync(models).length === 0) rmSync(models, { recursive: true });
        const left = fixtureFilesIn(outDir);
        if (left.length) this.error(`Test models are in a ${mode} build (they belong to --mode e2e only): ${left.join(', ')}`);
      },
    },
  };
  const hub: Plugin = {
    name: 'claimlens:test-model-hub',
    configurePreviewServer(server) {
      if (mode !== 'e2e') return;
      const models = resolve(server.config.root, server.config.build.outDir, 'models');
      server.middlewares.use('/hub/', (req, res, next) => {
        const m = /^\/(.+?)\/resolve\/[^/]+\/(.+?)(?:\?.*)?$/.exec(decodeURIComponent(req.url ?? ''));
        const file = m && normalize(join(models, m[1], m[2]));
        if (!file || !file.startsWith(models + sep) || !existsSync(file) || !statSync(file).isFile()) {
          res.statusCode = 404;
          res.end('Not found');
          return;
        }
        // Like huggingface.co: cross-origin fetches allowed, byte ranges (transformers.js
        // asks for one byte to learn a file's size before downloading it).
        const size = statSync(file).size;
        res.setHeader('Access-Control-Allow-Origin', '*');
        res.setHeader('Accept-Ranges', 'bytes');
        res.setHeader('Content-Type', file.endsWith('.json') ? 'application/json' : 'application/octet-stream');
        const range = /^bytes=(\d+)-(\d*)$/.exec(String(req.headers.range ?? ''));
        if (range) {
          const start = Number(range[1]);
          const end = Math.min(range[2] ? Number(range[2]) : size - 1, size - 1);
          res.statusCode = 206;
          res.setHeader('Content-Range', `bytes ${start}-${end}/${size}`);
          res.setHeader('Content-Length', String(end - start + 1));
          createReadStream(file, { start, end }).pipe(res);
          return;
        }
        res.setHeader('Content-Length', String(size));
        createReadStream(file).pipe(res);
        void next;
      });
    },
  };
  return [build, hub];
}
