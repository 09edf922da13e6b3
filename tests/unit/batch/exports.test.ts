// Statistics and exports of a batch run, with numbers worked out by hand on
// small inputs: review agreement (accuracy, Cohen's kappa, confusion), the
// labelled set for `claimlens eval`, comparisons, CSV / JSON / HTML, and the
// parity of a CLI results file imported as a run with `claimlens report`.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { agreement, reviewedToEvalJsonl } from '../../../src/core/batch/review.ts';
import { compare, contradictionGaps, modelSides } from '../../../src/core/batch/compare.ts';
import { claimRows, toResults } from '../../../src/core/batch/rows.ts';
import { BATCH_CSV_COLUMNS, claimsToCSV, runToHtml, runToJSON } from '../../../src/core/batch/exports.ts';
import { renderComparisonHtml } from '../../../src/core/batch/html-report.ts';
import { groupStats, type BatchResult } from '../../../src/core/batch/stats.ts';
import { parseBatchFile } from '../../../src/core/batch/import.ts';
import { main } from '../../../src/cli/claimlens.ts';
import type { BatchAnswer, BatchClaimRow, BatchRun, Review } from '../../../src/core/batch/types.ts';
import type { ClaimResult, Report, Verdict } from '../../../src/core/types.ts';

function claim(text: string, verdict: Verdict, confidence: number, extra: Partial<ClaimResult> = {}): ClaimResult {
  const p = { supported: 0.1, contradicted: 0.1, unverifiable: 0.1, [verdict]: confidence };
  return {
    text, start: 0, end: text.length, part: 'answer', verdict, confidence, probabilities: p,
    evidence: [{ corpus: 'medquad', chunkId: 'c1', source: 'NEI', title: 'Glaucoma', url: 'https://www.nei.nih.gov/glaucoma', passage: 'Glaucoma damages the optic nerve.', sentence: 'Glaucoma damages the optic nerve.', sentenceStart: 0, sentenceEnd: 33, score: 2 }],
    reason: `reason for ${verdict}`,
    ...extra,
  };
}

function report(claims: ClaimResult[], score: number | null): Report {
  return {
    claims,
    stats: { claims: claims.length, supported: 0, contradicted: 0, unverifiable: 0, contradictedShare: 0, ms: 3, hallucinationScore: score },
    corpora: { medquad: 'v7' },
    verifier: 'features@1',
    method: { retrieval: 'bm25', verifier: 'features' },
  };
}

const RUN: BatchRun = {
  id: 'run1', name: 'Two models', createdAt: '2026-12-07T10:00:00Z', updatedAt: '2026-12-07T10:01:00Z', source: 'file',
  settings: { verifier: 'offline', corpora: [], checkReasoning: false }, state: 'done',
  counts: { answers: 4, done: 4, failed: 0, claims: 7, supported: 4, contradicted: 2, unverifiable: 1 },
  models: ['a', 'b'], tags: ['topic'], elapsedMs: 1000, method: { retrieval: 'bm25', verifier: 'features' }, corpora: { medquad: 'v7' },
};

/** Two models answering questions q1 and q2 (ids repeat: the second became q1#2 at import). */
const ANSWERS: BatchAnswer[] = [
  { runId: 'run1', row: 0, id: 'q1', model: 'a', question: 'What is glaucoma?', answer: 'x', status: 'done', tags: { topic: 'eyes' },
    report: report([claim('Glaucoma damages the optic nerve.', 'supported', 0.9), claim('Glaucoma only affects children.', 'contradicted', 0.8)], 0.9) },
  { runId: 'run1', row: 1, id: 'q2', model: 'a', question: 'What is asthma?', answer: 'x', status: 'done',
    report: report([claim('Asthma affects the airways.', 'supported', 0.7)], 0.2) },
  { runId: 'run1', row: 2, id: 'q1#2', model: 'b', question: 'What is glaucoma?', answer: 'x', status: 'done', tags: { topic: 'eyes' },
    report: report([claim('Glaucoma damages the optic nerve.', 'supported', 0.6), claim('Glaucoma only affects children.', 'unverifiable', 0.5, { lean: 'contradicted' })], 0.6) },
  { runId: 'run1', row: 3, id: 'q2#2', model: 'b', question: 'What is asthma?', answer: 'x', status: 'done',
    report: report([claim('Asthma affects the airways.', 'supported', 0.8), claim('Asthma is caused by sugar.', 'contradicted', 0.7)], 0.7) },
];

