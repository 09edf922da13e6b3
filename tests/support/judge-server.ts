// A scripted model judge behind a real OpenAI-compatible server on
// 127.0.0.1 (node:http, SSE like vLLM): it reads the claims and numbered
// evidence from the judge prompt (src/core/verify/judge-prompt.json, English)
// and answers by a fixed rule (most claim words in an evidence sentence →
// supported, or contradicted when exactly one of them is negated; else
// unverifiable). `behave(claim)` makes it misbehave per claim: a <think>
// block first, reasoning_content deltas, malformed JSON, a refusal, a
// dropped connection mid-stream, an HTML page, or a stall (for timeouts).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type JudgeBehaviour = 'json' | 'think' | 'reasoning-channel' | 'malformed' | 'refusal' | 'drop' | 'html' | 'stall' | 'bad-index';

export interface JudgeRequestSeen {
  model: string;
  messages: Array<{ role: string; content: string }>;
  response_format?: { type: string; json_schema?: { schema: unknown } };
  max_tokens?: number;
  temperature?: number;
  chat_template_kwargs?: Record<string, unknown>;
  claims: string[];
}

export interface JudgeTestServer {
  url: string;
  readonly requests: JudgeRequestSeen[];
  /** Per-claim behaviour (default 'json'). */
  behave: (claim: string) => JudgeBehaviour;
  /** Every route answers an HTML page (not a model server at all). */
  htmlEverywhere: boolean;
  /** Pause between streamed tokens (ms). */
  tokenDelayMs: number;
  /** The answer to a request that is not a judge prompt (a question asked in the Ask view). */
  chatReply: string;
  /** Requests in flight now, and the most seen at once. */
  inFlight: number;
  maxInFlight: number;
  /** Requests whose client went away before the answer was complete. */
  abandoned: number;
  close(): Promise<void>;
}

interface ParsedClaim {
  claim: string;
  evidence: string[];
}

/** Claims and their numbered evidence from the English judge prompt. */
export function parseJudgePrompt(user: string): ParsedClaim[] {
  const out: ParsedClaim[] = [];
  const single = /^Claim: (.*)\n\nEvidence:\n([\s\S]*?)\n\nReturn /.exec(user);
  if (single) return [{ claim: single[1], evidence: lines(single[2]) }];
  const re = /Claim (\d+): (.*)\nEvidence for claim \1:\n([\s\S]*?)(?=\n\nClaim \d+: |\n\nReturn )/g;
  for (const m of user.matchAll(re)) out.push({ claim: m[2], evidence: lines(m[3]) });
  return out;
}

function lines(block: string): string[] {
  return block
    .split('\n')
    .map((l) => /^\[(\d+)\] (.*)$/.exec(l)?.[2])
    .filter((l): l is string => l !== undefined);
}

