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

  // Filler words that never match the query, to set a document's length.
  const filler = (n: number) => Array.from({ length: n }, (_, i) => ['lung', 'airway', 'breathing', 'wheeze', 'cough'][i % 5]).join(' ');
  const scoresOf = (idx: BM25Index, query: string) => Object.fromEntries(idx.search(query, 10).map((h) => [h.id, h.score]));

  it('normalises by document length (b): the same term count weighs less in a longer document', () => {
    const docsByLength = [
      { id: 'short', text: `asthma ${filler(2)}` },
      { id: 'medium', text: `asthma ${filler(10)}` },
      { id: 'long', text: `asthma ${filler(40)}` },
      { id: 'other', text: 'eczema rash' }, // keeps the idf of "asthma" above zero
    ];
    const s = scoresOf(BM25Index.build(docsByLength), 'asthma');
    // Strictly decreasing with length (equal when length is ignored, b = 0).
    expect(s.short).toBeGreaterThan(s.medium * 1.05);
    expect(s.medium).toBeGreaterThan(s.long * 1.05);
    // The control: with b = 0 the three tie, so the difference above is b's doing.
    const flat = scoresOf(BM25Index.build(docsByLength, undefined, { k1: 1.2, b: 0 }), 'asthma');
    expect(flat.short).toBeCloseTo(flat.long, 5);
  });

  it('saturates term frequency (k1): each further occurrence adds less', () => {
    // Same length for all, so only the term count differs.
    const docsByCount = [1, 2, 4, 8].map((tf) => ({ id: `tf${tf}`, text: `${'asthma '.repeat(tf)}${filler(12 - tf)}` }));
    docsByCount.push({ id: 'other', text: `eczema ${filler(11)}` });
    const s = scoresOf(BM25Index.build(docsByCount), 'asthma');
    expect(s.tf2).toBeGreaterThan(s.tf1);
    expect(s.tf4).toBeGreaterThan(s.tf2);
    expect(s.tf8).toBeGreaterThan(s.tf4);
    // Doubling the count gives well under double the score (exactly double when
    // k1 → ∞, where BM25 is linear in the count), and less each time.
    const gains = [s.tf2 / s.tf1, s.tf4 / s.tf2, s.tf8 / s.tf4];
    for (const g of gains) expect(g).toBeLessThan(1.8);
    expect(gains[1]).toBeLessThan(gains[0]);
    expect(gains[2]).toBeLessThan(gains[1]);
    // The control: with a huge k1 the score is (nearly) proportional to the count.
    const linear = scoresOf(BM25Index.build(docsByCount, undefined, { k1: 1e6, b: 0.75 }), 'asthma');
    expect(linear.tf8 / linear.tf1).toBeCloseTo(8, 2);
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

describe('MultiRetriever', () => {
  it('scores BM25 corpora with pooled statistics so a small corpus can win on its own words', async () => {
    const { BM25Retriever, MemoryChunkStore, MultiRetriever, buildChunkIndex } = await import('../../../src/core/retrieval/index.ts');
    const { passagesToChunks } = await import('../../../src/core/retrieval/passages.ts');
    const big = passagesToChunks(
      Array.from({ length: 200 }, (_, i) => `Patients with condition ${i} often report fatigue, fever and pain in the joints.`),
      'big',
    );
    const small = passagesToChunks(['Zorblax syndrome causes blue fingernails and fatigue.'], 'small');
    const r = new MultiRetriever([
      new BM25Retriever(buildChunkIndex(big), new MemoryChunkStore(big), 'big'),
      new BM25Retriever(buildChunkIndex(small), new MemoryChunkStore(small), 'small'),
    ]);
    const hits = await r.search('Zorblax syndrome causes fatigue', 3);
    expect(hits[0].chunk.corpus).toBe('small');
    // and the common word alone still finds the big corpus
    expect((await r.search('joint pain and fever', 3))[0].chunk.corpus).toBe('big');
    // pooled idf: a word only in the small corpus is rarer than one in every document
    expect(r.idf('zorblax')).toBeGreaterThan(r.idf('fatigu'));
  });
});
