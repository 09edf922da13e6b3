// The model judge against a real OpenAI-compatible SSE server started here
// (tests/support/judge-server.ts), and against the scripted engine behind
// web-llm's real worker protocol (WebLLMEngine → web-llm's client →
// MessageChannel → web-llm's handler → FakeMLCEngine).
import { afterEach, describe, expect, it } from 'vitest';
import { OpenAICompatibleEngine } from '../../../src/core/engine/openai.ts';
import { AbortedError, RemoteServerError } from '../../../src/core/errors.ts';
import { FakeEngine, fakeModelId } from '../../../src/testing/fake-engine.ts';
import { createFeatureVerifier } from '../../../src/core/verify/feature-verifier.ts';
import {
  JUDGE_PROMPT,
  LlmJudgeVerifier,
  claimLanguage,
  extractJudgeJson,
  judgeMessages,
  parseJudgement,
  type LlmJudgeOptions,
} from '../../../src/core/verify/llm-judge.ts';
import type { VerifierInput } from '../../../src/core/verify/types.ts';
import { checkAnswer, MemoryVerdictCache, cacheKey } from '../../../src/core/pipeline.ts';
import { BM25Retriever, MemoryChunkStore, buildChunkIndex } from '../../../src/core/retrieval/index.ts';
import { startJudgeServer, type JudgeBehaviour, type JudgeTestServer } from '../../support/judge-server.ts';
import { channelWorkers } from '../../support/llm-workers.ts';
import { WebLLMEngine } from '../../../src/lib/webllm-engine.ts';

const servers: JudgeTestServer[] = [];
const cleanups: Array<() => void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) c();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function judgeOver(opts: Partial<LlmJudgeOptions> = {}, behave?: (claim: string) => JudgeBehaviour) {
  const server = await startJudgeServer(['Qwen/Qwen3-8B']);
  servers.push(server);
  if (behave) server.behave = behave;
  const engine = new OpenAICompatibleEngine({ baseUrl: server.url, model: 'Qwen/Qwen3-8B' });
  const judge = new LlmJudgeVerifier(engine, { fallback: createFeatureVerifier(), timeoutMs: 5_000, ...opts });
  return { server, engine, judge };
}

const ev = (sentence: string, rank: number) => ({ sentence, passage: sentence, score: 10 - rank, rank });
const GLAUCOMA: VerifierInput = {
  claim: 'Glaucoma can damage the optic nerve.',
  evidence: [ev('Cataracts cloud the lens of the eye.', 0), ev("Glaucoma can damage the eye's optic nerve and cause blindness.", 1)],
};
const NOT_GLAUCOMA: VerifierInput = { claim: 'Glaucoma cannot damage the optic nerve.', evidence: GLAUCOMA.evidence };
const OFF_TOPIC: VerifierInput = { claim: 'Insulin is made in the pancreas.', evidence: GLAUCOMA.evidence };