const STOP = new Set(['the', 'and', 'with', 'that', 'this', 'from', 'have', 'does', 'into', 'than', 'they', 'their']);
const words = (s: string) => s.toLowerCase().match(/[a-z0-9]+/g)?.filter((w) => w.length > 2 && !STOP.has(w)) ?? [];
const negated = (s: string) => /\b(not|no|never|cannot|can't|doesn't|isn't)\b/i.test(s);

/** The scripted judge's rule. */
export function scriptedJudgement(c: ParsedClaim): { verdict: string; evidence: number | null; reason: string } {
  const cw = words(c.claim).filter((w) => !['not', 'never', 'cannot'].includes(w));
  let best = -1;
  let bestOverlap = 0;
  c.evidence.forEach((e, i) => {
    const ew = new Set(words(e));
    const overlap = cw.length ? cw.filter((w) => ew.has(w)).length / cw.length : 0;
    if (overlap > bestOverlap) {
      bestOverlap = overlap;
      best = i;
    }
  });
  if (best < 0 || bestOverlap < 0.6) return { verdict: 'unverifiable', evidence: null, reason: 'The evidence does not address the claim.' };
  if (negated(c.claim) !== negated(c.evidence[best])) {
    return { verdict: 'contradicted', evidence: best + 1, reason: `Evidence ${best + 1} says the opposite of the claim.` };
  }
  return { verdict: 'supported', evidence: best + 1, reason: `Evidence ${best + 1} states the claim.` };
}

const tokens = (text: string) => text.match(/\s*[^\s<]+|\s*<[^>\s]*>?|\s+/g) ?? [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const HTML = '<!doctype html><html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>';

export async function startJudgeServer(models: string[] = ['judge-model']): Promise<JudgeTestServer> {
  const requests: JudgeRequestSeen[] = [];
  const read = (req: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let s = '';
      req.on('data', (d) => (s += d));
      req.on('end', () => resolve(s));
    });
  const state = {
    behave: (() => 'json') as (claim: string) => JudgeBehaviour,
    htmlEverywhere: false,
    tokenDelayMs: 0,
    chatReply: 'Glaucoma damages the optic nerve.',
    inFlight: 0,
    maxInFlight: 0,
    abandoned: 0,
  };
  const html = (res: ServerResponse) => {
    res.writeHead(200, { 'Content-Type': 'text/html' });
    res.end(HTML);
  };

  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    // The app calls it from another origin (the page's port).
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Access-Control-Allow-Headers', 'content-type, authorization');
    res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
    if (req.method === 'OPTIONS') {
      res.writeHead(204).end();
      return;
    }
    if (state.htmlEverywhere) return html(res);
    if (req.method === 'GET' && path === '/v1/models') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ object: 'list', data: models.map((id) => ({ id, object: 'model' })) }));
      return;
    }
    if (req.method !== 'POST' || path !== '/v1/chat/completions') {
      res.writeHead(404, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ error: { message: `no route ${req.method} ${path}` } }));
      return;
    }
    const body = JSON.parse(await read(req)) as Omit<JudgeRequestSeen, 'claims'>;
    const user = body.messages.find((m) => m.role === 'user')?.content ?? '';
    const parsed = parseJudgePrompt(user);
    requests.push({ ...body, claims: parsed.map((p) => p.claim) });
    // A request misbehaves as its first odd claim asks.
    const behaviour = parsed.map((p) => state.behave(p.claim)).find((b) => b !== 'json') ?? 'json';
    const judging = parsed.length > 0;
    if (behaviour === 'html') return html(res);
    state.inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
    const closed = new Promise<void>((resolve) =>
      res.on('close', () => {
        if (!res.writableFinished) state.abandoned++;
        resolve();
      }),
    );
    try {
      const judgements = parsed.map((p, i) => ({ claim: i + 1, ...scriptedJudgement(p) }));
      if (behaviour === 'bad-index' && judgements[0]) judgements[0].evidence = 99;
      let answer = !judging
        ? state.chatReply
        : parsed.length === 1
          ? JSON.stringify({ verdict: judgements[0].verdict, evidence: judgements[0].evidence, reason: judgements[0].reason })
          : JSON.stringify({ judgements });
      if (behaviour === 'malformed') answer = '{"verdict": "supported", "evidence": 1, "reason": "The evidence';
      if (behaviour === 'refusal') answer = "I'm sorry, but I can't provide medical judgements.";
      const reasoning = 'The claim mentions the same condition as the evidence. Let me compare them carefully.';
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
      const send = (delta: Record<string, unknown>, finish: string | null = null) =>
        res.write(`data: ${JSON.stringify({ id: 'j', object: 'chat.completion.chunk', model: body.model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`);
      send({ role: 'assistant', content: '' });
      if (behaviour === 'stall') {
        await Promise.race([sleep(5_000), closed]);
        res.end();
        return;
      }
      if (behaviour === 'reasoning-channel') for (const t of tokens(reasoning)) send({ reasoning_content: t });
      const text = behaviour === 'think' ? `<think>\n${reasoning}\n</think>\n\n${answer}` : answer;
      const parts = tokens(text);
      for (let i = 0; i < parts.length; i++) {
        if (behaviour === 'drop' && i === Math.floor(parts.length / 2)) {
          await sleep(30); // what was sent reaches the client first
          res.socket?.destroy(); // the server dies mid-answer
          return;
        }
        send({ content: parts[i] });
        if (state.tokenDelayMs) await sleep(state.tokenDelayMs);
      }
      send({}, 'stop');
      res.write(`data: ${JSON.stringify({ id: 'j', object: 'chat.completion.chunk', choices: [], usage: { prompt_tokens: Math.ceil(user.length / 4), completion_tokens: parts.length } })}\n\n`);
      res.end('data: [DONE]\n\n');
    } finally {
      state.inFlight--;
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  }) as JudgeTestServer;
}
