// History's search and filters on records as the checker writes them: real
// checks of real answers (the MedQuAD pack), some asked in Ask (with a model).
import { beforeAll, describe, expect, it } from 'vitest';
import { checkTitle, type CheckRecord } from '../../src/core/export.ts';
import { checkAnswer } from '../../src/core/pipeline.ts';
import { createFeatureVerifier } from '../../src/core/verify/feature-verifier.ts';
import { loadPack } from '../../src/cli/corpus.ts';
import { filterChecks, firstWords, fullTime, historyModels, NO_FILTER, PASTED, sharedTitles } from '../../src/lib/history-filter.ts';

const GLAUCOMA = "Glaucoma is a group of diseases that can damage the eye's optic nerve. Glaucoma cannot cause blindness.";
const CATARACT = 'A cataract is a clouding of the lens in the eye that affects vision.';
const ASTHMA = 'Asthma is a chronic disease that affects the airways in the lungs.';

let records: CheckRecord[];

beforeAll(async () => {
  const corpus = loadPack();
  const deps = { retriever: corpus.retriever, verifier: createFeatureVerifier(), corpora: { [corpus.meta.id]: corpus.meta.version } };
  const make = async (id: string, createdAt: string, answer: string, extra: Partial<CheckRecord> = {}): Promise<CheckRecord> => ({
    id,
    createdAt,
    title: checkTitle(answer),
    answer,
    checkReasoning: false,
    report: await checkAnswer(answer, deps),
    ...extra,
  });
  records = [
    await make('a1', '2026-12-07T10:00:05.000Z', GLAUCOMA, { model: 'Qwen3-1.7B-q4f32_1-MLC', question: 'What is glaucoma?' }),
    await make('a2', '2026-12-07T10:00:41.000Z', GLAUCOMA, { model: 'baichuan-inc/Baichuan-M2-32B', question: 'Can glaucoma cause blindness?' }),
    await make('p1', '2026-12-06T09:00:00.000Z', CATARACT),
    await make('p2', '2026-12-05T09:00:00.000Z', ASTHMA, { model: 'Qwen3-1.7B-q4f32_1-MLC', question: 'What is asthma?' }),
  ];
});

const ids = (rs: CheckRecord[]) => rs.map((r) => r.id);

describe('filterChecks', () => {
  it('without a filter keeps every record in its order', () => {
    expect(ids(filterChecks(records, NO_FILTER))).toEqual(['a1', 'a2', 'p1', 'p2']);
  });

  it('searches title, answer, question, model and claims; every word must match, in any case', () => {
    expect(ids(filterChecks(records, { ...NO_FILTER, query: 'GLAUCOMA' }))).toEqual(['a1', 'a2']);
    expect(ids(filterChecks(records, { ...NO_FILTER, query: 'blindness  can' }))).toEqual(['a1', 'a2']);
    expect(ids(filterChecks(records, { ...NO_FILTER, query: 'cause blindness?' }))).toEqual(['a2']); // the question
    expect(ids(filterChecks(records, { ...NO_FILTER, query: 'baichuan' }))).toEqual(['a2']); // the model
    expect(ids(filterChecks(records, { ...NO_FILTER, query: 'lens clouding' }))).toEqual(['p1']);
    expect(ids(filterChecks(records, { ...NO_FILTER, query: 'lens glaucoma' }))).toEqual([]);
  });

  it('filters by model, and "pasted" keeps only checks without one', () => {
    expect(ids(filterChecks(records, { ...NO_FILTER, model: 'Qwen3-1.7B-q4f32_1-MLC' }))).toEqual(['a1', 'p2']);
    expect(ids(filterChecks(records, { ...NO_FILTER, model: PASTED }))).toEqual(['p1']);
    expect(ids(filterChecks(records, { ...NO_FILTER, model: 'nope' }))).toEqual([]);
  });

  it('filters by verdict: checks with at least one claim of it', () => {
    const contradicted = filterChecks(records, { ...NO_FILTER, verdict: 'contradicted' });
    // The glaucoma answers say it cannot cause blindness; MedQuAD says it can.
    expect(ids(contradicted)).toEqual(['a1', 'a2']);
    for (const r of records) {
      const has = r.report.claims.some((c) => c.verdict === 'supported');
      expect(filterChecks([r], { ...NO_FILTER, verdict: 'supported' }).length).toBe(has ? 1 : 0);
    }
  });

  it('combines the search, the model and the verdict', () => {
    expect(ids(filterChecks(records, { query: 'glaucoma', model: 'Qwen3-1.7B-q4f32_1-MLC', verdict: 'contradicted' }))).toEqual(['a1']);
    expect(ids(filterChecks(records, { query: 'asthma', model: 'Qwen3-1.7B-q4f32_1-MLC', verdict: 'contradicted' }))).toEqual([]);
  });
});

describe('telling entries apart', () => {
  it('lists the models by number of checks, and counts pasted answers', () => {
    expect(historyModels(records)).toEqual({
      models: [
        { id: 'Qwen3-1.7B-q4f32_1-MLC', checks: 2 },
        { id: 'baichuan-inc/Baichuan-M2-32B', checks: 1 },
      ],
      pasted: 1,
    });
  });

  it('finds the records whose title another one shares', () => {
    expect(records[0].title).toBe(records[1].title);
    expect([...sharedTitles(records)].sort()).toEqual(['a1', 'a2']);
  });

  it('writes the time to the second, and the first words of a text', () => {
    expect(fullTime(records[0].createdAt)).not.toBe(fullTime(records[1].createdAt));
    expect(fullTime('2026-12-07T10:00:05.000Z')).toMatch(/2026.*\d{1,2}:\d{2}:05/);
    expect(firstWords('What  is\nglaucoma, and can it cause blindness?', 4)).toBe('What is glaucoma, and…');
    expect(firstWords('Short one.', 4)).toBe('Short one.');
  });
});
