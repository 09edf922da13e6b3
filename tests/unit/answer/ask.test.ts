// The answer pipeline (src/core/answer/ask.ts) on the scripted engine and the
// real MedQuAD pack: stream → claims with spans into the stored reply → report.
import { beforeAll, describe, expect, it } from 'vitest';
import { AnswerPipeline, shiftClaims, type AnswerPhase, type CheckText } from '../../../src/core/answer/ask.ts';
import { chatMessages } from '../../../src/core/conversation.ts';
import { FakeEngine, type FakeScript } from '../../../src/testing/fake-engine.ts';
import type { ChatMessage } from '../../../src/core/engine/types.ts';
import { AbortedError } from '../../../src/core/errors.ts';
import { checkAnswer, MemoryVerdictCache } from '../../../src/core/pipeline.ts';
import { createFeatureVerifier } from '../../../src/core/verify/feature-verifier.ts';
import { splitThinking } from '../../../src/core/claims/think.ts';
import { loadPack, type LoadedCorpus } from '../../../src/cli/corpus.ts';

const QUESTION = 'What is glaucoma, and can it cause blindness?';
const REASONING = 'The user asks about glaucoma. Glaucoma damages the optic nerve.';
const ANSWER =
  "Glaucoma is a group of diseases that can damage the eye's optic nerve. It can result in vision loss and blindness. " +
  'Open-angle glaucoma is the most common form.';

let corpus: LoadedCorpus;
beforeAll(() => {
  corpus = loadPack();
});

/** The real check on the MedQuAD pack, recording what it was asked. */
function medquadCheck(seen: Array<{ text: string; claims?: number; reasoning: boolean }> = []): CheckText {
  return (text, opts) => {
    seen.push({ text, claims: opts.claims?.length, reasoning: opts.checkReasoning });
    return checkAnswer(
      text,
      { retriever: corpus.retriever, verifier: createFeatureVerifier(), corpora: { [corpus.meta.id]: corpus.meta.version }, cache: new MemoryVerdictCache() },
      opts,
    );
  };
}

async function engine(script: FakeScript | ((m: ChatMessage[], o: Parameters<FakeEngine['chat']>[1]) => FakeScript)) {
  const e = new FakeEngine(typeof script === 'function' ? (m, o) => script(m, o) : script);
  await e.load('fake:{}');
  return e;
}

const messages = chatMessages({ systemPrompt: 'Answer briefly.', turns: [{ role: 'user', id: 'q', createdAt: '', content: QUESTION }] });

