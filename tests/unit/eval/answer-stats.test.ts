import { describe, expect, it } from 'vitest';
import { claimWasChecked, hallucinationScore, summarize } from '../../../src/core/pipeline.ts';
import type { ClaimResult, Evidence, Verdict } from '../../../src/core/types.ts';

const ev: Evidence = { corpus: 'c', chunkId: 'x', source: 's', title: 't', passage: 'p', sentence: 'p', sentenceStart: 0, sentenceEnd: 1, score: 1 };

/** A claim with P(contradicted) = pc; an unverifiable one leans towards the likelier of the two unless `leans` is false. */
function claim(verdict: Verdict, pc: number, leans = true): ClaimResult {
  const rest = (1 - pc) / 2;
  return {
    text: 'x', start: 0, end: 1, part: 'answer', verdict,
    confidence: verdict === 'contradicted' ? pc : rest,
    probabilities: { supported: rest, contradicted: pc, unverifiable: rest },
    evidence: [ev],
    ...(verdict === 'unverifiable' && leans ? { lean: pc > rest ? ('contradicted' as const) : ('supported' as const) } : {}),
  };
}

describe('answer-level stats (summarize)', () => {
  it('gives the shares of supported, contradicted and unchecked claims, all camelCase', () => {
    const s = summarize([claim('supported', 0.1), claim('contradicted', 0.8), claim('unverifiable', 0.2), claim('supported', 0.05)], 7);
    expect(s).toMatchObject({ claims: 4, supported: 2, contradicted: 1, unverifiable: 1, ms: 7 });
    expect(s.supportedShare).toBeCloseTo(0.5);
    expect(s.contradictedShare).toBeCloseTo(0.25);
    expect(s.uncheckedShare).toBeCloseTo(0.25);
    // Report format 2: the old snake_case duplicate of contradictedShare is gone.
    expect(s).not.toHaveProperty('hallucination_rate');
    // The most doubtful claim: P(c) 0.8 against P(s) 0.1 → (1 + 0.7) / 2.
    expect(s.hallucinationScore).toBeCloseTo(0.85);
  });

  it('is how far the evidence leans against the most doubtful checked claim', () => {
    // The unverifiable claim that leans nowhere is left out: P(c) 0.1, P(s) 0.45.
    expect(hallucinationScore([claim('supported', 0.1), claim('unverifiable', 0.5, false)])).toBeCloseTo((1 + 0.1 - 0.45) / 2);
    // The worse of two: P(c) 0.2 against P(s) 0.4.
    expect(hallucinationScore([claim('supported', 0.1), claim('supported', 0.2)])).toBeCloseTo((1 + 0.2 - 0.4) / 2);
    // Balanced or silent evidence reads 0.5; a certain contradiction reads 1.
    expect(hallucinationScore([claim('unverifiable', 1 / 3)])).toBeCloseTo(0.5);
    expect(claimWasChecked(claim('unverifiable', 0.3, false))).toBe(false);
    expect(claimWasChecked(claim('unverifiable', 0.3))).toBe(true);
    expect(claimWasChecked(claim('supported', 0.3))).toBe(true);
  });

  it('is null when nothing could be checked: never 0 %', () => {
    const none = summarize([claim('unverifiable', 0.2, false), claim('unverifiable', 0.1, false)], 1);
    expect(none.hallucinationScore).toBeNull();
    expect(none.uncheckedShare).toBe(1);
    const empty = summarize([], 1);
    expect(empty.hallucinationScore).toBeNull();
    expect(empty).toMatchObject({ supportedShare: 0, contradictedShare: 0, uncheckedShare: 0 });
  });

  it('stays in [0, 1] with out-of-range or missing probabilities', () => {
    const odd = claim('contradicted', 0.9);
    odd.probabilities = { supported: 0, contradicted: 1.4, unverifiable: 0 };
    expect(hallucinationScore([odd])).toBe(1);
    const old = claim('contradicted', 0.7) as Partial<ClaimResult> as ClaimResult;
    delete (old as Partial<ClaimResult>).probabilities;
    expect(hallucinationScore([old])).toBeCloseTo(0.85);
  });
});
