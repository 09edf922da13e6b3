// OpenAICompatibleEngine against a real HTTP server on 127.0.0.1 (random
// port) that speaks like vLLM / SGLang: SSE chunks, reasoning_content, usage,
// [DONE]; and servers that misbehave.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AbortedError,
  ModelNotFoundError,
  RemoteServerError,
  StreamInterruptedError,
} from '../../../src/core/errors.ts';
import { OpenAICompatibleEngine, normalizeBaseUrl } from '../../../src/core/engine/openai.ts';
import { ThinkStream } from '../../../src/core/engine/think-stream.ts';
import { collectChat, type ChatChunk } from '../../../src/core/engine/types.ts';

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void | Promise<void>;

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function serve(handler: Handler): Promise<{ base: string; requests: Array<{ url: string; headers: IncomingMessage['headers']; body: string }> }> {
  const requests: Array<{ url: string; headers: IncomingMessage['headers']; body: string }> = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      requests.push({ url: req.url ?? '', headers: req.headers, body });
      void handler(req, res, body);
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { base: `http://127.0.0.1:${port}`, requests };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function chunk(delta: Record<string, unknown>, finish: string | null = null): string {
  return JSON.stringify({
    id: 'chatcmpl-1',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'baichuan-inc/Baichuan-M2-32B',
    choices: [{ index: 0, delta, finish_reason: finish }],
  });
}

/** Writes SSE text in awkward pieces: events split mid-line and mid-CRLF. */
async function writeSplit(res: ServerResponse, text: string, piece = 7): Promise<void> {
  for (let i = 0; i < text.length; i += piece) {
    res.write(text.slice(i, i + piece));
    await sleep(1);
  }
}

const sseHead = { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' };
const usage = JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', choices: [], usage: { prompt_tokens: 21, completion_tokens: 9, total_tokens: 30 } });

describe('OpenAICompatibleEngine streaming', () => {
  it('streams a <think> block and the answer, with usage, across split network chunks', async () => {
    const pieces = ['<think>', '\nThe user asks', ' about fever.\n', '</think>', '\n\n', 'Paracetamol', ' lowers fever.'];
    const { base, requests } = await serve(async (req, res) => {
      res.writeHead(200, sseHead);
      let text = ': ping\r\n\r\n';
      for (const p of pieces) text += `data: ${chunk({ content: p })}\r\n\r\n`;
      text += `data: ${chunk({}, 'stop')}\n\n`;
      text += `data: ${usage}\n\n`;
      text += 'data: [DONE]\n\n';
      await writeSplit(res, text);
      res.end();
    });
    const engine = new OpenAICompatibleEngine({ baseUrl: base + '/v1/', apiKey: 'sk-test', model: 'baichuan-inc/Baichuan-M2-32B' });
    const think = new ThinkStream();
    const chunks: ChatChunk[] = [];
    for await (const c of engine.chat([{ role: 'user', content: 'Fever?' }], { thinking: true, temperature: 0.6, max_tokens: 256 })) {
      chunks.push(c);
      if (c.kind === 'delta') think.push(c.delta);
    }
    think.end();
    expect(think.reasoningText).toBe('The user asks about fever.');
    expect(think.answerText).toBe('Paracetamol lowers fever.');
    const last = chunks[chunks.length - 1];
    expect(last.kind).toBe('usage');
    if (last.kind === 'usage') {
      expect(last.usage.prompt_tokens).toBe(21);
      expect(last.usage.completion_tokens).toBe(9);
      expect(last.usage.finish_reason).toBe('stop');
      expect(last.usage.time_to_first_token_ms).toBeGreaterThanOrEqual(0);
    }
    // What went over the wire.
    expect(requests[0].url).toBe('/v1/chat/completions');
    expect(requests[0].headers.authorization).toBe('Bearer sk-test');
    const body = JSON.parse(requests[0].body);
    expect(body).toMatchObject({
      model: 'baichuan-inc/Baichuan-M2-32B',
      stream: true,
      stream_options: { include_usage: true },
      temperature: 0.6,
      max_tokens: 256,
      chat_template_kwargs: { enable_thinking: true, thinking_mode: 'on' },
    });
  });

  it('passes reasoning_content (and vLLM\'s newer `reasoning`) on the reasoning channel', async () => {
    const { base } = await serve(async (_req, res) => {
      res.writeHead(200, sseHead);
      res.write(`data: ${chunk({ role: 'assistant', content: '' })}\n\n`);
      res.write(`data: ${chunk({ reasoning_content: 'Check renal ' })}\n\n`);
      res.write(`data: ${chunk({ reasoning: 'function first.' })}\n\n`);
      res.write(`data: ${chunk({ content: 'Halve the dose.' })}\n\n`);
      res.write(`data: ${chunk({}, 'stop')}\n\ndata: [DONE]\n\n`);
      res.end();
    });
    const engine = new OpenAICompatibleEngine({ baseUrl: base, model: 'm' });
    const out = await collectChat(engine.chat([{ role: 'user', content: 'q' }]));
    expect(out.reasoning).toBe('Check renal function first.');
    expect(out.content).toBe('Halve the dose.');
    expect(out.usage?.completion_tokens).toBe(3); // no usage chunk: deltas counted
  });

  it('asks for a JSON schema and no thinking when told so', async () => {
    const { base, requests } = await serve((_req, res) => {
      res.writeHead(200, sseHead);
      res.end(`data: ${chunk({ content: '{"claims":[]}' }, 'stop')}\n\ndata: [DONE]\n\n`);
    });
    const engine = new OpenAICompatibleEngine({ baseUrl: base, model: 'm' });
    const schema = { type: 'object', properties: { claims: { type: 'array' } }, required: ['claims'] };
    const out = await collectChat(engine.chat([{ role: 'user', content: 'q' }], { thinking: false, response_format: { type: 'json_object', schema } }));
    expect(out.content).toBe('{"claims":[]}');
    const body = JSON.parse(requests[0].body);
    expect(body.response_format).toEqual({ type: 'json_schema', json_schema: { name: 'response', schema, strict: true } });
    expect(body.chat_template_kwargs).toEqual({ enable_thinking: false, thinking_mode: 'off' });
  });

  it('keeps the partial text when the server drops the connection mid-stream', async () => {
    const { base } = await serve(async (_req, res) => {
      res.writeHead(200, sseHead);
      res.write(`data: ${chunk({ content: 'Aspirin is ' })}\n\n`);
      res.write(`data: ${chunk({ content: 'an antiplatelet' })}\n\n`);
      await sleep(20);
      res.socket?.destroy();
    });
    const engine = new OpenAICompatibleEngine({ baseUrl: base, model: 'm' });
    let received = '';
    let error: unknown;
    try {
      for await (const c of engine.chat([{ role: 'user', content: 'q' }])) if (c.kind === 'delta') received += c.delta;
    } catch (e) {
      error = e;
    }
    expect(received).toBe('Aspirin is an antiplatelet');
    expect(error).toBeInstanceOf(StreamInterruptedError);
    expect((error as StreamInterruptedError).partial).toBe('Aspirin is an antiplatelet');
    expect((error as Error).message).toMatch(/broke off|closed the connection/);
  });

  it('treats a stream that ends without [DONE] or a finish reason as interrupted', async () => {
    const { base } = await serve((_req, res) => {
      res.writeHead(200, sseHead);
      res.end(`data: ${chunk({ content: 'Half an answ' })}\n\n`);
    });
    const engine = new OpenAICompatibleEngine({ baseUrl: base, model: 'm' });
    const err = await collectChat(engine.chat([{ role: 'user', content: 'q' }])).catch((e) => e);
    expect(err).toBeInstanceOf(StreamInterruptedError);
    expect(err.partial).toBe('Half an answ');
  });

  it('interrupt() ends the stream with finish_reason abort and keeps what arrived', async () => {
    const { base } = await serve(async (_req, res) => {
      res.writeHead(200, sseHead);
      for (let i = 0; i < 200; i++) {
        if (res.destroyed) return;
        res.write(`data: ${chunk({ content: `w${i} ` })}\n\n`);
        await sleep(5);
      }
      res.end('data: [DONE]\n\n');
    });
    const engine = new OpenAICompatibleEngine({ baseUrl: base, model: 'm' });
    let text = '';
    let finish: string | undefined;
    for await (const c of engine.chat([{ role: 'user', content: 'q' }])) {
      if (c.kind === 'delta') {
        text += c.delta;
        if (text.startsWith('w0 w1 w2 ')) engine.interrupt();
      } else finish = c.usage.finish_reason;
    }
    expect(finish).toBe('abort');
    expect(text.startsWith('w0 w1 w2 ')).toBe(true);
    expect(text.split(' ').length).toBeLessThan(100);
  });

  it('an aborted signal throws AbortedError', async () => {
    const { base } = await serve(async (_req, res) => {
      res.writeHead(200, sseHead);
      for (let i = 0; i < 100 && !res.destroyed; i++) {
        res.write(`data: ${chunk({ content: 'x ' })}\n\n`);
        await sleep(5);
      }
      res.end();
    });
    const engine = new OpenAICompatibleEngine({ baseUrl: base, model: 'm' });
    const ac = new AbortController();
    const err = await (async () => {
      let n = 0;
      for await (const c of engine.chat([{ role: 'user', content: 'q' }], { signal: ac.signal })) {
        if (c.kind === 'delta' && ++n === 3) ac.abort();
      }
    })().catch((e) => e);
    expect(err).toBeInstanceOf(AbortedError);
  });

  it('accepts a whole chat.completion JSON from a server that ignores stream: true', async () => {
    const { base } = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ choices: [{ message: { role: 'assistant', content: 'Yes.' }, finish_reason: 'stop' }], usage: { prompt_tokens: 5, completion_tokens: 2 } }));
    });
    const engine = new OpenAICompatibleEngine({ baseUrl: base, model: 'm' });
    const out = await collectChat(engine.chat([{ role: 'user', content: 'q' }]));
    expect(out.content).toBe('Yes.');
    expect(out.usage?.completion_tokens).toBe(2);
  });
});

