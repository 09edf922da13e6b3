// Focused retrieval on small made-up corpora: names and synonyms, the
// claim's main entity, reranking by it, no passage twice, the index format.
import { describe, expect, it } from 'vitest';
import type { Chunk } from '../../../src/core/types.ts';
import { findSynonyms, focusNames, phraseKey } from '../../../src/core/evidence/synonyms.ts';
import { buildFocusIndex, claimKinds, questionKind } from '../../../src/core/retrieval/focus.ts';
import { BM25Index, BM25Retriever, MemoryChunkStore, MultiRetriever, buildChunkIndex } from '../../../src/core/retrieval/index.ts';
import { bestSentence } from '../../../src/core/retrieval/sentence.ts';
import { sentenceSpans } from '../../../src/core/text/sentences.ts';
import { toCandidates } from '../../../src/core/check.ts';

let n = 0;
function chunk(doc: string, focus: string | undefined, question: string | undefined, text: string, corpus = 'c'): Chunk {
  return {
    id: `${doc}#${n++}`,
    corpus,
    doc,
    title: question ?? focus ?? doc,
    source: 'test',
    ...(focus ? { focus } : {}),
    ...(question ? { question } : {}),
    text,
    sentences: sentenceSpans(text),
    offset: 0,
  };
}

const known = (...names: string[]) => {
  const keys = new Set(names.map(phraseKey));
  return (k: string) => keys.has(k);
};

describe('names and synonyms', () => {
  it('compares names as whole phrases, in any word order, plurals folded', () => {
    expect(phraseKey('Diabetes Type 2')).toBe(phraseKey('type 2 diabetes'));
    expect(phraseKey('Diabetes mellitus type 1')).toBe(phraseKey('type 1 diabetes'));
    expect(phraseKey('Pulmonary Hypertension')).not.toBe(phraseKey('hypertension'));
    // No stemming beyond plurals: "inhaled" is not "inhalants", "painful" not "pain".
    expect(phraseKey('Inhalants')).not.toBe(phraseKey('inhaled'));
    expect(phraseKey('Pain')).not.toBe(phraseKey('painful'));
  });

  it('reads the names a focus gives itself', () => {
    expect(focusNames('Peripheral Arterial Disease (P.A.D.)')).toEqual(['Peripheral Arterial Disease (P.A.D.)', 'Peripheral Arterial Disease', 'P.A.D.']);
    expect(focusNames('Diabetic Neuropathies: The Nerve Damage of Diabetes')).toContain('Diabetic Neuropathies');
  });

  it('finds the synonyms MedQuAD gives: "also called", "(X)", abbreviations, "other names"', () => {
    const k = known('high blood pressure', 'pulmonary hypertension', 'heart failure', 'shingles', 'lumbar puncture');
    const syn = (text: string) => findSynonyms(text, k).map((s) => s.synonym);
    expect(syn('High blood pressure, sometimes called hypertension, happens when this force is too high.')).toEqual(['hypertension']);
    expect(syn('Liddle syndrome is an inherited form of high blood pressure (hypertension).')).toEqual(['hypertension']);
    expect(syn('Signs and symptoms of pulmonary hypertension (PH) may include:')).toEqual(['PH']);
    expect(syn('Heart failure can also be called congestive heart failure, systolic heart failure, or diastolic heart failure.')).toEqual([
      'congestive heart failure',
      'systolic heart failure',
      'diastolic heart failure',
    ]);
    expect(syn('The other name for shingles is herpes zoster.')).toEqual(['herpes zoster']);
    expect(syn('A lumbar puncture, also called an LP or spinal tap, takes fluid.')).toEqual(['LP', 'spinal tap']);
  });

  it('does not take examples, pronunciations or unknown names for synonyms', () => {
    const k = known('hormone', 'asthma', 'eye diseases', 'glaucoma');
    const syn = (text: string) => findSynonyms(text, k, known('glaucoma', 'asthma')).map((s) => s.synonym);
    expect(syn('The pancreas makes a hormone called insulin.')).toEqual([]);
    expect(syn('A hormone (insulin) is made there.')).toEqual([]);
    expect(syn('Asthma (AZ-ma) is a chronic lung disease.')).toEqual([]);
    expect(syn('Some eye diseases (glaucoma) damage the optic nerve.')).toEqual([]);
    expect(syn('Tendons, also called sinews, join muscle to bone.')).toEqual([]);
  });

  it('tells the kind of question a MedQuAD question asks', () => {
    expect(questionKind('What causes Glaucoma?')).toBe(2);
    expect(questionKind('What are the symptoms of Glaucoma?')).toBe(3);
    expect(questionKind('What are the treatments for Asthma?')).toBe(4);
    expect(questionKind('What is (are) Asthma?')).toBe(1);
    expect(questionKind(undefined)).toBe(0);
  });

  it('reads the kind of question a claim is about, for its entity', () => {
    const at = (claim: string, name: string) => ({ start: claim.indexOf(name), end: claim.indexOf(name) + name.length });
    let c = 'Type 1 diabetes is caused by eating too much sugar.';
    expect(claimKinds(c, at(c, 'Type 1 diabetes'))).toEqual([2]);
    c = 'High blood pressure raises the risk of stroke.';
    expect(claimKinds(c, at(c, 'High blood pressure'))).toEqual([]);
    expect(claimKinds(c, at(c, 'stroke'))).toEqual([7]);
    c = 'Metformin is the first medicine prescribed for type 2 diabetes.';
    expect(claimKinds(c, at(c, 'type 2 diabetes'))).toEqual([4]);
  });
});

