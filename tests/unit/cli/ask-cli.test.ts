// claimlens ask against the scripted OpenAI-compatible server (a real HTTP
// server streaming SSE as vLLM does) and a small corpus of NEI text.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/claimlens.ts';
import { startOpenAIServer, type OpenAITestServer } from '../../support/openai-server.ts';

const dir = mkdtempSync(join(tmpdir(), 'claimlens-ask-'));
const corpusFile = join(dir, 'eyes.jsonl');
writeFileSync(
  corpusFile,
  [
    { id: 'g1', title: 'Glaucoma', url: 'https://www.nei.nih.gov/glaucoma', text: "Glaucoma is a group of diseases that can damage the eye's optic nerve and result in vision loss and blindness. Open-angle glaucoma is the most common form." },
    { id: 'c1', title: 'Cataract', url: 'https://www.nei.nih.gov/cataract', text: 'A cataract is a clouding of the lens in the eye that affects vision. Most cataracts are related to aging.' },
  ]
    .map((o) => JSON.stringify(o))
    .join('\n'),
);

const REPLY =
  '<think>The user asks about glaucoma. I recall it affects the optic nerve.</think>\n\n' +
  'Glaucoma can damage the optic nerve. Cataracts are a clouding of the lens in the eye.';

let server: OpenAITestServer;
beforeAll(async () => {
  server = await startOpenAIServer(['Qwen/Qwen3-8B'], REPLY);
  server.tokenDelayMs = 0;
});
afterAll(() => server.close());

function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const written: string[] = [];
  return main(args, { out: (s) => out.push(s), err: (s) => err.push(s), write: (s) => written.push(s) }).then((code) => ({
    code,
    out: out.join('\n'),
    err: err.join('\n'),
    written,
  }));
}

describe('claimlens ask', () => {
  it('streams the answer (without its reasoning), then prints its checked claims as check does', async () => {
    const before = server.chats.length;
    const r = await run(['ask', '--server', server.url, '--model', 'Qwen/Qwen3-8B', '--question', 'What is glaucoma?', '--corpus', corpusFile, '--thinking', 'on']);
    expect(r.err).not.toMatch(/claimlens:/);
    expect(r.code).toBe(0);
    // Streamed piece by piece; the reasoning is not part of it.
    expect(r.written.length).toBeGreaterThan(5);
    expect(r.written.join('')).toBe('Glaucoma can damage the optic nerve. Cataracts are a clouding of the lens in the eye.\n');
    expect(r.err).toMatch(/reasoning: 12 words/);
    expect(r.out).toMatch(/^\n?2 claims: 2 supported, 0 contradicted/m);
    expect(r.out).toMatch(/claims by the rule-based splitter/);
    expect(r.out).toMatch(/✔ supported .*Glaucoma can damage the optic nerve\./);
    expect(r.out).toMatch(/evidence: .* — Glaucoma <https:\/\/www\.nei\.nih\.gov\/glaucoma>/);
    // What the server was sent: the system prompt, the question, thinking switched on.
    const sent = server.chats[before];
    expect(sent.model).toBe('Qwen/Qwen3-8B');
    expect(sent.messages.map((m) => m.role)).toEqual(['system', 'user']);
    expect(sent.messages[1].content).toBe('What is glaucoma?');
    expect(sent.chat_template_kwargs).toMatchObject({ enable_thinking: true });
  });

  it('--json prints the answer, its reasoning and the report; --reasoning checks the reasoning too', async () => {
    const r = await run(['ask', '--server', server.url, '--model', 'Qwen/Qwen3-8B', '--question', 'What is glaucoma?', '--corpus', corpusFile, '--json', '--reasoning', '--system', 'Be brief.']);
    expect(r.code).toBe(0);
    expect(r.written).toEqual([]);
    const o = JSON.parse(r.out);
    expect(o.model).toBe('Qwen/Qwen3-8B');
    expect(o.answer.status).toBe('complete');
    expect(o.answer.reasoning).toBe('The user asks about glaucoma. I recall it affects the optic nerve.');
    expect(o.answer.content).toBe('Glaucoma can damage the optic nerve. Cataracts are a clouding of the lens in the eye.');
    expect(o.check.checkReasoning).toBe(true);
    const claims = o.check.report.claims as Array<{ part: string; start: number; end: number; text: string }>;
    expect(claims.some((c) => c.part === 'reasoning')).toBe(true);
    for (const c of claims) expect(o.answer.text.slice(c.start, c.end).length).toBeGreaterThan(0);
    expect(server.chats.at(-1)!.messages[0]).toEqual({ role: 'system', content: 'Be brief.' });
  });

  it('--claims model asks the same model for the claims', async () => {
    const r = await run(['ask', '--server', server.url, '--model', 'Qwen/Qwen3-8B', '--question', 'What is glaucoma?', '--corpus', corpusFile, '--claims', 'model', '--json']);
    expect(r.code).toBe(0);
    const o = JSON.parse(r.out);
    // The scripted server answers the decomposition request with the same prose: no JSON, so the rules take over, saying why.
    expect(o.check.claimSource).toBe('rules');
    expect(o.check.fallbackReason).toMatch(/JSON/);
    expect(server.chats.at(-1)!.messages.at(-1)!.content).toContain('Glaucoma can damage the optic nerve.');
  });

  it('a server that dies mid-answer: the text so far is printed and checked, and the run says it was cut off', async () => {
    server.mode = 'drop';
    server.dropAfter = 22;
    try {
      const r = await run(['ask', '--server', server.url, '--model', 'Qwen/Qwen3-8B', '--question', 'What is glaucoma?', '--corpus', corpusFile]);
      expect(r.err).toMatch(/answer cut off/);
      expect(r.written.join('')).toMatch(/^Glaucoma can damage/);
      expect(r.out).toMatch(/claims?: /);
    } finally {
      server.mode = 'ok';
    }
  });

  it('fails with one line and a clear reason on bad input or a server that is not there', async () => {
    const noQuestion = await run(['ask', '--server', server.url, '--model', 'Qwen/Qwen3-8B', '--corpus', corpusFile]);
    expect(noQuestion.code).toBe(2);
    expect(noQuestion.err).toBe('claimlens: ask needs --question "…".');

    const blank = await run(['ask', '--server', server.url, '--model', 'Qwen/Qwen3-8B', '--question', '  ', '--corpus', corpusFile]);
    expect(blank.code).toBe(1);
    expect(blank.err).toBe('claimlens: the question given with --question is empty');

    const badClaims = await run(['ask', '--server', server.url, '--model', 'm', '--question', 'q', '--claims', 'llm', '--corpus', corpusFile]);
    expect(badClaims.code).toBe(2);
    expect(badClaims.err).toMatch(/--claims must be rules or model/);

    const unknownModel = await run(['ask', '--server', server.url, '--model', 'nope', '--question', 'What is glaucoma?', '--corpus', corpusFile]);
    expect(unknownModel.code).toBe(1);
    expect(unknownModel.err.split('\n')).toHaveLength(1);
    expect(unknownModel.err).toMatch(/nope/);

    const down = await run(['ask', '--server', 'http://127.0.0.1:9', '--model', 'm', '--question', 'What is glaucoma?', '--corpus', corpusFile]);
    expect(down.code).toBe(1);
    expect(down.err.split('\n')).toHaveLength(1);
    expect(down.err).toMatch(/not reachable|connect/i);
  });
});
