import { describe, expect, it } from 'vitest';
import { align, analyse, areAntonyms, areSynonyms, quantities } from '../../../src/core/verify/align.ts';
import { contradictionCue } from '../../../src/core/verify/feature-verifier.ts';
import { stem } from '../../../src/core/text/tokenize.ts';

const aligned = (claim: string, evidence: string) => align(analyse(claim), analyse(evidence));

describe('alignment cues', () => {
  it('finds the same relation with another argument, even when the claim word appears elsewhere', () => {
    const a = aligned('Insulin is made in the liver.', 'Insulin is made in the pancreas, an organ located behind the stomach and below the liver.');
    expect(a.coverage).toBe(1);
    expect(a.sameClass.map((p) => [p.claim.surface, p.evidence.surface])).toEqual([['liver', 'pancreas']]);
    expect(contradictionCue(a)).toBe('the claim says “liver”; the evidence says “pancreas”');
  });

  it('does not call a list member a substitution', () => {
    const a = aligned('The flu causes fever.', 'The flu causes headache, fever and muscle aches.');
    expect(a.sameClass).toEqual([]);
    expect(a.substitutions).toEqual([]);
  });

  it('finds an unmatched argument in the same slot (median vs ulnar nerve)', () => {
    const a = aligned('Carpal tunnel syndrome presses on the median nerve.', 'Carpal tunnel syndrome presses on the ulnar nerve.');
    expect(a.substitutions.map((p) => [p.claim.surface, p.evidence.surface])).toEqual([['median', 'ulnar']]);
  });

  it('reads opposites from WordNet and the project lexicon', () => {
    expect(areAntonyms(stem('dominant'), stem('recessive'))).toBe(true);
    expect(areAntonyms(stem('viral'), stem('bacterial'))).toBe(true);
    expect(areAntonyms(stem('infectious'), stem('noninfectious'))).toBe(true);
    const a = aligned('The disease is inherited in an autosomal dominant pattern.', 'This condition is inherited in an autosomal recessive pattern.');
    expect(contradictionCue(a)).toBe('the claim says “dominant”; the evidence says “recessive”');
  });

  it('matches WordNet synonyms as alignment, not as a conflict', () => {
    expect(areSynonyms(stem('physician'), stem('doctor'))).toBe(true);
    const a = aligned('Ask a physician about the vaccine.', 'Ask your doctor about the vaccine.');
    expect(a.synonyms.map((p) => p.evidence.surface)).toContain('doctor');
    expect(a.coverage).toBeGreaterThan(0.9);
  });

  it('scopes negation to the words it governs', () => {
    expect(aligned('Hypertension often has no symptoms.', 'High blood pressure usually has no symptoms.').negationMismatch).toBe(false);
    expect(aligned('Aspirin does not lower the risk of stroke.', 'Aspirin lowers the risk of stroke.').negationMismatch).toBe(true);
    // A negation elsewhere in a long evidence sentence does not flip the claim.
    expect(
      aligned('Exercise lowers blood pressure.', 'Exercise lowers blood pressure, but it is not a replacement for medicine.').negationMismatch,
    ).toBe(false);
  });

  it('compares quantifiers and modality', () => {
    const a = aligned('Glaucoma is always painful in its early stages.', 'Glaucoma often has no symptoms in its early stages.');
    expect(a.quantifier).toEqual({ claim: 'always', evidence: 'often' });
    expect(aligned('A few patients developed antibodies.', 'Most patients developed antibodies.').quantifier).toEqual({ claim: 'few', evidence: 'most' });
  });

  it('compares direction', () => {
    expect(aligned('Smoking increases the risk of cancer.', 'Smoking decreases the risk of cancer.').direction).toEqual({ claim: 'increases', evidence: 'decreases' });
  });

  it('compares numbers with units, ranges and comparatives', () => {
    expect(aligned('More than half of adults have the condition.', 'About 56 percent of adults have the condition.').numbers).toMatchObject({ match: 1, mismatch: null });
    expect(aligned('The attack rate is 80 percent.', 'The attack rate was 12·4%.').numbers.mismatch).toEqual({ claim: '80 percent', evidence: '12.4%' });
    expect(aligned('Blood sugar below 70 mg/dL is low.', 'Blood sugar below 70 mg/dL is too low.').numbers.match).toBe(1);
    const q = quantities('Type 2 diabetes affects 1 in 10 people; stage 3 means 20-30 mmHg.');
    expect(q.map((x) => x.unit)).toEqual(['', 'count', 'mmhg']);
  });

  it('names the claim word that nothing in the evidence matches', () => {
    const a = aligned('Asthma spreads by coughing.', 'Coughing from asthma often is worse at night.');
    expect(a.keyMissing?.surface).toBe('spreads');
    // "spreads" and "coughing" are relation words; only "coughing" is in the evidence.
    expect(a.relations - a.relationsMatched).toBe(1);
  });
});