const HBP = 'High blood pressure, sometimes called hypertension, happens when the force of blood against the artery walls is too high.';
const corpus = (): Chunk[] => [
  chunk('PH/1', 'Pulmonary Hypertension', 'What are the symptoms of Pulmonary Hypertension?', 'Signs and symptoms of pulmonary hypertension (PH) include shortness of breath. Hypertension of the lungs has symptoms.'),
  chunk('PH/2', 'Pulmonary Hypertension', 'What is (are) Pulmonary Hypertension?', 'Pulmonary hypertension is increased pressure in the pulmonary arteries. Pulmonary hypertension symptoms get worse.'),
  chunk('HBP/1', 'High Blood Pressure', 'What is (are) High Blood Pressure?', HBP),
  chunk('HBP/2', 'High Blood Pressure', 'What are the symptoms of High Blood Pressure?', 'High blood pressure usually has no symptoms. Many people have it for years without knowing it.'),
  chunk('G/1', 'Glaucoma', 'What are the symptoms of Glaucoma?', 'At first, open-angle glaucoma has no symptoms. It causes no pain.'),
  chunk('L/1', 'Lyme Disease', 'What is (are) Lyme Disease?', 'In the early stages, Lyme disease is painful and its symptoms are like the flu.'),
  chunk('D/1', 'Diabetes', 'What is (are) Diabetes?', 'Insulin is made in the pancreas. Diabetes is a disease with high blood sugar.'),
  chunk('D/2', 'Diabetes', 'What is (are) Diabetes?', 'Insulin is made in the pancreas. Diabetes is a disease with high blood sugar.'),
];

function retriever(chunks: Chunk[], id = 'c') {
  return new BM25Retriever(buildChunkIndex(chunks), new MemoryChunkStore(chunks), id);
}

