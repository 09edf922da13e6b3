import { describe, expect, it } from 'vitest';
import { BM25Index, retrievalTerms } from '../../../src/core/retrieval/bm25.ts';
import { bestSentence } from '../../../src/core/retrieval/sentence.ts';
import { PassageRetriever } from '../../../src/core/retrieval/passages.ts';
import { sentenceSpans } from '../../../src/core/text/sentences.ts';

const docs = [
  { id: 'glaucoma', text: "Glaucoma is a group of diseases that can damage the eye's optic nerve and result in vision loss and blindness." },
  { id: 'hookworm', text: 'Dog and cat hookworms are found throughout the world, especially in warmer climates.' },
  { id: 'diabetes', text: 'Type 2 diabetes is the most common form of diabetes. Your body does not use insulin properly.' },
  { id: 'insulin', text: 'Insulin is a hormone made by the pancreas. Insulin helps glucose get into your cells.' },
  { id: 'hypertension', text: '高血压是一种常见的慢性病，会增加中风和心脏病的风险。' },
  { id: 'stroke', text: '中风是脑部血管阻塞或破裂引起的。' },
];

describe('BM25Index', () => {
  const index = BM25Index.build(docs);

  it('ranks the document that shares the rare terms first', () => {
    expect(index.search('damage to the optic nerve', 3)[0].id).toBe('glaucoma');
    expect(index.search('hookworms in warm climates', 3)[0].id).toBe('hookworm');
    expect(index.search('does the pancreas make insulin', 3)[0].id).toBe('insulin');
  });

  it('stems English terms so inflections match', () => {
    expect(retrievalTerms('damaged nerves')).toEqual(retrievalTerms('damage nerve'));
    expect(index.search('damaging', 1)[0].id).toBe('glaucoma');
  });

  it('drops stop words and negations from queries', () => {
    expect(retrievalTerms('it is not the case that')).toEqual(['case']);
    expect(index.search('the of and is not', 5)).toEqual([]);
  });

  it('matches Chinese by character bigrams', () => {
    const hits = index.search('高血压会导致中风吗', 2);
    expect(hits[0].id).toBe('hypertension');
    expect(hits.map((h) => h.id)).toContain('stroke');
  });

  it('returns scores in descending order and at most k hits', () => {
    const hits = index.search('diabetes insulin glucose pancreas', 2);
    expect(hits).toHaveLength(2);
    expect(hits[0].score).toBeGreaterThanOrEqual(hits[1].score);
    const all = index.search('diabetes insulin glucose pancreas', 10);
    for (let i = 1; i < all.length; i++) expect(all[i - 1].score).toBeGreaterThanOrEqual(all[i].score);
  });

  it('gives identical results after serialisation (what IndexedDB stores)', () => {
    const copy = BM25Index.deserialize(structuredClone(index.serialize()));
    for (const q of ['optic nerve', 'insulin hormone', '中风', 'warmer climates dog']) {
      expect(copy.search(q, 5)).toEqual(index.search(q, 5));
    }
    expect(copy.size).toBe(docs.length);
  });

  it('rejects an index of an unknown format', () => {
    expect(() => BM25Index.deserialize({ kind: 'other' } as never)).toThrow(/unknown format/);
  });

  it('scores by term frequency saturation and document length', () => {
    const idx = BM25Index.build([
      { id: 'short', text: 'asthma' },
      { id: 'long', text: 'asthma ' + 'lung airway breathing wheeze '.repeat(10) },
    ]);
    const [first] = idx.search('asthma', 2);
    expect(first.id).toBe('short');
  });

  it('handles an empty index', () => {
    const empty = BM25Index.build([]);
    expect(empty.search('anything', 5)).toEqual([]);
  });
});

describe('bestSentence', () => {
  it('picks the sentence of the passage that covers the claim', () => {
    const text = docs[2].text + ' ' + docs[3].text;
    const pick = bestSentence('Insulin is made by the pancreas', { text, sentences: sentenceSpans(text) });
    expect(pick.sentence).toBe('Insulin is a hormone made by the pancreas.');
    expect(text.slice(pick.span[0], pick.span[1])).toBe(pick.sentence);
  });
});

describe('PassageRetriever', () => {
  it('returns every given passage, best match first', async () => {
    const r = new PassageRetriever(['Cats purr.', 'Vitamin D is made in the skin in sunlight.', '  ']);
    const hits = await r.search('Is vitamin D made in the skin?', 5);
    expect(hits).toHaveLength(2);
    expect(hits[0].chunk.text).toMatch(/Vitamin D/);
  });
});
