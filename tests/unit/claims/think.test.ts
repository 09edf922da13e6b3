import { describe, expect, it } from 'vitest';
import { splitClaims, splitThinking } from '../../../src/core/claims/index.ts';
import { expectValidSpans, pairs } from './helpers.ts';

const slices = (text: string, spans: [number, number][]) => spans.map(([s, e]) => text.slice(s, e));

describe('splitThinking', () => {
  it('separates a closed <think> block from the answer', () => {
    const text = '<think>\nAspirin thins the blood.\n</think>\n\nAspirin reduces fever.';
    const p = splitThinking(text);
    expect(slices(text, p.reasoning)).toEqual(['\nAspirin thins the blood.\n']);
    expect(slices(text, p.answer)).toEqual(['\n\nAspirin reduces fever.']);
    expect(p.reasoningText).toBe('Aspirin thins the blood.');
    expect(p.answerText).toBe('Aspirin reduces fever.');
    expect(p.open).toBe(false);
  });

  it('reads everything before a lone </think> as reasoning (opening tag in the prompt)', () => {
    const text = 'Let me think. Aspirin thins the blood.</think>Aspirin reduces fever.';
    const p = splitThinking(text);
    expect(p.reasoningText).toBe('Let me think. Aspirin thins the blood.');
    expect(p.answerText).toBe('Aspirin reduces fever.');
    expect(p.open).toBe(false);
  });

  it('treats an unclosed <think> as reasoning still streaming', () => {
    const text = 'Aspirin reduces fever. <think>Maybe add that aspirin thins the blood';
    const p = splitThinking(text);
    expect(p.answerText).toBe('Aspirin reduces fever.');
    expect(p.reasoningText).toBe('Maybe add that aspirin thins the blood');
    expect(p.open).toBe(true);
  });

  it('handles case, spaces in tags, <thinking>, and several blocks', () => {
    const text = '<THINK>one</ THINK>A.<thinking>two</thinking>B.';
    const p = splitThinking(text);
    expect(slices(text, p.reasoning)).toEqual(['one', 'two']);
    expect(slices(text, p.answer)).toEqual(['A.', 'B.']);
  });

  it('returns the whole text as answer when there is no tag', () => {
    const p = splitThinking('Insulin lowers blood sugar.');
    expect(p.answer).toEqual([[0, 27]]);
    expect(p.reasoning).toEqual([]);
    expect(p.open).toBe(false);
  });
});

describe('splitClaims with reasoning', () => {
  const answer =
    '<think>\nThe user asks about aspirin. Aspirin irreversibly inhibits platelets.\n</think>\n\nAspirin reduces fever and pain.';

  it('ignores reasoning by default', () => {
    expect(pairs(answer)).toEqual([
      ['fever', 'Aspirin reduces fever.'],
      ['pain', 'Aspirin reduces pain.'],
    ]);
    expect(splitClaims(answer).every((c) => c.part === 'answer')).toBe(true);
  });

  it("returns reasoning claims with part 'reasoning' when asked", () => {
    const claims = splitClaims(answer, { checkReasoning: true });
    expectValidSpans(answer, claims);
    expect(claims.map((c) => [answer.slice(c.start, c.end), c.part])).toEqual([
      ['The user asks about aspirin.', 'reasoning'],
      ['Aspirin irreversibly inhibits platelets.', 'reasoning'],
      ['fever', 'answer'],
      ['pain', 'answer'],
    ]);
  });

  it('never lets a tag into a claim, with or without the opening tag', () => {
    for (const text of [
      'Aspirin thins the blood.</think>Aspirin reduces fever.',
      'Aspirin reduces fever.<think>Aspirin thins the blood',
      '<think>Aspirin thins the blood.</think>Aspirin reduces fever.<think>Ibuprofen too.</think>Rest helps recovery.',
    ]) {
      const claims = splitClaims(text, { checkReasoning: true });
      expectValidSpans(text, claims);
      for (const c of claims) expect(c.text).not.toMatch(/think/i);
    }
    expect(pairs('Aspirin thins the blood.</think>Aspirin reduces fever.')).toEqual([
      ['Aspirin reduces fever.', 'Aspirin reduces fever.'],
    ]);
    expect(
      splitClaims('Aspirin reduces fever.<think>Aspirin thins the blood', { checkReasoning: true }).map((c) => [c.text, c.part]),
    ).toEqual([
      ['Aspirin reduces fever.', 'answer'],
      ['Aspirin thins the blood', 'reasoning'],
    ]);
  });

  it('handles Chinese reasoning (Baichuan-M2 / Qwen3 style)', () => {
    const text = '<think>用户问高血压。高血压会损害肾脏。</think>\n高血压是一种常见的慢性病。';
    expect(pairs(text)).toEqual([['高血压是一种常见的慢性病。', '高血压是一种常见的慢性病。']]);
    expect(splitClaims(text, { checkReasoning: true }).map((c) => [c.text, c.part])).toEqual([
      ['高血压会损害肾脏。', 'reasoning'],
      ['高血压是一种常见的慢性病。', 'answer'],
    ]);
  });
});
