import { describe, expect, it } from 'vitest';
import type { Claim } from '../../../src/core/types.ts';
import { splitClaims } from '../../../src/core/claims/index.ts';
import { AbortedError } from '../../../src/core/errors.ts';
import { sentenceSpans } from '../../../src/core/text/sentences.ts';
import {
  CLAIMS_SCHEMA,
  anchorClaims,
  anchorSpan,
  decomposeClaims,
  extractJson,
  parseClaimsJson,
} from '../../../src/core/engine/decompose.ts';
import { FakeEngine, type FakeScript } from '../../../src/testing/fake-engine.ts';

const ANSWER =
  'Metformin is the usual first medicine for type 2 diabetes.  It lowers blood glucose by reducing glucose production in the liver. ' +
  'Common side effects include nausea and diarrhoea.\nIt rarely causes lactic acidosis.';

// A different splitter, to show a caller's fallback is used when given.
const bySentence = (answer: string): Claim[] =>
  sentenceSpans(answer).map(([s, e]) => ({ text: answer.slice(s, e), start: s, end: e, sentenceStart: s, sentenceEnd: e, part: 'answer' }));

async function loaded(respond: FakeScript | ((msgs: Parameters<FakeEngine['chat']>[0]) => FakeScript)): Promise<FakeEngine> {
  const engine = new FakeEngine(typeof respond === 'function' ? (m) => respond(m) : respond);
  await engine.load('fake:{}');
  return engine;
}

const json = (claims: Array<{ claim: string; span: string }>) => JSON.stringify({ claims });

describe('anchorSpan', () => {
  it('finds exact spans, preferring the one after the previous claim', () => {
    const text = 'It helps. It helps.';
    expect(anchorSpan(text, 'It helps.')).toEqual({ start: 0, end: 9, method: 'exact', score: 1 });
    expect(anchorSpan(text, 'It helps.', 5)).toEqual({ start: 10, end: 19, method: 'exact', score: 1 });
  });

  it('ignores case, runs of white space and quote styles', () => {
    const a = anchorSpan(ANSWER, 'metformin is the usual first medicine for TYPE 2 diabetes. it lowers blood glucose');
    expect(a?.method).toBe('normalized');
    expect(ANSWER.slice(a!.start, a!.end)).toBe('Metformin is the usual first medicine for type 2 diabetes.  It lowers blood glucose');
    const q = anchorSpan('Don’t stop insulin.', "don't stop insulin");
    expect(q).toMatchObject({ start: 0, end: 18, method: 'normalized' });
  });

  it('finds a paraphrased span as the best fuzzy window, and refuses unrelated text', () => {
    const a = anchorSpan(ANSWER, 'side effects commonly include nausea and diarrhea');
    expect(a?.method).toBe('fuzzy');
    expect(ANSWER.slice(a!.start, a!.end)).toBe('Common side effects include nausea and diarrhoea');
    expect(a!.score).toBeGreaterThanOrEqual(0.6);
    expect(anchorSpan(ANSWER, 'Aspirin prevents migraines in children')).toBeUndefined();
  });

  it('never matches inside a word', () => {
    expect(anchorSpan(ANSWER, 'y')).toBeUndefined(); // the "y" of "type" is not a span
    expect(anchorSpan('Take the tablet.', 'table')).toBeUndefined();
    expect(anchorSpan('Take the table salt.', 'table')).toMatchObject({ start: 9, end: 14, method: 'exact' });
  });

  it('works on Chinese text without spaces', () => {
    const zh = '高血压需要长期治疗。患者应该定期测量血压。';
    expect(anchorSpan(zh, '患者应定期测量血压')).toMatchObject({ method: 'fuzzy' });
  });
});

describe('anchorClaims', () => {
  it('ties claims to spans and sentences, keeps answer order, drops the unfindable', () => {
    const { claims, dropped, anchors } = anchorClaims(ANSWER, [
      { claim: 'Metformin rarely causes lactic acidosis.', span: 'It rarely causes lactic acidosis.' },
      { claim: 'Metformin is the usual first medicine for type 2 diabetes.', span: 'Metformin is the usual first medicine for type 2 diabetes.' },
      { claim: 'Metformin cures cancer.', span: 'Metformin cures cancer.' },
      { claim: 'Metformin lowers blood glucose.', span: 'it lowers blood glucose' },
    ]);
    expect(claims.map((c) => c.text)).toEqual([
      'Metformin is the usual first medicine for type 2 diabetes.',
      'Metformin lowers blood glucose.',
      'Metformin rarely causes lactic acidosis.',
    ]);
    expect(anchors.map((a) => a.method)).toEqual(['exact', 'normalized', 'exact']);
    const lowers = claims[1];
    expect(ANSWER.slice(lowers.start, lowers.end)).toBe('It lowers blood glucose');
    expect(ANSWER.slice(lowers.sentenceStart, lowers.sentenceEnd)).toBe('It lowers blood glucose by reducing glucose production in the liver.');
    expect(claims.every((c) => c.part === 'answer')).toBe(true);
    expect(dropped).toEqual([{ claim: 'Metformin cures cancer.', span: 'Metformin cures cancer.' }]);
  });
});

