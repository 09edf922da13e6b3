// Focused retrieval on the real MedQuAD pack (issue 8, "Focused evidence"):
// the claims that found the wrong documents before. Uses the built pack
// (public/evidence/medquad.pack.json.gz), else the archive in ../shared/data;
// skipped, with a message, when neither is there.
import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PACK, loadPack } from '../../../src/cli/corpus.ts';
import { corpusFromImport, importMedQuADZip } from '../../../src/core/evidence/index.ts';
import { phraseKey } from '../../../src/core/evidence/synonyms.ts';
import { BM25Retriever, MemoryChunkStore, buildChunkIndex } from '../../../src/core/retrieval/index.ts';
import { verifyClaims } from '../../../src/core/check.ts';
import { createFeatureVerifier } from '../../../src/core/verify/feature-verifier.ts';
import type { ScoredChunk } from '../../../src/core/types.ts';
import { hasMedQuAD, medquadZip, NO_SHARED } from '../evidence/shared.ts';

const hasPack = existsSync(DEFAULT_PACK);
if (!hasPack && !hasMedQuAD) console.warn(`${NO_SHARED}; and no built pack at ${DEFAULT_PACK}`);

let retriever: BM25Retriever;
let version: string;

const search = (claim: string, k = 5): Promise<ScoredChunk[]> => retriever.search(claim, k);
const focusOf = (hits: ScoredChunk[]) => hits.map((h) => h.chunk.focus ?? '');

describe.skipIf(!hasPack && !hasMedQuAD)('focused retrieval on MedQuAD', () => {
  beforeAll(() => {
    if (hasPack) {
      const c = loadPack();
      retriever = c.retriever;
      version = c.meta.version;
    } else {
      const { meta, chunks } = corpusFromImport(importMedQuADZip(medquadZip(), 'medquad'), { id: 'medquad', name: 'MedQuAD', license: 'CC BY 4.0' });
      retriever = new BM25Retriever(buildChunkIndex(chunks), new MemoryChunkStore(chunks), 'medquad');
      version = meta.version;
    }
  }, 120_000);

  it('"Hypertension often has no symptoms.": high blood pressure documents, not pulmonary hypertension', async () => {
    const hits = await search('Hypertension often has no symptoms.');
    expect(phraseKey(hits[0].chunk.focus ?? '')).toBe(phraseKey('High Blood Pressure'));
    for (const f of focusOf(hits.slice(0, 3))) expect(f).not.toMatch(/pulmonary/i);
    // The chosen passages say there are (usually) no symptoms.
    expect(hits.slice(0, 3).some((h) => /symptoms do not usually appear|silent killer|no symptoms/i.test(h.chunk.text))).toBe(true);
  });

  it('"Glaucoma is always painful in its early stages.": glaucoma documents, among them the one saying there are no symptoms at first', async () => {
    const hits = await search('Glaucoma is always painful in its early stages.');
    for (const f of focusOf(hits)) expect(f).toMatch(/glaucoma/i);
    expect(hits.some((h) => /no symptoms/i.test(h.chunk.text))).toBe(true);
  });

  it('"Type 1 diabetes is caused by eating too much sugar.": the passage on what causes type 1 diabetes', async () => {
    const hits = await search('Type 1 diabetes is caused by eating too much sugar.');
    expect(phraseKey(hits[0].chunk.focus ?? '')).toBe(phraseKey('type 1 diabetes'));
    expect(hits[0].chunk.text).toMatch(/cause/i);
  });

  it('"Insulin is made in the liver.": the passage saying it is made in the pancreas', async () => {
    const hits = await search('Insulin is made in the liver.');
    expect(hits[0].chunk.text).toMatch(/Insulin is made in the pancreas/);
  });

  it('"Metformin is usually the first medicine prescribed for type 2 diabetes.": metformin for type 2 diabetes, not a prevention page first', async () => {
    const hits = await search('Metformin is usually the first medicine prescribed for type 2 diabetes.');
    expect(hits[0].chunk.text).toMatch(/metformin/i);
    expect(hits[0].chunk.text).toMatch(/type 2 diabetes/i);
    expect(hits[0].chunk.title).not.toMatch(/prevent/i);
  });

  it('"Inhaled corticosteroids are used to control asthma long term.": asthma long-term control', async () => {
    const hits = await search('Inhaled corticosteroids are used to control asthma long term.');
    expect(hits[0].chunk.focus).toBe('Asthma');
    expect(hits.slice(0, 2).some((h) => /long-term control of asthma/.test(h.chunk.text))).toBe(true);
  });

  it('"Asthma spreads by coughing.": asthma documents, not coughing in general', async () => {
    const hits = await search('Asthma spreads by coughing.');
    for (const f of focusOf(hits.slice(0, 3))) expect(f).toMatch(/asthma/i);
  });

  it('reports each passage once, in the order of the score shown', async () => {
    const claims = [
      'Insulin is made in the liver.',
      'Type 2 diabetes is the most common form of diabetes.',
      'Hypertension often has no symptoms.',
      'Metformin is usually the first medicine prescribed for type 2 diabetes.',
    ].map((text) => ({ text }));
    const results = await verifyClaims(claims, { retriever, verifier: createFeatureVerifier(), corpora: { medquad: version } }, { k: 8, evidencePerClaim: 8 });
    for (const r of results) {
      expect(r.evidence.length).toBeGreaterThan(1);
      const texts = r.evidence.map((e) => e.passage);
      expect(new Set(texts).size).toBe(texts.length);
      for (let i = 1; i < r.evidence.length; i++) expect(r.evidence[i - 1].score).toBeGreaterThanOrEqual(r.evidence[i].score);
    }
    // The sentence shown is the one aligned with the claim.
    expect(results[2].evidence[0].sentence).toMatch(/symptoms|silent killer/i);
  });
});
