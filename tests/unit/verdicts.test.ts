import { describe, expect, it } from 'vitest';
import {
  answerScores,
  claimCount,
  FIRM_CONFIDENCE,
  originalText,
  reasonText,
  verdictDisplay,
  verdictWords,
} from '../../src/components/report/verdicts.ts';
import type { ReportStats } from '../../src/core/types.ts';

describe('verdictDisplay', () => {
  it('is firm at or above the cut and tentative ("likely") below it', () => {
    expect(FIRM_CONFIDENCE).toBe(0.75);
    const firm = verdictDisplay({ verdict: 'supported', confidence: 0.75 });
    expect(firm).toMatchObject({ strength: 'firm', label: 'Supported', chipClass: 'chip supported', lean: null, leanText: null });
    const likely = verdictDisplay({ verdict: 'supported', confidence: 0.62 });
    expect(likely).toMatchObject({ strength: 'tentative', label: 'Likely supported', chipClass: 'chip supported tentative' });
    // Compared as shown: 74.9 % reads "75 %", so it is firm; 74.4 % reads "74 %".
    expect(verdictDisplay({ verdict: 'contradicted', confidence: 0.7499 }).strength).toBe('firm');
    expect(verdictDisplay({ verdict: 'contradicted', confidence: 0.744 })).toMatchObject({
      strength: 'tentative',
      label: 'Likely contradicted',
      symbol: '✗',
    });
    expect(verdictDisplay({ verdict: 'contradicted', confidence: 0.98 }).strength).toBe('firm');
  });

  it('treats a missing or broken confidence as tentative, never as firm', () => {
    expect(verdictDisplay({ verdict: 'supported', confidence: Number.NaN }).strength).toBe('tentative');
  });

  it('says which way an unverifiable claim leans, and ignores a lean on other verdicts', () => {
    const lean = verdictDisplay({ verdict: 'unverifiable', confidence: 0.5, lean: 'contradicted' });
    expect(lean).toMatchObject({ strength: 'lean', lean: 'contradicted', label: 'Unverifiable', leanText: 'evidence leans contradicted' });
    expect(verdictWords({ verdict: 'unverifiable', confidence: 0.5, lean: 'contradicted' })).toBe(
      'Unverifiable — evidence leans contradicted',
    );
    expect(verdictDisplay({ verdict: 'unverifiable', confidence: 0.3 })).toMatchObject({ strength: 'open', lean: null, leanText: null });
    expect(verdictDisplay({ verdict: 'unverifiable', confidence: 0.3, lean: 'unverifiable' }).strength).toBe('open');
    // Unverifiable claims are never "tentative", whatever their confidence.
    expect(verdictDisplay({ verdict: 'unverifiable', confidence: 0.3 }).chipClass).toBe('chip unverifiable');
    expect(verdictDisplay({ verdict: 'supported', confidence: 0.9, lean: 'contradicted' })).toMatchObject({ strength: 'firm', leanText: null });
    expect(verdictWords({ verdict: 'supported', confidence: 0.6 })).toBe('Likely supported');
  });
});

describe('claim helpers', () => {
  it('counts a claim and its merged repeats', () => {
    expect(claimCount({})).toBe(1);
    expect(claimCount({ repeats: [] })).toBe(1);
    expect(claimCount({ repeats: [[1, 2], [3, 4]] })).toBe(3);
  });

  it('gives the original text only when the claim was rewritten', () => {
    expect(originalText({ text: 'Glaucoma is always painful.', original: 'It is always painful.' })).toBe('It is always painful.');
    expect(originalText({ text: 'Glaucoma is painful.', original: 'Glaucoma is painful. ' })).toBeNull();
    expect(originalText({ text: 'Glaucoma is painful.' })).toBeNull();
  });

  it('gives a reason only when there is one to show', () => {
    expect(reasonText({ reason: ' the claim says liver; the evidence says pancreas ' })).toBe(
      'the claim says liver; the evidence says pancreas',
    );
    expect(reasonText({ reason: '  ' })).toBeNull();
    expect(reasonText({})).toBeNull();
  });
});

describe('answerScores', () => {
  const base: ReportStats = { claims: 4, supported: 2, contradicted: 1, unverifiable: 1, ms: 1 };

  it('uses the report’s shares and score when it has them', () => {
    const s = answerScores({ ...base, supportedShare: 0.5, contradictedShare: 0.25, uncheckedShare: 0.25, hallucinationScore: 0.41 });
    expect(s).toEqual({ checked: true, supportedShare: 0.5, contradictedShare: 0.25, uncheckedShare: 0.25, score: 0.41 });
  });

  it('derives the shares of an older report from its counts; its score is unknown', () => {
    expect(answerScores(base)).toEqual({ checked: true, supportedShare: 0.5, contradictedShare: 0.25, uncheckedShare: 0.25, score: undefined });
  });

  it('never gives 0 % for an answer where nothing could be checked', () => {
    const none = { ...base, supported: 0, contradicted: 0, unverifiable: 4 };
    // Older report (no new fields) and a new one (score null, shares 0).
    for (const stats of [none, { ...none, supportedShare: 0, contradictedShare: 0, uncheckedShare: 1, hallucinationScore: null }]) {
      expect(answerScores(stats)).toEqual({ checked: false, supportedShare: null, contradictedShare: null, uncheckedShare: 1, score: null });
    }
    // Even a (wrong) 0 score with nothing checked is not shown as 0 %.
    expect(answerScores({ ...none, hallucinationScore: 0 }).score).toBeNull();
  });

  it('has no shares for an answer without claims', () => {
    expect(answerScores({ claims: 0, supported: 0, contradicted: 0, unverifiable: 0, ms: 0 })).toEqual({
      checked: false,
      supportedShare: null,
      contradictedShare: null,
      uncheckedShare: null,
      score: null,
    });
  });

  it('shows "not checked" when the report says the score is null', () => {
    expect(answerScores({ ...base, hallucinationScore: null }).score).toBeNull();
  });
});