describe('LlmJudgeVerifier over an OpenAI-compatible SSE server', () => {
  it('judges from plain JSON, a <think> block first, or reasoning_content deltas, citing the evidence by number', async () => {
    for (const behaviour of ['json', 'think', 'reasoning-channel'] as const) {
      const { server, judge } = await judgeOver({}, () => behaviour);
      const out = await judge.verify([GLAUCOMA, NOT_GLAUCOMA, OFF_TOPIC]);
      expect(out.map((o) => o.verdict), behaviour).toEqual(['supported', 'contradicted', 'unverifiable']);
      // Evidence [2] in the prompt is candidate index 1 (ranks 0, 1).
      expect(out[0].evidenceIndex).toBe(1);
      expect(out[0].judge).toEqual({ model: 'Qwen/Qwen3-8B', verdict: 'supported', evidence: 2 });
      expect(out[0].reason).toMatch(/^Supported \(model judge Qwen\/Qwen3-8B, citing evidence \[2\]\): Evidence 2 states the claim\./);
      expect(out[2].evidenceIndex).toBe(-1);
      expect(out.every((o) => o.fallback === false)).toBe(true);
      expect(judge.stats).toMatchObject({ claims: 3, judged: 3, fallbacks: 0, requests: 3 });
      // The request: JSON schema in response_format, greedy, the numbered evidence.
      const r = server.requests[0];
      expect(r.response_format?.type).toBe('json_schema');
      expect(r.response_format?.json_schema?.schema).toMatchObject({ required: ['verdict', 'evidence', 'reason'] });
      expect(r.temperature).toBe(0);
      expect(r.messages[1].content).toContain("[2] Glaucoma can damage the eye's optic nerve and cause blindness.");
      await server.close();
    }
  });

  it('falls back to the offline verifier on malformed JSON, a refusal, a dropped stream, an HTML reply, a bad evidence number and a timeout — marked and counted', async () => {
    const CASES: Record<string, JudgeBehaviour> = {
      'Glaucoma can damage the optic nerve.': 'malformed',
      'Glaucoma may damage the optic nerve.': 'refusal',
      'Glaucoma often damages the optic nerve.': 'drop',
      'Glaucoma sometimes damages the optic nerve.': 'html',
      'Glaucoma can damage the nerve of the eye.': 'bad-index',
      'Glaucoma can hurt the optic nerve.': 'stall',
    };
    const { judge } = await judgeOver({ timeoutMs: 400, concurrency: 3 }, (c) => CASES[c] ?? 'json');
    const inputs = [...Object.keys(CASES), 'Cataracts cloud the lens of the eye.'].map((claim) => ({ claim, evidence: GLAUCOMA.evidence }));
    const seen: string[] = [];
    judge['opts'].onFallback = (_c: string, why: string) => seen.push(why);
    const offline = await createFeatureVerifier().verify(inputs);
    const t0 = performance.now();
    const out = await judge.verify(inputs);
    expect(performance.now() - t0).toBeLessThan(3_000); // the stall ended at the timeout
    for (let i = 0; i < 6; i++) {
      expect(out[i].fallback, inputs[i].claim).toBe(true);
      expect(out[i].verdict).toBe(offline[i].verdict);
      expect(out[i].probabilities).toEqual(offline[i].probabilities);
      expect(out[i].reason).toContain('The model judge Qwen/Qwen3-8B failed on this claim (');
      expect(out[i].reason).toContain(offline[i].reason);
    }
    expect(out[0].reason).toMatch(/JSON does not parse/);
    expect(out[1].reason).toMatch(/declined to judge/);
    expect(out[2].reason).toMatch(/stream broke off/);
    expect(out[3].reason).toMatch(/HTML page/);
    expect(out[4].reason).toMatch(/cites evidence 99, but only 2 sentences were given/);
    expect(out[5].reason).toMatch(/no complete answer within 0 s|no complete answer within/);
    expect(out[6]).toMatchObject({ verdict: 'supported', fallback: false });
    expect(judge.stats).toMatchObject({ claims: 7, judged: 1, fallbacks: 6 });
    expect(judge.stats.fallbackKinds).toEqual({ malformed: 2, refusal: 1, stream: 1, error: 1, timeout: 1 });
    expect(seen).toHaveLength(6);
  });

  it('packs several claims into one request where the context allows, and keeps to the concurrency limit', async () => {
    const { server, judge } = await judgeOver({ claimsPerPrompt: 3, concurrency: 2 });
    server.tokenDelayMs = 2;
    const inputs = Array.from({ length: 4 }, () => [GLAUCOMA, NOT_GLAUCOMA, OFF_TOPIC]).flat();
    const out = await judge.verify(inputs);
    expect(out.map((o) => o.verdict)).toEqual(Array.from({ length: 4 }, () => ['supported', 'contradicted', 'unverifiable']).flat());
    expect(server.requests).toHaveLength(4);
    expect(server.requests.every((r) => r.claims.length === 3)).toBe(true);
    expect(server.requests[0].response_format?.json_schema?.schema).toMatchObject({ required: ['judgements'] });
    expect(server.maxInFlight).toBe(2);

    // A small context window: one claim per request.
    const small = await judgeOver({ claimsPerPrompt: 3, contextTokens: 1_400 });
    await small.judge.verify([GLAUCOMA, NOT_GLAUCOMA]);
    expect(small.server.requests.map((r) => r.claims.length)).toEqual([1, 1]);
  });

  it('a batched answer that skips a claim falls back for that claim only', async () => {
    const engine = new FakeEngine(() => ({
      text: JSON.stringify({ judgements: [{ claim: 1, verdict: 'supported', evidence: 2, reason: 'Evidence 2 says so.' }] }),
    }));
    await engine.load('fake:{}');
    const judge = new LlmJudgeVerifier(engine, { fallback: createFeatureVerifier(), claimsPerPrompt: 2 });
    const out = await judge.verify([GLAUCOMA, NOT_GLAUCOMA]);
    expect(out[0]).toMatchObject({ verdict: 'supported', fallback: false, evidenceIndex: 1 });
    expect(out[1].fallback).toBe(true);
    expect(out[1].reason).toMatch(/gave no judgement for claim 2 of 2/);
    expect(judge.stats.fallbackKinds).toEqual({ skipped: 1 });
  });

  it('cancelling stops the run (no fallback); a fatal error ends it when the caller says so', async () => {
    const { judge } = await judgeOver({}, () => 'stall');
    const ac = new AbortController();
    judge['opts'].signal = ac.signal;
    setTimeout(() => ac.abort(), 100);
    await expect(judge.verify([GLAUCOMA])).rejects.toBeInstanceOf(AbortedError);

    const down = new LlmJudgeVerifier(new OpenAICompatibleEngine({ baseUrl: 'http://127.0.0.1:9', model: 'm' }), {
      fallback: createFeatureVerifier(),
      isFatal: (e) => e instanceof RemoteServerError,
    });
    await expect(down.verify([GLAUCOMA])).rejects.toThrow(/not reachable/);
  });
});

