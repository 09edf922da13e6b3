import { describe, expect, it } from 'vitest';
import type { ClaimResult, Evidence } from '../../src/core/types.ts';
import { languageReason, missingLanguage, textScript } from '../../src/components/report/language.ts';

const ev = (passage: string): Evidence => ({
  corpus: 'c',
  chunkId: 'x#0',
  source: 's',
  title: 't',
  passage,
  sentence: passage,
  sentenceStart: 0,
  sentenceEnd: passage.length,
  score: 1,
});
const claim = (text: string, evidence: Evidence[] = []): ClaimResult => ({
  text,
  start: 0,
  end: text.length,
  part: 'answer',
  verdict: 'unverifiable',
  confidence: 0.5,
  probabilities: { supported: 0.25, contradicted: 0.25, unverifiable: 0.5 },
  evidence,
});

describe('textScript', () => {
  it('tells Chinese, Japanese and Korean from the rest', () => {
    expect(textScript('青光眼会损害视神经。')).toBe('chinese');
    expect(textScript('二甲双胍是2型糖尿病的一线药物 (metformin)。')).toBe('chinese');
    expect(textScript('緑内障は視神経を傷つけます。')).toBe('japanese');
    expect(textScript('녹내장은 시신경을 손상시킵니다.')).toBe('korean');
    expect(textScript('Glaucoma damages the optic nerve.')).toBe('other');
    expect(textScript('HbA1c 7%')).toBe('other');
  });
});

describe('missingLanguage', () => {
  it('names the language when no evidence found is in it', () => {
    const zh = claim('青光眼会损害视神经。', [ev('Glaucoma is a group of diseases that can damage the optic nerve.')]);
    expect(missingLanguage(zh)).toBe('Chinese');
    expect(missingLanguage(claim('青光眼会损害视神经。'))).toBe('Chinese');
  });

  it('says nothing when some corpus has text in the language, or for English claims', () => {
    const withZh = claim('青光眼会损害视神经。', [ev('青光眼是一组会损害视神经的眼病。')]);
    expect(missingLanguage(withZh)).toBeUndefined();
    const other = claim('青光眼不会导致失明。');
    expect(missingLanguage(other, [other, withZh])).toBeUndefined();
    expect(missingLanguage(claim('Glaucoma damages the optic nerve.'))).toBeUndefined();
  });
});

describe('languageReason', () => {
  it('replaces "no passage matched" for a claim in a language no corpus has', () => {
    const zh = claim('青光眼会损害视神经。');
    expect(languageReason(zh, [zh], 'No evidence passage matched the claim.')).toBe('No installed corpus has text in Chinese.');
    const en = claim('Glaucoma damages the optic nerve.');
    expect(languageReason(en, [en], 'No evidence passage matched the claim.')).toBe('No evidence passage matched the claim.');
  });
});