describe('OpenAICompatibleEngine errors', () => {
  it('names an HTML page that came back instead of a stream', async () => {
    const { base } = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end('<!doctype html><html><head><title>Router login</title></head><body>Please log in</body></html>');
    });
    const engine = new OpenAICompatibleEngine({ baseUrl: base, model: 'm' });
    const err = await collectChat(engine.chat([{ role: 'user', content: 'q' }])).catch((e) => e);
    expect(err).toBeInstanceOf(RemoteServerError);
    expect(err.message).toContain('HTML page ("Router login")');
    expect(err.message).toContain(base);
  });

  it('names JSON that is not a completion', async () => {
    const { base } = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"status":"ok","version":"1.2"}');
    });
    const engine = new OpenAICompatibleEngine({ baseUrl: base, model: 'm' });
    const err = await collectChat(engine.chat([{ role: 'user', content: 'q' }])).catch((e) => e);
    expect(err).toBeInstanceOf(RemoteServerError);
    expect(err.message).toContain('JSON ({"status":"ok","version":"1.2"})');
  });

  it('passes on the server\'s own message for an HTTP error', async () => {
    const { base } = await serve((_req, res) => {
      res.writeHead(400, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ object: 'error', message: "This model's maximum context length is 4096 tokens.", type: 'BadRequestError', code: 400 }));
    });
    const engine = new OpenAICompatibleEngine({ baseUrl: base, model: 'm' });
    const err = await collectChat(engine.chat([{ role: 'user', content: 'q' }])).catch((e) => e);
    expect(err).toBeInstanceOf(RemoteServerError);
    expect(err.status).toBe(400);
    expect(err.message).toContain('HTTP 400');
    expect(err.message).toContain('maximum context length is 4096 tokens');
  });

  it('turns a 404 about the model into ModelNotFoundError', async () => {
    const { base } = await serve((_req, res) => {
      res.writeHead(404, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ error: { message: 'The model `qwen3` does not exist.', type: 'NotFoundError' } }));
    });
    const engine = new OpenAICompatibleEngine({ baseUrl: base, model: 'qwen3' });
    const err = await collectChat(engine.chat([{ role: 'user', content: 'q' }])).catch((e) => e);
    expect(err).toBeInstanceOf(ModelNotFoundError);
    expect(err.message).toContain('does not exist');
  });

  it('reports a refused connection as "not reachable at <url>"', async () => {
    const { base } = await serve(() => undefined);
    await new Promise((r) => servers.pop()!.close(r)); // nothing listens there now
    const engine = new OpenAICompatibleEngine({ baseUrl: base, model: 'm' });
    const err = await collectChat(engine.chat([{ role: 'user', content: 'q' }])).catch((e) => e);
    expect(err).toBeInstanceOf(RemoteServerError);
    expect(err.message).toContain(`not reachable at ${base}`);
    const err2 = await engine.listModels().catch((e) => e);
    expect(err2).toBeInstanceOf(RemoteServerError);
  });

  it('reports an error event inside the stream, keeping the partial text', async () => {
    const { base } = await serve((_req, res) => {
      res.writeHead(200, sseHead);
      res.write(`data: ${chunk({ content: 'Beta blockers ' })}\n\n`);
      res.end(`data: ${JSON.stringify({ error: { message: 'CUDA out of memory', code: 500 } })}\n\n`);
    });
    const engine = new OpenAICompatibleEngine({ baseUrl: base, model: 'm' });
    const err = await collectChat(engine.chat([{ role: 'user', content: 'q' }])).catch((e) => e);
    expect(err).toBeInstanceOf(StreamInterruptedError);
    expect(err.message).toContain('CUDA out of memory');
    expect(err.partial).toBe('Beta blockers ');
  });
});