describe('LlmJudgeVerifier in a check: cache and report', () => {
  const chunks = [
    { id: 'g1', corpus: 'eyes', doc: 'g', title: 'Glaucoma', source: 'test', text: "Glaucoma can damage the eye's optic nerve and cause blindness.", sentences: [[0, 62]] as [number, number][], offset: 0 },
    { id: 'c1', corpus: 'eyes', doc: 'c', title: 'Cataract', source: 'test', text: 'Cataracts cloud the lens of the eye.', sentences: [[0, 36]] as [number, number][], offset: 0 },
  ];

  it('caches judged verdicts (key has the model and prompt version), never fallbacks; the report counts fallbacks', async () => {
    const retriever = new BM25Retriever(buildChunkIndex(chunks), new MemoryChunkStore(chunks), 'eyes');
    let refuse = true;
    const { server, judge } = await judgeOver({}, (c) => (refuse && /cannot/.test(c) ? 'refusal' : 'json'));
    const cache = new MemoryVerdictCache();
    const deps = { retriever, verifier: judge, cache, corpora: { eyes: '1' } };
    const answer = 'Glaucoma can damage the optic nerve. Glaucoma cannot damage the optic nerve.';
    const r1 = await checkAnswer(answer, deps);
    expect(r1.claims.map((c) => [c.verdict, c.fallback])).toEqual([['supported', false], [r1.claims[1].verdict, true]]);
    expect(r1.stats.judgeFallbacks).toBe(1);
    expect(r1.verifier).toContain(`llm-judge@Qwen/Qwen3-8B|${JUDGE_PROMPT.version}|`);
    expect(r1.claims[0].evidence[0].title).toBe('Glaucoma'); // the cited evidence first
    refuse = false;
    const r2 = await checkAnswer(answer, deps);
    expect(r2.claims.map((c) => [c.verdict, !!c.cached, c.fallback])).toEqual([['supported', true, false], ['contradicted', false, false]]);
    expect(r2.stats.judgeFallbacks).toBe(0);
    expect(server.requests).toHaveLength(3);
    // Another model → another cache key.
    const other = new LlmJudgeVerifier(judge['engine'], { fallback: createFeatureVerifier(), model: 'other' });
    expect(cacheKey('x', { ...deps, verifier: other }, 5)).not.toBe(cacheKey('x', deps, 5));
  });
});

