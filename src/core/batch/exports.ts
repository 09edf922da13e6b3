// Exports of a batch run: CSV with one row per claim and every field, the
// whole run as JSON (which imports again as a finished run), and the HTML
// report of a run (html-report.ts, with the review agreement when there are
// reviews). Pure functions: the UI turns the strings into files.
import { csvCell } from '../export.ts';
import { renderHtmlReport, type HtmlReportOptions } from './html-report.ts';
import { agreement } from './review.ts';
import { corporaLabel, methodLabel, toResults } from './rows.ts';
import type { BatchAnswer, BatchClaimRow, BatchRun, Review } from './types.ts';

export const BATCH_CSV_COLUMNS = [
  'run_id',
  'run',
  'model',
  'question',
  'answer_id',
  'part',
  'claim',
  'original',
  'start',
  'end',
  'count',
  'verdict',
  'confidence',
  'p_supported',
  'p_contradicted',
  'p_unverifiable',
  'reason',
  'lean',
  'evidence_title',
  'evidence_url',
  'evidence_sentence',
  'evidence_corpus',
  'corpus',
  'method',
  'review_label',
  'review_note',
  /** The row's extra columns as JSON ({"topic": "eyes"}). */
  'tags',
] as const;

const r3 = (x: number) => Math.round(x * 1000) / 1000;

/** One row per claim, every field (docs/batch.md); CRLF line ends, cells made safe for spreadsheets. */
export function claimsToCSV(run: Pick<BatchRun, 'id' | 'name'>, rows: readonly BatchClaimRow[]): string {
  const out: string[] = [BATCH_CSV_COLUMNS.join(',')];
  for (const r of rows) {
    out.push(
      [
        run.id,
        run.name,
        r.model,
        r.question,
        r.answerId,
        r.part,
        r.claim,
        r.original,
        r.start,
        r.end,
        r.count,
        r.verdict,
        r3(r.confidence),
        r3(r.probabilities.supported),
        r3(r.probabilities.contradicted),
        r3(r.probabilities.unverifiable),
        r.reason,
        r.lean,
        r.evidenceTitle,
        r.evidenceUrl,
        r.evidenceSentence,
        r.evidenceCorpus,
        r.corpus,
        r.method,
        r.reviewLabel,
        r.reviewNote,
        r.tags && Object.keys(r.tags).length ? JSON.stringify(r.tags) : undefined,
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return out.join('\r\n') + '\r\n';
}

export const BATCH_EXPORT_FORMAT = 'claimlens-batch';
export const BATCH_EXPORT_VERSION = 1;

export interface BatchExport {
  format: typeof BATCH_EXPORT_FORMAT;
  formatVersion: number;
  run: BatchRun;
  answers: BatchAnswer[];
  reviews: Review[];
}

/** The whole run as one JSON document; parseBatchFile reads it back as a finished run. */
export function runToJSON(run: BatchRun, answers: readonly BatchAnswer[], reviews: readonly Review[] = []): string {
  const doc: BatchExport = { format: BATCH_EXPORT_FORMAT, formatVersion: BATCH_EXPORT_VERSION, run, answers: [...answers], reviews: [...reviews] };
  return JSON.stringify(doc, null, 2);
}

/** The self-contained HTML report of a run (the same report `claimlens report` writes), with the review agreement. */
export function runToHtml(
  run: BatchRun,
  answers: readonly BatchAnswer[],
  rows: readonly BatchClaimRow[] = [],
  opts: Pick<HtmlReportOptions, 'by' | 'maxClaims' | 'generatedAt'> = {},
): string {
  const about = [
    run.method ? `Method: ${methodLabel(run.method)}` : '',
    run.corpora && Object.keys(run.corpora).length ? `corpora: ${corporaLabel(run.corpora)}` : '',
    run.state !== 'done' ? `run ${run.state}: ${run.counts.done + run.counts.failed} of ${run.counts.answers} answers checked` : '',
  ]
    .filter(Boolean)
    .join('; ');
  const a = agreement(rows);
  return renderHtmlReport(toResults(answers), { ...opts, title: `ClaimLens batch report: ${run.name}`, about, ...(a.n ? { agreement: a } : {}) });
}