describe('OpenAICompatibleEngine: malformed server data', () => {
  it('a stream chunk of the wrong shape is a RemoteServerError naming the field', async () => {
    const { base } = await serve((_req, res) => {
      res.writeHead(200, sseHead);
      res.end(`data: ${chunk({ content: 5 })}\n\ndata: [DONE]\n\n`);
    });
    const engine = new OpenAICompatibleEngine({ baseUrl: base, model: 'm' });
    const err = await collectChat(engine.chat([{ role: 'user', content: 'q' }])).catch((e) => e);
    expect(err).toBeInstanceOf(RemoteServerError);
    expect(err.message).toBe(`The model server at ${base} sent a stream chunk that is not in the OpenAI format (choices[0].delta.content: expected string, got 5).`);
  });

  it('a malformed chunk mid-stream keeps the text received so far', async () => {
    const { base } = await serve((_req, res) => {
      res.writeHead(200, sseHead);
      res.write(`data: ${chunk({ content: 'Metformin is ' })}\n\n`);
      res.end(`data: ${JSON.stringify({ choices: [{ delta: { content: 'taken' }, finish_reason: 7 }] })}\n\n`);
    });
    const engine = new OpenAICompatibleEngine({ baseUrl: base, model: 'm' });
    const err = await collectChat(engine.chat([{ role: 'user', content: 'q' }])).catch((e) => e);
    expect(err).toBeInstanceOf(StreamInterruptedError);
    expect(err.partial).toBe('Metformin is ');
    expect(err.message).toContain('choices[0].finish_reason: expected string, got 7');
  });

  it('events that are not JSON are named', async () => {
    const { base } = await serve((_req, res) => {
      res.writeHead(200, sseHead);
      res.end('data: <html>proxy error</html>\n\n');
    });
    const engine = new OpenAICompatibleEngine({ baseUrl: base, model: 'm' });
    const err = await collectChat(engine.chat([{ role: 'user', content: 'q' }])).catch((e) => e);
    expect(err).toBeInstanceOf(RemoteServerError);
    expect(err.message).toContain('sent events that are not JSON (<html>proxy error</html>)');
  });

  it('a whole completion of the wrong shape is named by its path', async () => {
    const { base } = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ choices: [{ message: { role: 'assistant', content: ['Yes.'] }, finish_reason: 'stop' }] }));
    });
    const engine = new OpenAICompatibleEngine({ baseUrl: base, model: 'm' });
    const err = await collectChat(engine.chat([{ role: 'user', content: 'q' }])).catch((e) => e);
    expect(err).toBeInstanceOf(RemoteServerError);
    expect(err.message).toContain('sent a chat completion that is not in the OpenAI format (choices[0].message.content: expected string, got a list)');
  });

  it('a model list that is not JSON, or of the wrong shape, is a clear RemoteServerError', async () => {
    let reply = '{"object": "list", "data": [{"id": "Qwen/Qwen3-8B"}, {"name": "llama3"}, {"id": 7}]}';
    const { base } = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(reply);
    });
    const engine = new OpenAICompatibleEngine({ baseUrl: base });
    const err = await engine.listModels().catch((e) => e);
    expect(err).toBeInstanceOf(RemoteServerError);
    expect(err.message).toBe(`The server at ${base} answered the model list with JSON of another shape (data[1].id: missing; data[2].id: expected string, got 7).`);
    reply = '{"object": "list", "data": [';
    const truncated = await engine.listModels().catch((e) => e);
    expect(truncated).toBeInstanceOf(RemoteServerError);
    expect(truncated.message).toMatch(/answered the model list with JSON \(.*\), not JSON\. Is this the model server's address\?/);
  });
});

