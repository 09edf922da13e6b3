// A run's claims flattened into rows (the claim table, the CSV export, the
// review agreement), and a run's answers as the statistics read them.
import type { CheckMethod } from '../types.ts';
import type { BatchResult } from './stats.ts';
import { claimKey, type BatchAnswer, type BatchClaimRow, type BatchRun, type Review } from './types.ts';

/** The method in words, e.g. "bm25 + features", "hybrid/rrf + nli+features", "bm25 + llm (Qwen3-8B)". */
export function methodLabel(m: CheckMethod | undefined): string {
  if (!m) return '';
  const retrieval = m.retrieval === 'hybrid' && m.fusion ? `hybrid/${m.fusion}` : m.retrieval;
  const verifier = m.verifier === 'llm' && m.judge ? `llm (${m.judge})` : m.verifier;
  return `${retrieval} + ${verifier}${m.calibration ? ' (calibrated)' : ''}`;
}

/** "id@version" of each corpus, joined with "; " ("given" for an answer's own evidence). */
export function corporaLabel(corpora: Record<string, string> | undefined): string {
  if (!corpora) return '';
  return Object.keys(corpora)
    .sort()
    .map((id) => (id === 'given' ? 'given' : `${id}@${corpora[id]}`))
    .join('; ');
}

/** Every claim of the run's checked answers, in run order, with the reviews joined in. */
export function claimRows(run: Pick<BatchRun, 'id'>, answers: readonly BatchAnswer[], reviews: readonly Review[] = []): BatchClaimRow[] {
  const byKey = new Map(reviews.map((r) => [r.key, r]));
  const rows: BatchClaimRow[] = [];
  for (const a of answers) {
    if (!a.report) continue;
    const corpus = corporaLabel(a.report.corpora);
    const method = methodLabel(a.report.method);
    a.report.claims.forEach((c, i) => {
      const key = claimKey(run.id, a.row, i);
      const ev = c.evidence[c.decidingEvidence ?? 0];
      const review = byKey.get(key);
      rows.push({
        key,
        runId: run.id,
        row: a.row,
        claimIndex: i,
        answerId: a.id,
        ...(a.model ? { model: a.model } : {}),
        ...(a.question ? { question: a.question } : {}),
        ...(a.tags ? { tags: a.tags } : {}),
        part: c.part,
        claim: c.text,
        ...(c.original ? { original: c.original } : {}),
        start: c.start,
        end: c.end,
        count: 1 + (c.repeats?.length ?? 0),
        verdict: c.verdict,
        confidence: c.confidence,
        probabilities: c.probabilities,
        ...(c.reason ? { reason: c.reason } : {}),
        ...(c.lean ? { lean: c.lean } : {}),
        ...(ev
          ? { evidenceTitle: ev.title, ...(ev.url ? { evidenceUrl: ev.url } : {}), evidenceSentence: ev.sentence, evidenceCorpus: ev.corpus }
          : {}),
        corpus,
        method,
        ...(review ? { reviewLabel: review.label, ...(review.note ? { reviewNote: review.note } : {}) } : {}),
      });
    });
  }
  return rows;
}

/** A run's answers as the statistics (stats.ts, html-report.ts) read them: pending answers are left out. */
export function toResults(answers: readonly BatchAnswer[]): BatchResult[] {
  const out: BatchResult[] = [];
  for (const a of answers) {
    if (a.status === 'pending') continue;
    out.push({
      id: a.id,
      ...(a.question ? { question: a.question } : {}),
      ...(a.model ? { model: a.model } : {}),
      ...(a.tags ? { tags: a.tags } : {}),
      ...(a.answer ? { answer: a.answer } : {}),
      ...(a.report ? { report: a.report } : { error: a.error?.message ?? 'not checked' }),
    });
  }
  return out;
}
