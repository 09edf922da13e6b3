import { describe, expect, it } from 'vitest';
import { nonClaimReason, splitClaims, type NonClaimReason } from '../../../src/core/claims/index.ts';
import { ClaimLensError } from '../../../src/core/errors.ts';

const REASONS: [string, NonClaimReason][] = [
  ['What is type 2 diabetes?', 'question'],
  ['How does metformin work', 'question'],
  ['Does insulin cause weight gain', 'question'],
  ['高血压能治愈吗', 'question'],
  ['为什么会得糖尿病', 'question'],
  ['Great question!', 'greeting'],
  ['Hi there,', 'greeting'],
  ['I hope this information helps you.', 'greeting'],
  ['Best regards', 'greeting'],
  ['Sure! Here is a summary of the key points:', 'greeting'],
  ['您好', 'greeting'],
  ['希望以上信息对您有所帮助。', 'greeting'],
  ['如有其他问题，欢迎继续咨询。', 'greeting'],
  ['As an AI language model, I cannot examine you.', 'disclaimer'],
  ['I am not a doctor.', 'disclaimer'],
  ['This does not constitute medical advice.', 'disclaimer'],
  ['The content is for educational purposes only.', 'disclaimer'],
  ['本回答仅供参考。', 'disclaimer'],
  ['以上建议不能替代医生的面诊。', 'disclaimer'],
  ['Consult your healthcare provider before changing your dose.', 'seek-care'],
  ['You should see a doctor if the rash spreads.', 'seek-care'],
  ['Talk with your pharmacist about interactions.', 'seek-care'],
  ['Seek emergency care if you have chest pain.', 'seek-care'],
  ['请咨询医生。', 'seek-care'],
  ['如症状持续，建议及时就医。', 'seek-care'],
  ['具体用药请遵医嘱。', 'seek-care'],
  ['Treatment options:', 'heading'],
  ['治疗方法：', 'heading'],
  ['Fatigue.', 'fragment'],
  ['Blurred vision', 'fragment'],
  ['头痛', 'fragment'],
];

describe('nonClaimReason', () => {
  for (const [text, reason] of REASONS) {
    it(`${JSON.stringify(text)} → ${reason}`, () => {
      expect(nonClaimReason(text)).toBe(reason);
    });
  }

  it('headings need a predicate', () => {
    expect(nonClaimReason('Symptoms of Type 2 Diabetes', { heading: true })).toBe('heading');
    expect(nonClaimReason('Metformin Lowers Blood Sugar', { heading: true })).toBeNull();
    expect(nonClaimReason('高血压的症状', { heading: true })).toBe('heading');
  });

  it('context makes a short verbless item acceptable', () => {
    expect(nonClaimReason('Blurred vision')).toBe('fragment');
    expect(nonClaimReason('Symptoms: Blurred vision', { contextual: true })).toBeNull();
  });

  for (const text of [
    'Your doctor may prescribe metformin.',
    'Doctors often recommend lifestyle changes first.',
    'When blood sugar is high, the kidneys excrete glucose.',
    'Thirst is a common symptom of diabetes.',
    'High blood pressure damages the arteries over time.',
    'Many people with type 2 diabetes have no symptoms.',
    '高血压是一种常见的慢性病。',
    '医生通常会首先建议改变生活方式。',
  ]) {
    it(`keeps a real claim: ${JSON.stringify(text)}`, () => {
      expect(nonClaimReason(text)).toBeNull();
    });
  }
});

describe('splitClaims input handling', () => {
  it('returns no claims for empty or blank text', () => {
    expect(splitClaims('')).toEqual([]);
    expect(splitClaims(' \n\t ')).toEqual([]);
    expect(splitClaims('<think>only reasoning</think>')).toEqual([]);
  });

  it('throws a named error for input that is not text', () => {
    expect(() => splitClaims(null as unknown as string)).toThrow(ClaimLensError);
    expect(() => splitClaims(42 as unknown as string)).toThrow(/expects the answer as text, got number/);
  });
});