describe('review agreement', () => {
  it("gives accuracy, Cohen's kappa and the confusion matrix (worked by hand)", () => {
    // checker → reviewer: S→S ×4, S→C ×1, C→C ×2, U→U ×2, U→S ×1; and 2 unreviewed.
    const pairs: [Verdict, Verdict | undefined][] = [
      ...Array(4).fill(['supported', 'supported']), ['supported', 'contradicted'], ['contradicted', 'contradicted'], ['contradicted', 'contradicted'],
      ['unverifiable', 'unverifiable'], ['unverifiable', 'unverifiable'], ['unverifiable', 'supported'], ['supported', undefined], ['contradicted', undefined],
    ];
    const a = agreement(pairs.map(([verdict, reviewLabel]) => ({ verdict, reviewLabel })));
    expect(a.n).toBe(10);
    expect(a.accuracy).toBeCloseTo(0.8);
    // p_e = (5·5 + 2·3 + 3·2) / 100 = 0.37; kappa = (0.8 − 0.37) / 0.63 = 0.68254.
    expect(a.kappa).toBeCloseTo(0.68254, 4);
    expect(a.confusion).toEqual({
      supported: { supported: 4, contradicted: 1, unverifiable: 0 },
      contradicted: { supported: 0, contradicted: 2, unverifiable: 0 },
      unverifiable: { supported: 1, contradicted: 0, unverifiable: 2 },
    });
  });

  it('has no kappa when both always say the same one label, and nothing without reviews', () => {
    expect(agreement([{ verdict: 'supported', reviewLabel: 'supported' }])).toMatchObject({ n: 1, accuracy: 1, kappa: null });
    expect(agreement([{ verdict: 'supported' }])).toMatchObject({ n: 0, kappa: null });
  });

  it('exports reviewed claims as a labelled set that claimlens eval reads', async () => {
    const reviews: Review[] = [
      { key: 'run1:0:1', runId: 'run1', label: 'contradicted', verdict: 'contradicted', claim: 'Glaucoma only affects children.', reviewedAt: '2026-12-07T11:00:00Z' },
      { key: 'run1:0:0', runId: 'run1', label: 'supported', verdict: 'supported', claim: 'Glaucoma damages the optic nerve.', note: 'NEI says so', reviewedAt: '2026-12-07T11:00:00Z' },
      { key: 'run1:2:1', runId: 'run1', label: 'contradicted', verdict: 'unverifiable', claim: 'Glaucoma only affects children.', reviewedAt: '2026-12-07T11:00:00Z' },
    ];
    const rows = claimRows(RUN, ANSWERS, reviews);
    const jsonl = reviewedToEvalJsonl(rows, { withEvidence: true });
    const lines = jsonl.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toEqual([
      { id: 'q1#1', claim: 'Glaucoma damages the optic nerve.', label: 'supported', evidence: ['Glaucoma damages the optic nerve.'], model: 'a', question: 'What is glaucoma?', answer_id: 'q1', checker_verdict: 'supported', note: 'NEI says so' },
      { id: 'q1#2', claim: 'Glaucoma only affects children.', label: 'contradicted', evidence: ['Glaucoma damages the optic nerve.'], model: 'a', question: 'What is glaucoma?', answer_id: 'q1', checker_verdict: 'contradicted' },
      { id: 'q1#2#2', claim: 'Glaucoma only affects children.', label: 'contradicted', evidence: ['Glaucoma damages the optic nerve.'], model: 'b', question: 'What is glaucoma?', answer_id: 'q1#2', checker_verdict: 'unverifiable' },
    ]);
    const dir = mkdtempSync(join(tmpdir(), 'claimlens-review-'));
    const file = join(dir, 'reviewed.jsonl');
    writeFileSync(file, jsonl);
    const out: string[] = [];
    const code = await main(['eval', '--input', file, '--out', join(dir, 'eval.json')], { out: (s) => out.push(s), err: () => undefined });
    expect(code).toBe(0);
    const result = JSON.parse(readFileSync(join(dir, 'eval.json'), 'utf8'));
    expect(result.n).toBe(3);
    expect(result.predictions.map((p: { id: string; gold: string }) => [p.id, p.gold])).toEqual([
      ['q1#1', 'supported'],
      ['q1#2', 'contradicted'],
      ['q1#2#2', 'contradicted'],
    ]);
  });
});

