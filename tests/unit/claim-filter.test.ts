import { describe, expect, it } from 'vitest';
import type { ClaimResult, Verdict } from '../../src/core/types.ts';
import { claimKey, claimRows, DEFAULT_FILTER, itemRows, verdictCounts } from '../../src/components/report/claim-filter.ts';

function claim(text: string, verdict: Verdict, confidence: number, extra: Partial<ClaimResult> = {}): ClaimResult {
  return {
    text,
    start: 0,
    end: text.length,
    part: 'answer',
    verdict,
    confidence,
    probabilities: { supported: 0, contradicted: 0, unverifiable: 0, [verdict]: confidence },
    evidence: [],
    ...extra,
  };
}

// A long answer: 120 claims, half of them one claim said again (in other case and punctuation).
const claims: ClaimResult[] = [];
for (let i = 0; i < 40; i++) {
  claims.push(claim(`Glaucoma damages the optic nerve.`, 'supported', 0.9));
  claims.push(claim(`glaucoma damages the optic nerve`, 'supported', 0.9));
  claims.push(claim(`Claim number ${i} is doubtful.`, i % 2 ? 'contradicted' : 'unverifiable', 0.4 + (i % 5) / 10));
}

describe('claimRows', () => {
  it('groups identical claims (case and punctuation aside) and counts them', () => {
    const { rows, hidden } = claimRows(claims, DEFAULT_FILTER);
    expect(hidden).toBe(0);
    expect(rows).toHaveLength(41);
    expect(rows[0].members).toHaveLength(80);
    expect(rows[0].count).toBe(80);
    expect(rows[0].index).toBe(0);
    expect(claimKey('Glaucoma damages the optic nerve.')).toBe(claimKey(' glaucoma  damages the optic-nerve'));
  });

  it('counts the repeats the pipeline merged already', () => {
    const merged = [claim('Asthma is a lung disease.', 'supported', 0.8, { repeats: [[10, 20], [30, 40]] })];
    expect(claimRows(merged, DEFAULT_FILTER).rows[0].count).toBe(3);
  });

  it('does not group identical words with different verdicts or parts', () => {
    const mixed = [claim('X is Y.', 'supported', 0.8), claim('X is Y.', 'contradicted', 0.8), claim('X is Y.', 'supported', 0.8, { part: 'reasoning' })];
    expect(claimRows(mixed, DEFAULT_FILTER).rows).toHaveLength(3);
  });

  it('filters by verdict and confidence, and says how many are hidden', () => {
    const { rows, hidden } = claimRows(claims, { ...DEFAULT_FILTER, group: false, verdict: 'contradicted', minConfidence: 0.6 });
    expect(rows.every((r) => r.claim.verdict === 'contradicted' && r.claim.confidence >= 0.6)).toBe(true);
    expect(rows.length + hidden).toBe(120);
    expect(rows.length).toBeGreaterThan(0);
  });

  it('sorts by verdict (contradicted first) and by confidence, answer order breaking ties', () => {
    const byVerdict = claimRows(claims, { ...DEFAULT_FILTER, sort: 'verdict' }).rows.map((r) => r.claim.verdict);
    expect(byVerdict[0]).toBe('contradicted');
    expect(byVerdict.at(-1)).toBe('supported');
    const desc = claimRows(claims, { ...DEFAULT_FILTER, group: false, sort: 'confidence-desc' }).rows;
    for (let i = 1; i < desc.length; i++) expect(desc[i - 1].claim.confidence).toBeGreaterThanOrEqual(desc[i].claim.confidence);
    const asc = claimRows(claims, { ...DEFAULT_FILTER, group: false, sort: 'confidence-asc' }).rows;
    expect(asc[0].claim.confidence).toBeLessThanOrEqual(asc.at(-1)!.claim.confidence);
  });

  it('keeps indices into the report', () => {
    const rows = claimRows(claims, { ...DEFAULT_FILTER, group: false, sort: 'confidence-asc' }).rows;
    for (const r of rows) expect(claims[r.index]).toBe(r.claim);
    expect(verdictCounts(claims)).toEqual({ supported: 80, contradicted: 20, unverifiable: 20 });
  });
});

describe('itemRows (the claim table of a batch run)', () => {
  // The same 120 claims said by two models.
  const items = claims.map((c, i) => ({ id: `a:${i}`, claim: c, model: i % 2 ? 'model-b' : 'model-a' }));
  const base = { ...DEFAULT_FILTER, maxConfidence: 1, text: '' };

  it('groups the same way as the claim list, and a model filter keeps only that model', () => {
    expect(itemRows(items, (i) => i.claim, base).rows.map((r) => r.members)).toEqual(claimRows(claims, DEFAULT_FILTER).rows.map((r) => r.members));
    const { rows } = itemRows(items, (i) => i.claim, { ...base, group: false }, { keep: (i) => i.model === 'model-b' });
    expect(rows).toHaveLength(60);
    expect(rows.every((r) => r.item.model === 'model-b')).toBe(true);
  });

  it('filters by a confidence range and by words (case and punctuation aside)', () => {
    const { rows, hidden } = itemRows(items, (i) => i.claim, { ...base, group: false, minConfidence: 0.5, maxConfidence: 0.6 });
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.claim.confidence >= 0.5 - 1e-9 && r.claim.confidence <= 0.6 + 1e-9)).toBe(true);
    expect(rows.length + hidden).toBe(120);
    const words = itemRows(items, (i) => i.claim, { ...base, group: false, text: 'NUMBER 1 is' }).rows.map((r) => r.claim.text);
    expect(words).toEqual(['Claim number 1 is doubtful.']);
  });

  it('sorts the most often said claims first, and can group per model', () => {
    const byCount = itemRows(items, (i) => i.claim, { ...base, sort: 'count-desc' }).rows;
    expect(byCount[0].count).toBe(80);
    const perModel = itemRows(items, (i) => i.claim, base, { groupBy: (i) => i.model }).rows;
    expect(perModel.filter((r) => claimKey(r.claim.text).startsWith('glaucoma')).map((r) => r.count)).toEqual([40, 40]);
  });
});
