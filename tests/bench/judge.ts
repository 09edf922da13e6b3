// What the model judge costs around the model: `claimlens eval --verifier llm`
// on the hand-written MedQuAD claims (evidence retrieved from the MedQuAD
// pack, as in the app) against the scripted judge server
// (tests/support/judge-server.ts, real HTTP + SSE on 127.0.0.1), at several
// token rates and concurrency limits, next to the offline verifier; and the
// prompt size per claim (characters / 4 as the token estimate).
//   npx tsx tests/bench/judge.ts [--claims N]
import { parseArgs } from 'node:util';
import { main } from '../../src/cli/claimlens.ts';
import { MEDQUAD_CLAIMS } from '../../scripts/convert-eval.ts';
import { startJudgeServer } from '../support/judge-server.ts';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { estimateTokens } from '../../src/core/verify/llm-judge.ts';

const { values } = parseArgs({ options: { claims: { type: 'string', default: '117' } } });
const rows = readFileSync(MEDQUAD_CLAIMS, 'utf8').split('\n').filter(Boolean).slice(0, Number(values.claims));
const input = join(mkdtempSync(join(tmpdir(), 'judge-bench-')), 'claims.jsonl');
writeFileSync(input, rows.join('\n'));

async function run(args: string[]): Promise<{ out: string; err: string; code: number }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { out: out.join('\n'), err: err.join('\n'), code };
}

const speed = (out: string) => /, (\d+) claims\/s/.exec(out)?.[1] ?? '?';
const f1 = (out: string) => /macro-F1=\s*([\d.]+)%/.exec(out)?.[1] ?? '?';

console.log(`claims: ${rows.length} (tests/eval/data/medquad-claims.jsonl), evidence retrieved from the MedQuAD pack (k = 5)`);
const offline = await run(['eval', '--input', input, '--corpus', 'medquad']);
console.log(`offline features verifier: ${speed(offline.out)} claims/s, macro-F1 ${f1(offline.out)} %`);

const server = await startJudgeServer(['judge']);
console.log('\nscripted judge over HTTP/SSE (its verdict rule is a toy: the F1 column only shows the plumbing works)');
console.log('token delay   concurrency   claims/s   macro-F1   requests   prompt tok/claim   fallbacks');
for (const delay of [0, 5, 20]) {
  for (const concurrency of [1, 4, 16]) {
    server.tokenDelayMs = delay;
    server.requests.length = 0;
    const r = await run(['eval', '--input', input, '--corpus', 'medquad', '--verifier', 'llm', '--server', server.url, '--model', 'judge', '--concurrency', String(concurrency)]);
    if (r.code !== 0) throw new Error(r.err);
    const line = r.out.split('\n').find((l) => l.includes('model judge')) ?? '';
    const prompt = /(\d+) prompt \+/.exec(line)?.[1] ?? '?';
    const fallbacks = /fallbacks (\d+)/.exec(line)?.[1] ?? '?';
    console.log(`${String(delay).padStart(8)} ms ${String(concurrency).padStart(13)} ${speed(r.out).padStart(10)} ${f1(r.out).padStart(9)} % ${String(server.requests.length).padStart(10)} ${prompt.padStart(18)} ${fallbacks.padStart(11)}`);
  }
}
// Prompt size, system prompt included (characters / 4; CJK characters count 1 each).
server.tokenDelayMs = 0;
server.requests.length = 0;
await run(['eval', '--input', input, '--corpus', 'medquad', '--verifier', 'llm', '--server', server.url, '--model', 'judge']);
const sizes = server.requests.map((r) => r.messages.reduce((n, m) => n + estimateTokens(m.content), 0));
const mean = sizes.reduce((a, b) => a + b, 0) / sizes.length;
console.log(`\nprompt per claim, system prompt included: mean ${mean.toFixed(0)} tokens (min ${Math.min(...sizes)}, max ${Math.max(...sizes)}); the scripted answer is about 30 tokens of JSON`);

// Packing: the claims of one answer share a request (what the app does on a browser GPU).
const answer = rows.slice(0, 6).map((l) => JSON.parse(l).claim as string).join(' ');
server.tokenDelayMs = 5;
for (const per of ['1', '3', '6']) {
  server.requests.length = 0;
  const t0 = performance.now();
  const r = await run(['check', '--text', answer, '--corpus', 'medquad', '--verifier', 'llm', '--server', server.url, '--model', 'judge', '--concurrency', '1', '--claims-per-prompt', per]);
  if (r.code !== 0) throw new Error(r.err);
  console.log(`a 6-claim answer, ${per} claim(s) per request, 1 at a time, 5 ms/token: ${server.requests.length} requests, ${(performance.now() - t0).toFixed(0)} ms`);
}
await server.close();