describe('comparing two models of a run', () => {
  it('pairs the answers by question, gives each side its shares and the claims whose verdicts differ', () => {
    const [a, b] = modelSides(ANSWERS, 'a', 'b');
    const c = compare(a, b);
    expect(c.by).toBe('question');
    expect(c.paired).toBe(2);
    expect(c.a.stats).toMatchObject({ answers: 2, claims: 3, counts: { supported: 2, contradicted: 1, unverifiable: 0 } });
    expect(c.b.stats).toMatchObject({ answers: 2, claims: 4, counts: { supported: 2, contradicted: 1, unverifiable: 1 } });
    expect(c.a.stats.shares.supported.share).toBeCloseTo(2 / 3);
    expect(c.b.stats.meanScore).toBeCloseTo(0.65);
    // Both say 3 claims in common; one of them got another verdict.
    expect(c.sharedClaims).toBe(3);
    expect(c.differences).toEqual([
      {
        key: 'What is glaucoma?',
        question: 'What is glaucoma?',
        claim: 'Glaucoma only affects children.',
        a: { answerId: 'q1', verdict: 'contradicted', confidence: 0.8, reason: 'reason for contradicted' },
        b: { answerId: 'q1#2', verdict: 'unverifiable', confidence: 0.5, reason: 'reason for unverifiable' },
      },
    ]);
    // By id, q1 and q1#2 pair as well.
    expect(compare(a, b, 'id').paired).toBe(2);
    const html = renderComparisonHtml(c, { generatedAt: '2026-12-07T12:00:00Z' });
    expect(html).toContain('1 of 3 claims made by both sides on the same question have different verdicts.');
    expect(html).toContain('<svg role="img"');
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.nei)/);
  });

  it('lists the questions where one answer has more contradicted claims, largest gap first, pairing checked answers only', () => {
    const [a, b] = modelSides(ANSWERS, 'a', 'b');
    const gaps = contradictionGaps(a, b, 'question');
    expect(gaps.map((g) => [g.key, g.a.id, g.b.id, g.gap])).toEqual([
      ['What is glaucoma?', 'q1', 'q1#2', 1],
      ['What is asthma?', 'q2', 'q2#2', -1],
    ]);
    // An answer that failed (no report) stands aside: the next checked one for that question pairs.
    const failed: BatchAnswer = { runId: 'run1', row: 4, id: 'q9', model: 'b', question: 'What is asthma?', answer: 'x', status: 'failed' };
    const withFailed = contradictionGaps(a, { ...b, answers: [failed, ...b.answers] }, 'question');
    expect(withFailed.find((g) => g.key === 'What is asthma?')?.b.id).toBe('q2#2');
    // By id, q1 and q1#2 pair too; a bigger gap comes first.
    const more = { ...b, answers: b.answers.map((x) => (x.id === 'q2#2' ? { ...x, report: report([...x.report!.claims, claim('Asthma is contagious.', 'contradicted', 0.7)], 0.8) } : x)) };
    expect(contradictionGaps(a, more, 'id').map((g) => [g.key, g.gap])).toEqual([
      ['q2', -2],
      ['q1', 1],
    ]);
  });

  it('compares two runs of the same answers; one answer only in one run is counted as unpaired', () => {
    const other = ANSWERS.slice(0, 2).map((x) => ({ ...x, runId: 'run2', report: report(x.report!.claims.map((cl) => ({ ...cl, verdict: 'supported' as const })), 0.1) }));
    const mine = [...ANSWERS.slice(0, 2), { ...ANSWERS[1], row: 2, id: 'q3' }];
    const c = compare({ label: 'run 1', answers: mine }, { label: 'run 2', answers: other }, 'id');
    expect(c.paired).toBe(2);
    expect(c.a.unpaired).toBe(1);
    expect(c.differences.map((d) => d.claim)).toEqual(['Glaucoma only affects children.']);
  });
});