describe('OpenAICompatibleEngine models', () => {
  it('lists models and refuses to load one the server does not serve', async () => {
    const { base, requests } = await serve((req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ object: 'list', data: [{ id: 'baichuan-inc/Baichuan-M2-32B', object: 'model' }, { id: 'Qwen/Qwen3-8B' }] }));
    });
    const engine = new OpenAICompatibleEngine({ baseUrl: base });
    expect(await engine.listModels()).toEqual(['baichuan-inc/Baichuan-M2-32B', 'Qwen/Qwen3-8B']);
    expect(requests[0].url).toBe('/v1/models');
    const err = await engine.load('Shanzhi-M1').catch((e) => e);
    expect(err).toBeInstanceOf(ModelNotFoundError);
    expect(err.message).toContain('Qwen/Qwen3-8B');
    const progress: number[] = [];
    await engine.load('Qwen/Qwen3-8B', (p) => progress.push(p.progress));
    expect(engine.model).toBe('Qwen/Qwen3-8B');
    expect(progress).toEqual([0, 1]);
  });

  it('normalises base URLs', () => {
    expect(normalizeBaseUrl('http://h:8000/v1/')).toBe('http://h:8000');
    expect(normalizeBaseUrl(' http://h:8000// ')).toBe('http://h:8000');
    expect(normalizeBaseUrl('https://proxy.example/llm/v1')).toBe('https://proxy.example/llm');
  });
});
