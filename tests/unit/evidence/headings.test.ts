import { describe, expect, it } from 'vitest';
import { evidenceHeading, isPluralSubject, plainQuestion, plainSubject } from '../../../src/core/evidence/headings.ts';
import { importMedQuADEntries } from '../../../src/core/evidence/medquad.ts';
import { hasMedQuAD, medquadFiles, NO_SHARED } from './shared.ts';

if (!hasMedQuAD) console.warn(NO_SHARED);

describe('plainQuestion on MedQuAD questions', () => {
  it('drops "(are)" and lowers the words a title case capitalises', () => {
    expect(plainQuestion('What is (are) Glaucoma?', 'Glaucoma')).toBe('What is glaucoma?');
    expect(plainQuestion('What is (are) Chronic Kidney Disease?', 'Chronic Kidney Disease')).toBe('What is chronic kidney disease?');
    expect(plainQuestion('What is (are) Kidney Stones in Adults?', 'Kidney Stones in Adults')).toBe('What are kidney stones in adults?');
    expect(plainQuestion('What is (are) Bladder Diseases?', 'Bladder Diseases')).toBe('What are bladder diseases?');
    expect(plainQuestion("What is (are) Raynaud's Disease?", "Raynaud's Disease")).toBe("What is Raynaud's disease?");
    expect(plainQuestion('What is (are) Charcot-Marie-Tooth Disease?')).toBe('What is Charcot-Marie-Tooth disease?');
    expect(plainQuestion('What is (are) COACH syndrome?', 'COACH syndrome')).toBe('What is COACH syndrome?');
    expect(plainQuestion('What is (are) Diabetes?', 'Diabetes')).toBe('What is diabetes?');
  });

  it('keeps names and mixed titles as written', () => {
    expect(plainQuestion('What is (are) Adult Acute Lymphoblastic Leukemia?')).toBe('What is Adult Acute Lymphoblastic Leukemia?');
    expect(plainQuestion('Is Huntington disease inherited?', 'Huntington disease')).toBe('Is Huntington disease inherited?');
    expect(plainQuestion('What are the symptoms of ADCY5-related dyskinesia?')).toBe('What are the symptoms of ADCY5-related dyskinesia?');
  });

  it('reads the other templates in plain words', () => {
    expect(plainQuestion('How to diagnose Cystic Fibrosis?', 'Cystic Fibrosis')).toBe('How is Cystic Fibrosis diagnosed?');
    expect(plainQuestion('How to prevent High Blood Pressure?', 'High Blood Pressure')).toBe('How can high blood pressure be prevented?');
    expect(plainQuestion('what research (or clinical trials) is being done for Neuroblastoma?')).toBe('What research is being done on neuroblastoma?');
    expect(plainQuestion('What are the genetic changes related to Costello syndrome?')).toBe('What genetic changes are related to Costello syndrome?');
    expect(plainQuestion('Do you have information about Drinking Water', 'Drinking Water')).toBe('What is there to know about Drinking Water?');
    expect(plainQuestion('what is holmes-adie syndrome?')).toBe('What is holmes-adie syndrome?');
  });

  it('does not glue a document title into a question', () => {
    const focus = 'Am I at Risk for Type 2 Diabetes? Taking Steps to Lower Your Risk of Getting Diabetes';
    expect(plainQuestion(`Who is at risk for ${focus}?`, focus)).toBe('Who is at risk?');
    expect(plainQuestion('What causes Causes of Diabetes?', 'Causes of Diabetes')).toBe('What causes it?');
    expect(plainQuestion('What causes What I need to know about Gas?', 'What I need to know about Gas')).toBe('What causes gas?');
  });

  it('says "is" or "are" by the subject', () => {
    expect(isPluralSubject('Anxiety Disorders')).toBe(true);
    expect(isPluralSubject('Varicose Veins')).toBe(true);
    expect(isPluralSubject('Diabetes')).toBe(false);
    expect(isPluralSubject('Shingles')).toBe(false);
    expect(isPluralSubject('Sarcoidosis')).toBe(false);
    expect(isPluralSubject('Hepatitis C')).toBe(false);
    expect(isPluralSubject('Heart Disease in Women')).toBe(false);
    expect(plainSubject('CADASIL')).toBe('CADASIL');
  });
});

describe('evidenceHeading', () => {
  it('shows the document title and the question apart', () => {
    const focus = 'Am I at Risk for Type 2 Diabetes? Taking Steps to Lower Your Risk of Getting Diabetes';
    expect(evidenceHeading({ title: `Who is at risk for ${focus}?`, question: `Who is at risk for ${focus}?`, focus })).toEqual({
      title: focus,
      question: 'Who is at risk?',
    });
    expect(evidenceHeading({ title: 'What is (are) Glaucoma?', focus: 'Glaucoma' })).toEqual({ title: 'Glaucoma', question: 'What is glaucoma?' });
    expect(evidenceHeading({ title: 'How many people are affected by alkaptonuria?', focus: 'alkaptonuria' })).toEqual({
      title: 'Alkaptonuria',
      question: 'How many people are affected by alkaptonuria?',
    });
  });

  it('reads evidence stored before it carried the focus, from the title alone', () => {
    expect(evidenceHeading({ title: 'What is (are) Glaucoma?' })).toEqual({ title: 'Glaucoma', question: 'What is glaucoma?' });
  });

  it('leaves a title that is no MedQuAD question as it is', () => {
    expect(evidenceHeading({ title: 'notes.md' })).toEqual({ title: 'notes.md' });
    expect(evidenceHeading({ title: 'Glaucoma fact sheet' })).toEqual({ title: 'Glaucoma fact sheet' });
  });
});

describe.skipIf(!hasMedQuAD)('evidence headings of the real MedQuAD archive', () => {
  it('never shows "(are)" or a title glued into a question', () => {
    const files = medquadFiles((n) => /\/(5_NIDDK_QA|7_SeniorHealth_QA|4_MPlus_Health_Topics_QA)\/.*\.xml$/.test(n));
    const result = importMedQuADEntries(Object.entries(files).map(([name, bytes]) => ({ name, bytes })), 'medquad');
    expect(result.chunks.length).toBeGreaterThan(1000);
    const headings = result.chunks.map((c) => evidenceHeading(c));
    for (const h of headings) {
      expect(h.question ?? '').not.toMatch(/\(are\)|\?.*\?|What I need to know|for Am I/);
      expect(h.title).not.toMatch(/^(What is \(are\)|Who is at risk for|How to diagnose)/);
    }
    const risk = headings.find((h) => h.title.startsWith('Am I at Risk for Type 2 Diabetes?') && h.question === 'Who is at risk?');
    expect(risk).toBeDefined();
  });
});