describe('exports of a run', () => {
  const reviews: Review[] = [{ key: 'run1:3:1', runId: 'run1', label: 'unverifiable', verdict: 'contradicted', claim: 'Asthma is caused by sugar.', note: 'no source, "=1+1"', reviewedAt: '2026-12-07T11:00:00Z' }];
  const rows: BatchClaimRow[] = claimRows(RUN, ANSWERS, reviews);

  it('writes CSV with one row per claim and every field', () => {
    const csv = claimsToCSV(RUN, rows);
    const parsed = Papa.parse<string[]>(csv.trim(), { header: false }).data;
    expect(parsed[0]).toEqual([...BATCH_CSV_COLUMNS]);
    expect(parsed).toHaveLength(1 + 7);
    const last = Object.fromEntries(BATCH_CSV_COLUMNS.map((k, i) => [k, parsed[7][i]]));
    expect(last).toEqual({
      run_id: 'run1', run: 'Two models', model: 'b', question: 'What is asthma?', answer_id: 'q2#2', part: 'answer',
      claim: 'Asthma is caused by sugar.', original: '', start: '0', end: '26', count: '1', verdict: 'contradicted', confidence: '0.7',
      p_supported: '0.1', p_contradicted: '0.7', p_unverifiable: '0.1', reason: 'reason for contradicted', lean: '',
      evidence_title: 'Glaucoma', evidence_url: 'https://www.nei.nih.gov/glaucoma', evidence_sentence: 'Glaucoma damages the optic nerve.', evidence_corpus: 'medquad',
      corpus: 'medquad@v7', method: 'bm25 + features', review_label: 'unverifiable', review_note: 'no source, "=1+1"', tags: '',
    });
    expect(Object.fromEntries(BATCH_CSV_COLUMNS.map((k, i) => [k, parsed[1][i]])).tags).toBe('{"topic":"eyes"}');
  });

  it('writes the run as JSON that imports back as a finished run with the same numbers', () => {
    const json = runToJSON(RUN, ANSWERS, reviews);
    const back = parseBatchFile('run.json', new TextEncoder().encode(json));
    expect(back.kind).toBe('results');
    if (back.kind !== 'results') return;
    expect(back.results.map((r) => r.id)).toEqual(['q1', 'q2', 'q1#2', 'q2#2']);
    const again = back.results.map((r, row) => ({ ...r, runId: 'x', row }));
    expect(groupStats(toResults(again))).toEqual(groupStats(toResults(ANSWERS)));
  });

  it('claimlens report reads the run JSON too and prints the same per-model numbers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'claimlens-runjson-'));
    const file = join(dir, 'run.json');
    writeFileSync(file, runToJSON(RUN, ANSWERS, reviews));
    const out: string[] = [];
    expect(await main(['report', '--input', file, '--out', join(dir, 'run.html')], { out: (s) => out.push(s), err: () => undefined })).toBe(0);
    // Model a: 2 answers, 3 claims (2 supported, 1 contradicted), scores 0.9 and 0.2; model b: 4 claims, scores 0.6 and 0.7.
    expect(out).toEqual([
      'a: 2 answers, 3 claims; supported 66.7%, contradicted 33.3%, unverifiable 0.0%; mean hallucination score 55.0%',
      'b: 2 answers, 4 claims; supported 50.0%, contradicted 25.0%, unverifiable 25.0%; mean hallucination score 65.0%',
      `wrote ${join(dir, 'run.html')}`,
    ]);
  });

  it('writes a self-contained HTML report with per-model shares and the review agreement', () => {
    const html = runToHtml(RUN, ANSWERS, rows, { generatedAt: '2026-12-07T12:00:00Z' });
    expect(html).toContain('<title>ClaimLens batch report: Two models</title>');
    expect(html).toContain('Method: bm25 + features; corpora: medquad@v7');
    // One review, and it disagrees: p_o = 0, p_e = 1·0 + 0·1 = 0, so kappa = 0.
    expect(html).toContain("1 claim reviewed: accuracy 0.0%, Cohen's kappa 0.000.");
    // Model a: 3 claims, 2 supported = 66.7 %; model b: 4 claims, 2 supported = 50.0 %.
    expect(html).toMatch(/<th scope="row">a<\/th><td>2<\/td><td>3<\/td><td>66\.7%/);
    expect(html).toMatch(/<th scope="row">b<\/th><td>2<\/td><td>4<\/td><td>50\.0%/);
    expect(html).not.toMatch(/<script|<link|src="http/);
  });
});

