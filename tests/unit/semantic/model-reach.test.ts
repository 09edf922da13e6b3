// Settings asks the app's model folder whether it has a model (its
// config.json) before it offers the download: a real HTTP server serves the
// project's test model folder (public/models) the way a static server does,
// with an SPA fallback (index.html for any unknown path) as vite preview and
// many hosts answer.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelReach, TRANSFORMERS_CACHE, modelFileUrl } from '../../../src/core/models/transformers-cache.ts';
import { catalogEntry } from '../../../src/core/models/catalog.ts';
import { MemoryCacheStorage, putFile } from '../../support/memory-cache-storage.ts';

const FOLDER = join(import.meta.dirname, '../../../public/models');
const FIXTURE = catalogEntry('fixtures/claimlens-fixture-minilm');
const MINILM = catalogEntry('Xenova/all-MiniLM-L6-v2');

let server: Server;
let base = '';
const asked: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    asked.push(path);
    const file = path.startsWith('/models/') ? join(FOLDER, path.slice('/models/'.length)) : '';
    if (file && existsSync(file) && !file.endsWith('/')) {
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(readFileSync(file));
    } else if (path.startsWith('/spa/')) {
      res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><html><body>ClaimLens</body></html>');
    } else {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const loc = (mirror: string) => ({ mirrorBase: `${base}${mirror}`, hubUrl: 'https://huggingface.co/' });

describe('modelReach', () => {
  it('finds a model the folder holds (its config.json answers as JSON)', async () => {
    expect(existsSync(join(FOLDER, FIXTURE.id, 'config.json'))).toBe(true);
    expect(await modelReach(FIXTURE, 'mirror', loc('/models/'), fetch, null)).toEqual({ reachable: true, cached: false });
    expect(asked.at(-1)).toBe(`/models/${FIXTURE.id}/config.json`);
  });

  it('a model the folder lacks is not there, whether the server says 404 or answers its index.html', async () => {
    expect(await modelReach(MINILM, 'mirror', loc('/models/'), fetch, null)).toEqual({ reachable: false, why: 'not-in-folder' });
    expect(await modelReach(FIXTURE, 'mirror', loc('/spa/'), fetch, null)).toEqual({ reachable: false, why: 'not-in-folder' });
  });

  it('a server that is down, or a hub out of reach, is not there either', async () => {
    const down = { mirrorBase: 'http://127.0.0.1:9/models/', hubUrl: 'http://127.0.0.1:9/' };
    expect(await modelReach(FIXTURE, 'mirror', down, fetch, null)).toEqual({ reachable: false, why: 'not-in-folder' });
    expect(await modelReach(MINILM, 'hub', down, fetch, null)).toEqual({ reachable: false, why: 'hub-unreachable' });
  });

  it('a model already in this browser’s cache needs no server', async () => {
    const storage = new MemoryCacheStorage();
    const down = { mirrorBase: 'http://127.0.0.1:9/models/', hubUrl: 'https://huggingface.co/' };
    await putFile(storage, TRANSFORMERS_CACHE, modelFileUrl(MINILM, 'config.json', 'mirror', down), '{"model_type":"bert"}');
    const before = asked.length;
    expect(await modelReach(MINILM, 'mirror', down, fetch, storage)).toEqual({ reachable: true, cached: true });
    expect(asked.length).toBe(before);
    // Cached from the folder says nothing about the hub.
    expect(await modelReach(MINILM, 'hub', { ...down, hubUrl: 'http://127.0.0.1:9/' }, fetch, storage)).toEqual({ reachable: false, why: 'hub-unreachable' });
  });
});
