import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ThinkStream, splitThinkingStream } from '../../../src/core/engine/think-stream.ts';
import { THINK_CASES } from './think-fixtures.ts';

/** Feeds `text` in pieces of the given sizes (cycled). */
function feed(text: string, sizes: number[], stream = new ThinkStream()) {
  let reasoning = '';
  let answer = '';
  let resets = 0;
  let i = 0;
  let k = 0;
  while (i < text.length) {
    const n = sizes[k++ % sizes.length];
    const u = stream.push(text.slice(i, i + n));
    reasoning += u.reasoning;
    answer += u.answer;
    if (u.reset) resets++;
    i += n;
  }
  const u = stream.end();
  reasoning += u.reasoning;
  answer += u.answer;
  return { stream, reasoning, answer, resets, result: stream.result() };
}

// Deterministic pseudo-random chunk sizes 1..7.
function sizes(seed: number, n = 64): number[] {
  const out: number[] = [];
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    out.push(1 + (x % 7));
  }
  return out;
}

describe('ThinkStream on whole texts and any chunking', () => {
  for (const c of THINK_CASES) {
    it(c.name, () => {
      for (const chunking of [[c.text.length || 1], [1], [2], [3], sizes(7), sizes(42)]) {
        const { result } = feed(c.text, chunking);
        expect(result.reasoningText, `chunks ${chunking.slice(0, 4)}`).toBe(c.reasoning);
        expect(result.answerText, `chunks ${chunking.slice(0, 4)}`).toBe(c.answer);
        expect(result.open).toBe(c.open ?? false);
      }
    });
  }
});

describe('ThinkStream streaming behaviour', () => {
  it('never lets tag text into the deltas when tags are split across deltas', () => {
    const text = '<think>\nDose by weight.\n</think>\n\nGive 15 mg/kg.';
    for (const chunking of [[1], [2], [5], sizes(3)]) {
      const { reasoning, answer } = feed(text, chunking);
      expect(reasoning + answer).not.toMatch(/<\/?\s*think/);
      expect(reasoning.trim()).toBe('Dose by weight.');
      expect(answer.trim()).toBe('Give 15 mg/kg.');
    }
  });

  it('holds back a partial tag and releases it when it turns out not to be one', () => {
    const s = new ThinkStream();
    expect(s.push('eGFR <').answer).toBe('eGFR ');
    expect(s.push(' 30 is low').answer).toBe('< 30 is low');
    expect(s.answerText).toBe('eGFR < 30 is low');
  });

  it('moves streamed text to reasoning when a closing tag comes first (reset)', () => {
    const s = new ThinkStream();
    const u1 = s.push('Weigh the risks.');
    expect(u1.answer).toBe('Weigh the risks.');
    expect(s.answerText).toBe('Weigh the risks.');
    const u2 = s.push('\n</think>\n\nUse the lower dose.');
    expect(u2.reset).toBe(true);
    expect(s.reasoningText).toBe('Weigh the risks.');
    expect(s.answerText).toBe('Use the lower dose.');
  });

  it('starts inside a block when the template opened it, without a reset', () => {
    const { result, resets } = feed('Weigh the risks.</think>Use the lower dose.', [4], new ThinkStream({ startInReasoning: true }));
    expect(resets).toBe(0);
    expect(result.reasoningText).toBe('Weigh the risks.');
    expect(result.answerText).toBe('Use the lower dose.');
    const cut = feed('Weigh the risks and', [3], new ThinkStream({ startInReasoning: true })).result;
    expect(cut.reasoningText).toBe('Weigh the risks and');
    expect(cut.open).toBe(true);
  });

  it('reports whether it is inside a block as the stream goes', () => {
    const s = new ThinkStream();
    s.push('<thi');
    expect(s.inReasoning).toBe(false);
    s.push('nk>Checking');
    expect(s.inReasoning).toBe(true);
    s.push('</think>Answer');
    expect(s.inReasoning).toBe(false);
  });

  it('takes server-separated reasoning (reasoning_content) as reasoning whatever it contains', () => {
    const s = new ThinkStream();
    s.pushReasoning('Check kidney ');
    s.pushReasoning('function </think> first.');
    s.push('Reduce the dose.');
    s.end();
    expect(s.reasoningText).toBe('Check kidney function </think> first.');
    expect(s.answerText).toBe('Reduce the dose.');
  });

  it('gives a tagged form that splits back into the same texts', () => {
    for (const c of THINK_CASES) {
      const r = splitThinkingStream(c.text);
      const again = splitThinkingStream(r.tagged);
      expect(again.reasoningText).toBe(r.reasoningText);
      expect(again.answerText).toBe(r.answerText);
    }
  });
});

// The non-streaming splitter lives in src/core/claims/think.ts (another
// branch). Once both are merged this runs the same texts through both.
const thinkPath = fileURLToPath(new URL('../../../src/core/claims/think.ts', import.meta.url));
const hasSplitThinking = existsSync(thinkPath);
describe.skipIf(!hasSplitThinking)('agrees with splitThinking()', () => {
  it('same reasoning and answer for every fixture', async () => {
    const mod = (await import(/* @vite-ignore */ thinkPath)) as {
      splitThinking(text: string): { reasoningText: string; answerText: string; open: boolean };
    };
    for (const c of THINK_CASES) {
      const a = mod.splitThinking(c.text);
      const b = splitThinkingStream(c.text);
      expect([b.reasoningText, b.answerText, b.open], c.name).toEqual([a.reasoningText, a.answerText, a.open]);
    }
  });
});