describe('CLI parity', () => {
  it('a claimlens check --input results file imported as a run gives the numbers of claimlens report', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'claimlens-parity-'));
    const input = join(dir, 'answers.jsonl');
    const evidence = ['Glaucoma is a group of diseases that can damage the eye\'s optic nerve and result in vision loss and blindness.', 'Open-angle glaucoma is the most common form.'];
    const rows = [
      { id: 'q1', model: 'm1', question: 'What is glaucoma?', answer: "Glaucoma can damage the eye's optic nerve. It can result in vision loss.", evidence, topic: 'eyes' },
      { id: 'q1', model: 'm2', question: 'What is glaucoma?', answer: 'Glaucoma is caused by reading in dim light. Closed-angle glaucoma is the most common form.', evidence, topic: 'eyes' },
      { id: 'q2', model: 'm2', question: 'What is glaucoma?', answer: 'Glaucoma never causes blindness.', evidence },
    ];
    writeFileSync(input, rows.map((r) => JSON.stringify(r)).join('\n'));
    const results = join(dir, 'results.json');
    const io = { out: () => undefined, err: () => undefined };
    expect(await main(['check', '--input', input, '--out', results], io)).toBe(0);
    const reportOut: string[] = [];
    expect(await main(['report', '--input', results, '--out', join(dir, 'report.html')], { out: (s) => reportOut.push(s), err: () => undefined })).toBe(0);

    const imported = parseBatchFile('results.json', readFileSync(results));
    expect(imported.kind).toBe('results');
    if (imported.kind !== 'results') return;
    const answers: BatchAnswer[] = imported.results.map((r, row) => ({ ...r, runId: 'cli', row }));
    expect(answers[1]).toMatchObject({ id: 'q1#2', model: 'm2', question: 'What is glaucoma?', tags: { topic: 'eyes' }, answer: rows[1].answer });
    const cli = JSON.parse(readFileSync(results, 'utf8')).results as BatchResult[];
    const fromRun = groupStats(toResults(answers));
    expect(fromRun).toEqual(groupStats(cli));
    // The lines claimlens report printed, from the imported run's numbers.
    const pct = (x: number) => (100 * x).toFixed(1);
    expect(reportOut.slice(0, -1)).toEqual(
      fromRun.map((g) => `${g.group}: ${g.answers} answers, ${g.claims} claims; supported ${pct(g.shares.supported.share)}%, contradicted ${pct(g.shares.contradicted.share)}%, unverifiable ${pct(g.shares.unverifiable.share)}%; mean hallucination score ${g.meanScore === null ? 'n/a' : pct(g.meanScore) + '%'}`),
    );
    expect(fromRun.map((g) => [g.group, g.answers])).toEqual([['m1', 1], ['m2', 2]]);
    expect(fromRun[1].claims).toBeGreaterThan(0);
  });
});

describe('batch rows from History and Ask', () => {
  it('takes checked answers with their question and model; skips empty, streaming and failed answers', async () => {
    const { rowsFromChecks, rowsFromConversations } = await import('../../../src/core/batch/sources.ts');
    const engine = { kind: 'local' as const, model: 'Qwen3-1.7B-q4f32_1-MLC' };
    const conv = {
      id: 'c1', title: 'Glaucoma', createdAt: 't', updatedAt: 't', systemPrompt: '',
      turns: [
        { role: 'user' as const, id: 'u1', createdAt: 't', content: 'What is glaucoma?' },
        { role: 'assistant' as const, id: 'a1', createdAt: 't', engine, content: 'Glaucoma damages the optic nerve.', reasoning: 'r', text: '<think>\nr\n</think>\n\nGlaucoma damages the optic nerve.', status: 'complete' as const },
        { role: 'user' as const, id: 'u2', createdAt: 't', content: 'Is it common?' },
        { role: 'assistant' as const, id: 'a2', createdAt: 't', engine, content: '', reasoning: '', text: '', status: 'failed' as const },
        { role: 'assistant' as const, id: 'a3', createdAt: 't', engine, content: 'Yes, it is.', reasoning: '', text: 'Yes, it is.', status: 'stopped' as const },
      ],
    };
    expect(rowsFromConversations([conv])).toEqual([
      { id: 'c1:a1', answer: '<think>\nr\n</think>\n\nGlaucoma damages the optic nerve.', question: 'What is glaucoma?', model: engine.model, tags: { conversation: 'Glaucoma', engine: 'local' } },
      { id: 'c1:a3', answer: 'Yes, it is.', question: 'Is it common?', model: engine.model, tags: { conversation: 'Glaucoma', engine: 'local' } },
    ]);
    const record = { id: 'k1', createdAt: '2026-12-07T10:00:00Z', title: 't', answer: 'Glaucoma damages the optic nerve.', checkReasoning: false, report: report([], null) };
    expect(rowsFromChecks([record, { ...record, id: 'k2', answer: ' ' }])).toEqual([{ id: 'k1', answer: record.answer, tags: { checkedAt: record.createdAt } }]);
  });
});