describe('decomposeClaims with the fake engine', () => {
  it('asks for the JSON schema without thinking and uses the model claims', async () => {
    const engine = await loaded({
      text: json([
        { claim: 'Metformin is the usual first medicine for type 2 diabetes.', span: 'Metformin is the usual first medicine for type 2 diabetes.' },
        { claim: 'Common side effects of metformin include nausea.', span: 'Common side effects include nausea' },
      ]),
    });
    const r = await decomposeClaims(engine, ANSWER, { fallback: bySentence });
    expect(r.source).toBe('model');
    expect(r.claims.map((c) => ANSWER.slice(c.start, c.end))).toEqual([
      'Metformin is the usual first medicine for type 2 diabetes.',
      'Common side effects include nausea',
    ]);
    const req = engine.requests[0];
    expect(req.options).toMatchObject({ thinking: false, temperature: 0, response_format: { type: 'json_object', schema: CLAIMS_SCHEMA } });
    expect(req.messages[1].content).toContain(ANSWER);
  });

  it('reads JSON after a think block and inside code fences', async () => {
    const engine = await loaded({ reasoning: 'Split it.', text: '```json\n' + json([{ claim: 'Metformin rarely causes lactic acidosis.', span: 'It rarely causes lactic acidosis.' }]) + '\n```' });
    const r = await decomposeClaims(engine, ANSWER, { fallback: bySentence });
    expect(r.source).toBe('model');
    expect(r.claims).toHaveLength(1);
  });

  it('falls back on invalid JSON to splitClaims by default, saying why', async () => {
    const engine = await loaded({ text: 'Here are the claims: metformin, nausea.' });
    const r = await decomposeClaims(engine, ANSWER);
    expect(r.source).toBe('fallback');
    expect(r.fallbackReason).toMatch(/JSON/);
    expect(r.claims).toEqual(splitClaims(ANSWER));
    expect(r.claims.length).toBeGreaterThanOrEqual(4);
    // A caller's own splitter is used when given.
    const mine = await decomposeClaims(engine, ANSWER, { fallback: bySentence });
    expect(mine.claims).toEqual(bySentence(ANSWER));
  });

  it('falls back when the output was cut off at the token limit', async () => {
    const engine = await loaded({ text: json([{ claim: 'Metformin is the usual first medicine.', span: 'Metformin is the usual first medicine' }]) });
    const r = await decomposeClaims(engine, ANSWER, { fallback: bySentence, maxTokens: 5 });
    expect(r.source).toBe('fallback');
    expect(r.fallbackReason).toMatch(/cut off/);
  });

  it('falls back when no claim can be found in the answer', async () => {
    const engine = await loaded({ text: json([{ claim: 'Aspirin cures migraines.', span: 'Aspirin cures migraines.' }]) });
    const r = await decomposeClaims(engine, ANSWER, { fallback: bySentence });
    expect(r.source).toBe('fallback');
    expect(r.dropped).toEqual([{ claim: 'Aspirin cures migraines.', span: 'Aspirin cures migraines.' }]);
  });

  it('falls back when the model has no claims, when the engine fails, or with no model', async () => {
    const empty = await decomposeClaims(await loaded({ text: json([]) }), ANSWER, { fallback: bySentence });
    expect(empty.fallbackReason).toMatch(/no claims/);
    const long = JSON.stringify({ claims: [{ claim: 'Metformin lowers blood glucose.', span: 'It lowers blood glucose' }] }, null, 1);
    const lost = await decomposeClaims(await loaded({ text: long, failAt: { token: 6, error: 'DeviceLostError' } }), ANSWER, { fallback: bySentence });
    expect(lost.source).toBe('fallback');
    expect(lost.fallbackReason).toMatch(/GPU stopped responding/);
    const none = await decomposeClaims(new FakeEngine({ text: '{}' }), ANSWER, { fallback: bySentence });
    expect(none.fallbackReason).toBe('no model loaded');
  });

  it('passes a user abort through instead of falling back', async () => {
    const engine = await loaded({ text: json([{ claim: 'a', span: 'b' }]), tokensPerSecond: 200 });
    const ac = new AbortController();
    const p = decomposeClaims(engine, ANSWER, { fallback: bySentence, signal: ac.signal });
    ac.abort();
    await expect(p).rejects.toBeInstanceOf(AbortedError);
  });

  it('extractJson finds the object among chatter', () => {
    expect(extractJson('Sure! {"claims": []} Hope this helps.')).toEqual({ claims: [] });
    expect(() => extractJson('no json here')).toThrow();
  });
});

describe('parseClaimsJson', () => {
  it('keeps the claims, skips items that are not claims, and names a reply of the wrong shape', () => {
    const reply = { claims: [{ claim: ' Metformin lowers blood sugar. ', span: 'Metformin lowers' }, 'stray text', { claim: 7 }, { claim: 'Aspirin thins the blood.', span: 3 }, [1]] };
    expect(parseClaimsJson(reply)).toEqual([
      { claim: 'Metformin lowers blood sugar.', span: 'Metformin lowers' },
      { claim: 'Aspirin thins the blood.', span: '' },
    ]);
    expect(() => parseClaimsJson({ claims: 'Metformin lowers blood sugar.' })).toThrow('expected an object with a "claims" array (claims: expected list, got "Metformin lowers blood sugar.")');
    expect(() => parseClaimsJson([{ claim: 'x' }])).toThrow('expected an object with a "claims" array (expected object, got a list)');
  });
});
