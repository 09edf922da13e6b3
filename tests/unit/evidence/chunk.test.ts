import { describe, expect, it } from 'vitest';
import { chunkDocument, chunkSentences, type ChunkBase } from '../../../src/core/evidence/chunk.ts';
import { expectHonestChunks } from './helpers.ts';

const base: ChunkBase = { idPrefix: 'doc-1', corpus: 'test', doc: 'doc-1', title: 'A title', source: 'unit', url: 'https://example.org/a' };

describe('chunkDocument', () => {
  it('keeps each chunk within 4 sentences and 600 characters, ids in order', () => {
    const sentences = Array.from({ length: 30 }, (_, i) => `Sentence number ${i + 1} says that aspirin can ${i % 2 ? 'reduce' : 'increase'} the risk of event ${i}.`);
    const text = sentences.join(' ');
    const chunks = chunkDocument(text, base);
    expect(chunks.length).toBeGreaterThanOrEqual(Math.ceil(30 / 4));
    chunks.forEach((c, i) => {
      expect(c.id).toBe(`doc-1#${i}`);
      expect(c.sentences.length).toBeGreaterThanOrEqual(1);
      expect(c.sentences.length).toBeLessThanOrEqual(4);
      expect(c.text.length).toBeLessThanOrEqual(600);
      expect(c).toMatchObject({ corpus: 'test', doc: 'doc-1', title: 'A title', source: 'unit', url: 'https://example.org/a' });
    });
    // Every sentence lands in exactly one chunk, in order.
    const got = chunks.flatMap((c) => c.sentences.map(([s, e]) => c.text.slice(s, e)));
    expect(got).toEqual(sentences);
    expectHonestChunks(text, chunks);
  });

  it('honours smaller limits', () => {
    const text = 'One short sentence here. Two short sentence here. Three short sentence here. Four short sentence here. Five.';
    const byCount = chunkDocument(text, base, { maxSentences: 2, minChars: 0 });
    expect(byCount.map((c) => c.sentences.length)).toEqual([2, 2, 1]);
    const byChars = chunkDocument(text, base, { maxChars: 60, minChars: 0 });
    for (const c of byChars) expect(c.text.length).toBeLessThanOrEqual(60);
    expect(byChars.length).toBeGreaterThan(1);
  });

  it('keeps offsets into the original text while collapsing white space', () => {
    const text = '   Alpha   beta\tgamma delta.\n   Epsilon  zeta   eta theta iota.   \n\n\n   Kappa lambda mu nu xi omicron pi rho sigma tau.  ';
    const chunks = chunkDocument(text, base);
    expect(chunks.map((c) => c.text)).toEqual(['Alpha beta gamma delta. Epsilon zeta eta theta iota.', 'Kappa lambda mu nu xi omicron pi rho sigma tau.']);
    expect(chunks[0].offset).toBe(3);
    expect(chunks[1].offset).toBe(text.indexOf('Kappa'));
    expectHonestChunks(text, chunks);
  });

  it('ends chunks at paragraph breaks', () => {
    const p1 = 'Metformin is a first-line medicine for type 2 diabetes.';
    const p2 = 'Insulin is needed by everyone with type 1 diabetes.';
    const chunks = chunkDocument(`${p1}\n\n${p2}`, base);
    expect(chunks.map((c) => c.text)).toEqual([p1, p2]);
    // Without the blank line they share a chunk.
    expect(chunkDocument(`${p1} ${p2}`, base)).toHaveLength(1);
  });

  it('keeps a short heading paragraph with the paragraph after it', () => {
    const text = 'National ALS Registry\n\nBoth the NINDS and the CDC study disease patterns among persons with ALS.';
    const chunks = chunkDocument(text, base);
    expect(chunks).toHaveLength(1);
    expect(chunks[0].sentences.map(([s, e]) => chunks[0].text.slice(s, e))).toEqual([
      'National ALS Registry',
      'Both the NINDS and the CDC study disease patterns among persons with ALS.',
    ]);
    // With minChars 0 the heading is its own chunk.
    expect(chunkDocument(text, base, { minChars: 0 })).toHaveLength(2);
  });

  it('treats flattened list items as sentences without their markers', () => {
    const text =
      'Key Points\n                    - Adult ALL is a type of cancer of the blood.    - Leukemia may affect red blood cells.    - Previous chemotherapy may increase the risk.';
    const [chunk, ...rest] = chunkDocument(text, base);
    expect(rest).toHaveLength(0);
    expect(chunk.text).toBe(
      'Key Points - Adult ALL is a type of cancer of the blood. - Leukemia may affect red blood cells. - Previous chemotherapy may increase the risk.',
    );
    expect(chunk.sentences.map(([s, e]) => chunk.text.slice(s, e))).toEqual([
      'Key Points',
      'Adult ALL is a type of cancer of the blood.',
      'Leukemia may affect red blood cells.',
      'Previous chemotherapy may increase the risk.',
    ]);
    expectHonestChunks(text, [chunk]);
    // After a sentence end one space is enough; between table cells it is not.
    const asked = chunkDocument('Here are questions to ask your doctor. - What is my GFR? - What is my blood pressure?', base)[0];
    expect(asked.sentences.map(([s, e]) => asked.text.slice(s, e))).toEqual([
      'Here are questions to ask your doctor.',
      'What is my GFR?',
      'What is my blood pressure?',
    ]);
    const table = chunkDocument('Signs and Symptoms Albinism - Hearing impairment - Large for gestational age', base)[0];
    expect(table.sentences).toHaveLength(1);
  });

  it('does not leave a tiny last list item on its own', () => {
    const items = ['Headaches, including morning headache.', 'Vision changes.', 'Nausea and vomiting.', 'Loss of balance.', 'Increase in thirst.', 'Unusual sleepiness.', 'Hearing loss.', 'Weight gain.'];
    const text = 'Check with the doctor if your child has any of the following:    ' + items.map((i) => `- ${i}`).join('    ');
    const chunks = chunkDocument(text, base);
    for (const c of chunks) {
      expect(c.text.length).toBeGreaterThanOrEqual(40);
      expect(c.sentences.length).toBeLessThanOrEqual(4);
    }
    expectHonestChunks(text, chunks);
  });

  it('gives a sentence longer than the limit its own chunk, and splits one longer than twice the limit at clause boundaries', () => {
    const medium = 'This sentence is long, ' + 'and it keeps going with more clauses about the liver, '.repeat(12) + 'and then it ends.';
    expect(medium.length).toBeGreaterThan(600);
    expect(medium.length).toBeLessThan(1200);
    const shortBefore = 'A short one first.';
    const chunks = chunkDocument(`${shortBefore} ${medium} Another short one.`, base);
    expect(chunks.map((c) => c.text)).toEqual([shortBefore, medium, 'Another short one.']);

    const huge = 'Symptoms include: ' + Array.from({ length: 120 }, (_, i) => `symptom ${i} of the condition`).join(', ') + '.';
    expect(huge.length).toBeGreaterThan(1200);
    const parts = chunkDocument(huge, base);
    expect(parts.length).toBeGreaterThan(2);
    for (const p of parts) {
      expect(p.text.length).toBeLessThanOrEqual(600);
      expect(p.sentences).toEqual([[0, p.text.length]]);
    }
    // Cut after a comma (clause boundary), never inside a word.
    for (const p of parts.slice(0, -1)) expect(p.text).toMatch(/,$/);
    expect(parts.map((p) => p.text).join(' ')).toBe(huge);
    expectHonestChunks(huge, parts);
  });

  it('hard-cuts a single token longer than the limit', () => {
    const token = 'ACGT'.repeat(400);
    const parts = chunkDocument(token, base);
    expect(parts.map((p) => p.text).join('')).toBe(token);
    for (const p of parts) expect(p.text.length).toBeLessThanOrEqual(600);
    expectHonestChunks(token, parts);
  });

  it('does not split hard-wrapped prose at line ends, but does after a heading line', () => {
    const text = 'Adult acute lymphoblastic leukemia is a type of\ncancer in which the bone marrow makes too many\nlymphocytes. It gets worse quickly.';
    const [c] = chunkDocument(text, base);
    expect(c.sentences.map(([s, e]) => c.text.slice(s, e))).toEqual([
      'Adult acute lymphoblastic leukemia is a type of cancer in which the bone marrow makes too many lymphocytes.',
      'It gets worse quickly.',
    ]);
    const withHeading = chunkDocument('How AMD Progresses\nIn some cases, AMD advances slowly.', base)[0];
    expect(withHeading.sentences.map(([s, e]) => withHeading.text.slice(s, e))).toEqual(['How AMD Progresses', 'In some cases, AMD advances slowly.']);
  });

  it('handles Chinese text', () => {
    const text = '阿司匹林可以降低心脏病发作的风险。但是它会增加出血的风险。\n\n请咨询医生。';
    const chunks = chunkDocument(text, base, { minChars: 0 });
    expect(chunks.map((c) => c.sentences.length)).toEqual([2, 1]);
    expectHonestChunks(text, chunks);
  });

  it('returns no chunks for empty or blank text and is deterministic', () => {
    expect(chunkDocument('', base)).toEqual([]);
    expect(chunkDocument(' \n\n \t ', base)).toEqual([]);
    const text = 'Aspirin thins the blood. It can cause stomach bleeding.\n\nAsk a doctor.';
    expect(chunkDocument(text, base)).toEqual(chunkDocument(text, base));
  });

  it('drops boilerplate sentences without joining text across the gap', () => {
    const text =
      'Fanconi anemia affects the bone marrow. Visit our website for more. See the table below. It is inherited in an autosomal recessive pattern. Short one.';
    const drop = (s: string) => s.startsWith('Visit') || s.startsWith('See the table');
    const chunks = chunkDocument(text, base, { dropSentence: drop });
    const sentences = chunks.flatMap((c) => c.sentences.map(([s, e]) => c.text.slice(s, e)));
    expect(sentences).toEqual(['Fanconi anemia affects the bone marrow.', 'It is inherited in an autosomal recessive pattern.', 'Short one.']);
    // Two chunks: nothing spans the dropped stretch, though all would fit in one.
    expect(chunks.map((c) => c.text)).toEqual(['Fanconi anemia affects the bone marrow.', 'It is inherited in an autosomal recessive pattern. Short one.']);
    expectHonestChunks(text, chunks);
    expect(chunkDocument('Visit our website for more.', base, { dropSentence: drop })).toEqual([]);
  });

  it('rejects nonsensical options', () => {
    expect(() => chunkDocument('x.', base, { maxSentences: 0 })).toThrow(RangeError);
  });
});

describe('chunkSentences', () => {
  it('groups given sentences whole, with offsets into their join', () => {
    const sentences = [
      'Abstract Rapid, scalable, point-of-need COVID-19 diagnostic testing is necessary.',
      '  We developed an assay that detects single copies of SARS-CoV-2.',
      '',
      'Its sensitivity and specificity were 97% and 100%.',
      'Results came in 30 min.',
      'It needs only a heat block.',
    ];
    const chunks = chunkSentences(sentences, base);
    const original = sentences.join(' ');
    // Four then one would leave "It needs only a heat block." alone: 3 + 2.
    expect(chunks.map((c) => c.sentences.length)).toEqual([3, 2]);
    expect(chunks.flatMap((c) => c.sentences.map(([s, e]) => c.text.slice(s, e)))).toEqual(sentences.filter((s) => s.trim()).map((s) => s.trim()));
    expectHonestChunks(original, chunks);
  });

  it('never splits a given sentence, even a long one', () => {
    const long = 'word '.repeat(400).trim() + '.';
    const chunks = chunkSentences(['Short.', long, 'Short again.'], base);
    expect(chunks.map((c) => c.text)).toEqual(['Short.', long, 'Short again.']);
  });
});