describe('LlmJudgeVerifier over web-llm’s worker protocol (scripted engine in the handler)', () => {
  function setup() {
    const workers = channelWorkers();
    const engine = new WebLLMEngine({ createWorker: workers.create, thinkingToggle: () => true, appConfig: () => ({ model_list: [] }) });
    cleanups.push(() => engine.dispose());
    return { engine, fake: () => workers.latest().fake };
  }

  it('a think-first model answers JSON under the schema; a lost device falls back', async () => {
    const { engine, fake } = setup();
    const answer = '{"verdict": "supported", "evidence": 2, "reason": "Evidence 2 says glaucoma damages the optic nerve."}';
    await engine.load(fakeModelId({ reasoning: 'The claim and evidence 2 agree.', text: answer }));
    const judge = new LlmJudgeVerifier(engine, { fallback: createFeatureVerifier(), model: 'Qwen3-1.7B-q4f16_1-MLC', thinking: true });
    const [out] = await judge.verify([GLAUCOMA]);
    expect(out).toMatchObject({ verdict: 'supported', evidenceIndex: 1, fallback: false });
    expect(out.reason).toContain('Evidence 2 says glaucoma damages the optic nerve.');
    const req = fake().requests[0];
    expect(JSON.parse(String(req.response_format?.schema))).toMatchObject({ required: ['verdict', 'evidence', 'reason'] });

    await engine.load(fakeModelId({ text: answer, failAt: { token: 3, error: 'DeviceLostError' } }));
    const [lost] = await judge.verify([GLAUCOMA]);
    expect(lost.fallback).toBe(true);
    expect(lost.reason).toMatch(/failed on this claim \(.*(WebGPU device|device).*\)/i);
  });
});

describe('judge prompt and parsing', () => {
  it('the prompt is data, versioned, in English and Chinese; Chinese claims get the Chinese prompt', async () => {
    expect(JUDGE_PROMPT.version).toMatch(/^judge-\d+$/);
    expect(claimLanguage('青光眼会损害视神经。')).toBe('zh');
    expect(claimLanguage('Glaucoma (青光眼) damages the optic nerve.')).toBe('en');
    const engine = new FakeEngine({ text: '{"verdict":"unverifiable","evidence":null,"reason":"证据未提及。"}' });
    await engine.load('fake:{}');
    const judge = new LlmJudgeVerifier(engine, { fallback: createFeatureVerifier() });
    const [out] = await judge.verify([{ claim: '青光眼会损害视神经。', evidence: [ev('白内障使晶状体混浊。', 0)] }]);
    expect(out).toMatchObject({ verdict: 'unverifiable', fallback: false });
    expect(engine.requests[0].messages[0].content).toBe(JUDGE_PROMPT.languages.zh.system);
    expect(engine.requests[0].messages[1].content).toContain('陈述：青光眼会损害视神经。');
    expect(engine.requests[0].messages[1].content).toContain('[1] 白内障使晶状体混浊。');
    expect(judgeMessages([GLAUCOMA], { language: 'en', topK: 1 })[1].content).not.toContain('[2]');
  });

  it('reads JSON after a think block, in code fences, with string numbers; rejects what is wrong', () => {
    expect(extractJudgeJson('```json\n{"verdict":"supported","evidence":1,"reason":"x"}\n```')).toMatchObject({ verdict: 'supported' });
    expect(parseJudgement({ verdict: 'Supported', evidence: '[2]', reason: ' ok ' }, 3)).toEqual({ verdict: 'supported', evidence: 2, reason: 'ok' });
    expect(() => parseJudgement({ verdict: 'maybe', evidence: null, reason: 'x' }, 3)).toThrow(/not supported, contradicted or unverifiable/);
    expect(() => parseJudgement({ verdict: 'supported', evidence: 0, reason: 'x' }, 3)).toThrow(/cites evidence 0/);
    expect(() => parseJudgement({ verdict: 'supported', evidence: 1 }, 3)).toThrow(/no reason/);
    expect(() => extractJudgeJson('')).toThrow(/empty/);
  });
});
