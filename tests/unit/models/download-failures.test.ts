// How model downloads are watched (transformers-env.ts): transformers.js turns a
// failed fetch of a mirrored file into "not found", so the fetch it uses is
// wrapped to record network failures — a refused connection, a server error,
// a body cut off half-way — but not a body the reader cancels on purpose, and
// a single-page-app server's index.html for a missing file counts as a 404.
import { describe, expect, it } from 'vitest';
import { env } from '@huggingface/transformers';
import { configureTransformers, takeNetworkFailures } from '../../../src/app/models/transformers-env.ts';

type Handler = (url: string) => Promise<Response>;
let handler: Handler = async () => new Response('');
// Installed before the first configureTransformers call in this file, so the wrapper wraps it.
env.fetch = ((input: string | URL) => handler(String(input))) as typeof env.fetch;
configureTransformers({ localModelPath: '/models/' });
const get = (url: string) => (env.fetch as (u: string) => Promise<Response>)(url);

function cutOffBody(bytes: number): Response {
  let sent = false;
  const body = new ReadableStream<Uint8Array>({
    pull(c) {
      if (!sent) {
        sent = true;
        c.enqueue(new Uint8Array(bytes));
      } else c.error(new TypeError('network error'));
    },
  });
  return new Response(body, { headers: { 'content-length': String(bytes * 4) } });
}

describe('model download failures', () => {
  it('records a refused connection and passes the error on', async () => {
    takeNetworkFailures();
    handler = async () => {
      throw new TypeError('Failed to fetch');
    };
    await expect(get('http://app.test/models/x/onnx/model.onnx')).rejects.toThrow('Failed to fetch');
    expect(takeNetworkFailures()).toEqual([{ url: 'http://app.test/models/x/onnx/model.onnx', reason: 'Failed to fetch' }]);
    expect(takeNetworkFailures()).toEqual([]);
  });

  it('records a server error, not a missing file', async () => {
    handler = async () => new Response('busy', { status: 503 });
    expect((await get('http://hub.test/x/resolve/main/config.json')).status).toBe(503);
    handler = async () => new Response('no', { status: 404 });
    expect((await get('http://hub.test/x/resolve/main/tokenizer.json')).status).toBe(404);
    expect(takeNetworkFailures()).toEqual([{ url: 'http://hub.test/x/resolve/main/config.json', reason: 'the server answered HTTP 503' }]);
  });

  it('records a body cut off half-way; the reader sees the error', async () => {
    handler = async () => cutOffBody(16);
    const res = await get('http://app.test/models/x/onnx/model.onnx');
    await expect(res.arrayBuffer()).rejects.toThrow('network error');
    expect(takeNetworkFailures()).toEqual([{ url: 'http://app.test/models/x/onnx/model.onnx', reason: 'network error' }]);
  });

  it('a body the reader cancels after the headers is no failure', async () => {
    handler = async () => new Response(new Uint8Array(1000), { headers: { 'content-length': '1000' } });
    const res = await get('http://app.test/models/x/onnx/model.onnx');
    expect(res.headers.get('content-length')).toBe('1000');
    await res.body!.cancel();
    const whole = await get('http://app.test/models/x/config.json');
    expect((await whole.arrayBuffer()).byteLength).toBe(1000);
    expect(takeNetworkFailures()).toEqual([]);
  });

  it("a server's index.html for a model file is a 404; real HTML files pass", async () => {
    handler = async () => new Response('<!doctype html><title>ClaimLens</title>', { headers: { 'content-type': 'text/html' } });
    expect((await get('http://app.test/models/x/config.json')).status).toBe(404);
    expect((await get('http://app.test/models/x/onnx/model.onnx')).status).toBe(404);
    expect((await get('http://app.test/page.html')).status).toBe(200);
    expect(takeNetworkFailures()).toEqual([]);
  });
});
