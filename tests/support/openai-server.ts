// A real OpenAI-compatible model server for tests, on 127.0.0.1 (node:http):
// GET /v1/models, POST /v1/chat/completions streaming Server-Sent Events
// the way vLLM does (role chunk, content deltas, finish chunk, usage chunk,
// [DONE]), with CORS for the app's origin. Modes make it misbehave:
//   drop — sends part of the answer, then cuts the connection;
//   html — answers with an HTML page (a proxy or web server at that address).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ServerMode = 'ok' | 'drop' | 'html';

export interface ChatRequestSeen {
  model: string;
  messages: Array<{ role: string; content: string }>;
  stream: boolean;
  chat_template_kwargs?: Record<string, unknown>;
}

export interface OpenAITestServer {
  url: string;
  mode: ServerMode;
  /** The reply as the model writes it: `<think>…</think>` then the answer. */
  reply: string;
  /** Pause between streamed tokens (ms). */
  tokenDelayMs: number;
  /** Tokens sent before a 'drop'. */
  dropAfter: number;
  readonly chats: ChatRequestSeen[];
  close(): Promise<void>;
}

const tokens = (text: string) => text.match(/\s*[^\s<]+|\s*<[^>\s]*>?|\s+/g) ?? [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startOpenAIServer(models: string[], reply: string): Promise<OpenAITestServer> {
  const chats: ChatRequestSeen[] = [];
  const cors = (res: ServerResponse) => {
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Access-Control-Allow-Headers', 'content-type, authorization');
    res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
  };
  const body = (req: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let s = '';
      req.on('data', (d) => (s += d));
      req.on('end', () => resolve(s));
    });

  const state = {
    mode: 'ok' as ServerMode,
    reply,
    tokenDelayMs: 15,
    dropAfter: 8,
  };

  const server = createServer(async (req, res) => {
    cors(res);
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (req.method === 'OPTIONS') {
      res.writeHead(204).end();
      return;
    }
    if (state.mode === 'html') {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end('<!doctype html><html><head><title>Welcome to nginx!</title></head><body><h1>Welcome to nginx!</h1></body></html>');
      return;
    }
    if (req.method === 'GET' && path === '/v1/models') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ object: 'list', data: models.map((id) => ({ id, object: 'model', owned_by: 'test' })) }));
      return;
    }
    if (req.method === 'POST' && path === '/v1/chat/completions') {
      const request = JSON.parse(await body(req)) as ChatRequestSeen;
      chats.push(request);
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
      const send = (obj: unknown) => res.write(`data: ${JSON.stringify(obj)}\n\n`);
      const chunk = (delta: Record<string, unknown>, finish: string | null = null) => ({
        id: 'chatcmpl-test',
        object: 'chat.completion.chunk',
        created: 0,
        model: request.model,
        choices: [{ index: 0, delta, finish_reason: finish }],
      });
      send(chunk({ role: 'assistant', content: '' }));
      const parts = tokens(state.reply);
      for (let i = 0; i < parts.length; i++) {
        if (state.mode === 'drop' && i === state.dropAfter) {
          res.socket?.destroy(); // the server dies mid-answer
          return;
        }
        send(chunk({ content: parts[i] }));
        await sleep(state.tokenDelayMs);
      }
      send(chunk({}, 'stop'));
      send({ id: 'chatcmpl-test', object: 'chat.completion.chunk', created: 0, model: request.model, choices: [], usage: { prompt_tokens: 40, completion_tokens: parts.length, total_tokens: 40 + parts.length } });
      res.end('data: [DONE]\n\n');
      return;
    }
    res.writeHead(404, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ error: { message: `no route ${req.method} ${path}` } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    chats,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  }) as OpenAITestServer;
}