describe('AnswerPipeline', () => {
  it('streams the answer with its reasoning apart, then checks claims whose spans point into the stored reply', async () => {
    const e = await engine({ reasoning: REASONING, text: ANSWER });
    const phases: AnswerPhase[] = [];
    const shown = { content: '', reasoning: '' };
    let deltas = 0;
    const seen: Array<{ text: string; claims?: number; reasoning: boolean }> = [];
    const p = new AnswerPipeline(e, medquadCheck(seen), { thinking: true, checkReasoning: false, claimsByModel: false });
    const r = await p.ask(messages, {
      onPhase: (ph) => phases.push(ph),
      onText: ({ added, content, reasoning }) => {
        deltas++;
        expect(added).not.toBeNull();
        shown.content += added!.content;
        shown.reasoning += added!.reasoning;
        // What was appended so far is what the pipeline holds.
        expect(shown.content).toBe(content);
        expect(shown.reasoning).toBe(reasoning);
      },
    });
    expect(phases).toEqual(['generating', 'checking']);
    expect(deltas).toBeGreaterThan(10);
    expect(e.requests[0].messages).toEqual(messages);
    expect(e.requests[0].options.thinking).toBe(true);
    expect(r.answer.status).toBe('complete');
    expect(r.answer.content).toBe(ANSWER);
    expect(r.answer.reasoning).toBe(REASONING);
    expect(r.answer.usage?.finish_reason).toBe('stop');
    expect(splitThinking(r.answer.text).answerText).toBe(ANSWER);
    expect(seen).toEqual([{ text: r.answer.text, claims: undefined, reasoning: false }]);
    const report = r.check!.report;
    expect(r.check!.claimSource).toBe('rules');
    expect(report.claims.length).toBeGreaterThanOrEqual(3);
    for (const c of report.claims) {
      expect(c.part).not.toBe('reasoning');
      // Every span lies in the answer part of the stored reply.
      expect(c.start).toBeGreaterThanOrEqual(r.answer.text.length - ANSWER.length);
    }
    const optic = report.claims.find((c) => /optic nerve/.test(c.text))!;
    expect(r.answer.text.slice(optic.start, optic.end)).toContain('optic nerve');
    expect(optic.verdict).toBe('supported');
    expect(optic.evidence[0].title).toMatch(/glaucoma/i);
  });

  it('checks the reasoning too when asked', async () => {
    const e = await engine({ reasoning: REASONING, text: ANSWER });
    const r = await new AnswerPipeline(e, medquadCheck(), { checkReasoning: true, claimsByModel: false }).ask(messages);
    const parts = r.check!.report.claims.map((c) => c.part);
    expect(parts).toContain('reasoning');
    expect(r.check!.checkReasoning).toBe(true);
    for (const c of r.check!.report.claims.filter((x) => x.part === 'reasoning')) {
      expect(REASONING).toContain(r.answer.text.slice(c.start, c.end).trim());
      expect(c.end).toBeLessThanOrEqual(r.answer.text.indexOf('</think>'));
    }
  });

  it('uses the model’s own claims when asked, shifted to their place in the stored reply', async () => {
    const spans = ["Glaucoma is a group of diseases that can damage the eye's optic nerve.", 'Open-angle glaucoma is the most common form.'];
    const e = await engine((_m, o) =>
      o?.response_format
        ? { text: JSON.stringify({ claims: spans.map((s) => ({ claim: s, span: s })) }) }
        : { reasoning: REASONING, text: ANSWER },
    );
    const phases: AnswerPhase[] = [];
    const seen: Array<{ text: string; claims?: number; reasoning: boolean }> = [];
    const r = await new AnswerPipeline(e, medquadCheck(seen), { checkReasoning: false, claimsByModel: true }).ask(messages, {
      onPhase: (ph) => phases.push(ph),
    });
    expect(phases).toEqual(['generating', 'claims', 'checking']);
    expect(e.requests[1].options.response_format?.type).toBe('json_object');
    expect(e.requests[1].messages.at(-1)?.content).toContain(ANSWER);
    expect(seen[0].claims).toBe(2);
    expect(r.check!.claimSource).toBe('model');
    const claims = r.check!.report.claims;
    expect(claims.map((c) => r.answer.text.slice(c.start, c.end))).toEqual(spans);
  });

  it('falls back to the rule-based splitter, saying why, when the model’s list is unusable', async () => {
    const e = await engine((_m, o) => (o?.response_format ? { text: 'Sure! Here are the claims: glaucoma.' } : { text: ANSWER }));
    const r = await new AnswerPipeline(e, medquadCheck(), { checkReasoning: false, claimsByModel: true }).ask(messages);
    expect(r.check!.claimSource).toBe('rules');
    expect(r.check!.fallbackReason).toMatch(/JSON/);
    expect(r.check!.report.claims.length).toBeGreaterThanOrEqual(3);
  });

  it('Stop keeps the text written so far, and that text is checked', async () => {
    const e = await engine({ text: ANSWER + ' ' + ANSWER });
    const p = new AnswerPipeline(e, medquadCheck(), { checkReasoning: false, claimsByModel: false });
    const r = await p.ask(messages, {
      onText: ({ content }) => {
        if (/blindness\./.test(content)) p.stop();
      },
    });
    expect(r.answer.status).toBe('stopped');
    expect(r.answer.content.startsWith('Glaucoma is a group')).toBe(true);
    expect(r.answer.content.length).toBeLessThan(ANSWER.length * 2);
    expect(r.answer.usage?.finish_reason).toBe('abort');
    expect(r.checked).toBe(true);
    expect(r.check!.report.claims.some((c) => /blindness/.test(c.text))).toBe(true);
  });

  it('a failure mid-answer keeps the text so far (interrupted) and reports the raw error; one before any text is a failed answer, not checked', async () => {
    const failures: unknown[] = [];
    const e1 = await engine({ text: ANSWER, failAt: { token: 14, error: 'DeviceLostError' } });
    const r1 = await new AnswerPipeline(e1, medquadCheck(), { checkReasoning: false, claimsByModel: false }).ask(messages, {
      onFailure: (err) => failures.push(err),
    });
    expect(r1.answer.status).toBe('interrupted');
    expect(r1.answer.error?.name).toBe('DeviceLostError');
    expect(r1.answer.content.startsWith('Glaucoma is a group of diseases')).toBe(true);
    expect(failures).toHaveLength(1);
    expect(r1.checked).toBe(true);

    const e2 = await engine({ text: ANSWER, failAt: { token: 0, error: 'DeviceLostError' } });
    const seen: unknown[] = [];
    const r2 = await new AnswerPipeline(e2, medquadCheck(seen as never), { checkReasoning: false, claimsByModel: false }).ask(messages);
    expect(r2.answer.status).toBe('failed');
    expect(r2.answer.content).toBe('');
    expect(r2.checked).toBe(false);
    expect(r2.check).toBeUndefined();
    expect(seen).toHaveLength(0);
  });

  it('a check that fails or is stopped gives a checkError, and the answer stays', async () => {
    const e = await engine({ text: ANSWER });
    const failing: CheckText = async () => {
      throw new Error('the evidence store is not readable');
    };
    const r = await new AnswerPipeline(e, failing, { checkReasoning: false, claimsByModel: false }).ask(messages);
    expect(r.answer.content).toBe(ANSWER);
    expect(r.checkError?.message).toMatch(/not readable/);

    // Stop during the check aborts the signal the check was given.
    const holder: { pipeline?: AnswerPipeline } = {};
    const waitsForAbort: CheckText = (_t, opts) =>
      new Promise((_resolve, reject) => {
        opts.signal?.addEventListener('abort', () => reject(new AbortedError('The check was cancelled.')));
        holder.pipeline!.stop();
      });
    const pipeline = new AnswerPipeline(e, waitsForAbort, { checkReasoning: false, claimsByModel: false });
    holder.pipeline = pipeline;
    const stopped = await pipeline.ask(messages);
    expect(stopped.answer.status).toBe('complete');
    expect(stopped.checkError?.name).toBe('AbortedError');
  });

  it('a model that cannot switch its thinking is asked without the switch; think tags in its text still go to the reasoning', async () => {
    const e = await engine({ tokens: ['Reasoning', ' here.', '</think>', '\n\n', 'Glaucoma', ' can', ' damage', ' the', ' optic', ' nerve.'] });
    let resets = 0;
    const r = await new AnswerPipeline(e, medquadCheck(), { checkReasoning: false, claimsByModel: false }).ask(messages, {
      onText: ({ added }) => {
        if (added === null) resets++;
      },
    });
    expect(e.requests[0].options.thinking).toBeUndefined();
    expect(resets).toBe(1); // the close-only tag moved the text before it to the reasoning
    expect(r.answer.reasoning).toBe('Reasoning here.');
    expect(r.answer.content).toBe('Glaucoma can damage the optic nerve.');
    expect(r.check!.report.claims[0].verdict).toBe('supported');
  });
});

describe('shiftClaims', () => {
  it('moves every offset of a claim by the same amount', () => {
    const [c] = shiftClaims([{ text: 'x', start: 1, end: 2, sentenceStart: 0, sentenceEnd: 3, part: 'answer' }], 10);
    expect(c).toEqual({ text: 'x', start: 11, end: 12, sentenceStart: 10, sentenceEnd: 13, part: 'answer' });
  });
});