describe('the claim\'s main entity', () => {
  const index = buildFocusIndex(corpus());
  const names = (claim: string) => {
    const m = index.match(claim);
    return m ? m.entities.map((e) => index.nameOf(e)) : [];
  };

  it('matches a focus through the synonym MedQuAD gives, never a longer name holding it', () => {
    expect(names('Hypertension often has no symptoms.')).toEqual([phraseKey('High Blood Pressure')]);
    expect(names('Pulmonary hypertension causes shortness of breath.')).toEqual([phraseKey('Pulmonary Hypertension')]);
    expect(names('PH causes shortness of breath.')).toEqual([phraseKey('Pulmonary Hypertension')]);
  });

  it('prefers the name in the subject, and finds none where the claim names nothing known', () => {
    const m = index.match('Glaucoma is always painful, unlike Lyme disease.');
    expect(m?.phrase).toBe('Glaucoma');
    expect(m?.inSubject).toBe(true);
    expect(index.match('Insulin is made in the liver.')).toBeUndefined();
  });

  it('survives serialisation with the BM25 index (format 2) and rejects format 1', () => {
    const built = buildChunkIndex(corpus());
    const again = BM25Index.deserialize(structuredClone(built.serialize()));
    expect(again.focus?.match('Hypertension often has no symptoms.')?.entities).toEqual(built.focus?.match('Hypertension often has no symptoms.')?.entities);
    expect(() => BM25Index.deserialize({ ...built.serialize(), formatVersion: 1 } as never)).toThrow(/unknown format/);
  });
});

describe('focused retrieval', () => {
  it('ranks documents about the entity first: high blood pressure for "hypertension", not pulmonary hypertension', async () => {
    const hits = await retriever(corpus()).search('Hypertension often has no symptoms.', 4);
    expect(hits[0].chunk.focus).toBe('High Blood Pressure');
    expect(hits[1].chunk.focus).toBe('High Blood Pressure');
    expect(hits[0].chunk.doc).toBe('HBP/2');
  });

  it('still finds pulmonary hypertension when the claim says so', async () => {
    const hits = await retriever(corpus()).search('Pulmonary hypertension causes shortness of breath.', 3);
    expect(hits[0].chunk.focus).toBe('Pulmonary Hypertension');
  });

  it('ranks the glaucoma document above a passage that shares more words', async () => {
    const hits = await retriever(corpus()).search('Glaucoma is always painful in its early stages.', 3);
    expect(hits[0].chunk.focus).toBe('Glaucoma');
  });

  it('returns each passage once, best first, across corpora too', async () => {
    const chunks = corpus();
    const one = await retriever(chunks).search('Insulin is made in the liver.', 5);
    const texts = one.map((h) => h.chunk.text);
    expect(new Set(texts).size).toBe(texts.length);
    const other = chunks.map((c) => ({ ...c, corpus: 'copy' }));
    const multi = new MultiRetriever([retriever(chunks), retriever(other, 'copy')]);
    const both = await multi.search('Insulin is made in the liver.', 5);
    expect(new Set(both.map((h) => h.chunk.text)).size).toBe(both.length);
    for (let i = 1; i < both.length; i++) expect(both[i - 1].score).toBeGreaterThanOrEqual(both[i].score);
  });

  it('keeps corpora without foci working, and changes the retriever version', async () => {
    const plain = corpus().map(({ focus: _f, question: _q, ...c }) => ({ ...c, title: 'notes.md' }));
    const r = retriever(plain);
    const hits = await r.search('Pulmonary hypertension causes shortness of breath.', 2);
    expect(hits[0].chunk.doc).toMatch(/^PH\//);
    expect(r.version).not.toBe('bm25');
  });
});

describe('evidence sentence and order', () => {
  it('picks the sentence that names the entity by any name and covers the claim', () => {
    const c = chunk('HBP/9', 'High Blood Pressure', undefined, 'Salt raises the risk for many people. High blood pressure usually has no symptoms. Symptoms of stroke are sudden.');
    const index = buildFocusIndex(corpus());
    const focus = index.match('Hypertension often has no symptoms.');
    const pick = bestSentence('Hypertension often has no symptoms.', c, undefined, focus);
    expect(pick.sentence).toBe('High blood pressure usually has no symptoms.');
  });

  it('toCandidates drops repeated passages and lists evidence in the order of the score shown', () => {
    const [a, b, c] = corpus().slice(5);
    const { candidates, evidence } = toCandidates('Insulin is made in the pancreas.', [
      { chunk: a, score: 1 },
      { chunk: b, score: 3 },
      { chunk: c, score: 2 },
    ]);
    expect(evidence.map((e) => e.score)).toEqual([3, 1]);
    expect(candidates.map((x) => x.rank)).toEqual([0, 1]);
  });
});
