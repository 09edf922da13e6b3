// claimlens calibrate --verifier features|nli|llm --input labelled.jsonl [--out FILE]
// Runs the verifier once over the labelled claims (as `eval` does, without
// any earlier user calibration), fits a temperature (features, nli: their
// probabilities) or the per-verdict confidence (llm: the judge states a
// verdict, not probabilities) and the thresholds for showing supported /
// contradicted, prints the metrics before and after, and saves a calibration
// file where check, eval and the app read it.
import { relative } from 'node:path';
import type { Verdict } from '../core/types.ts';
import { UsageError } from '../core/errors.ts';
import { createFeatureVerifier, decide } from '../core/verify/feature-verifier.ts';
import type { Verifier } from '../core/verify/types.ts';
import {
  calibrationMetrics,
  fitJudgeConfidence,
  fitTemperature,
  fitThresholds,
  formatCalibrationMetrics,
  temper,
  type CalibratedVerifier,
  type CalibrationFile,
  type Scored,
} from '../core/verify/calibrate.ts';
import { DEFAULT_JUDGE_CALIBRATION, judgeProbabilities } from '../core/verify/llm-judge.ts';
import { defaultCalibrationPath, writeCalibration } from './judge.ts';
import type { LoadedCorpus } from './corpus.ts';
import { ClaimLineSchema, readJsonl, type ClaimLine } from './input.ts';
import type { EvalOutput, judgeLine as JudgeLine } from './claimlens.ts';

type Values = Record<string, string | boolean | undefined>;
interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

/** What calibrate borrows from claimlens.ts (passed in, so the two modules do not import each other at run time). */
export interface CalibrateDeps<M> {
  methodFrom: (values: Values, io: Io, useCalibration?: boolean) => Promise<M & { semantic: { dispose(): Promise<void> } | null; judge?: { model: string } }>;
  evaluate: (rows: ClaimLine[], corpus: LoadedCorpus | undefined, verifier: Verifier, method: M) => Promise<EvalOutput>;
  loadCorpus: (spec: string) => LoadedCorpus;
  judgeLine: typeof JudgeLine;
}

const KINDS: CalibratedVerifier[] = ['features', 'nli', 'llm'];

/** Fits a calibration from eval predictions (exported for tests). */
export function fitCalibration(
  verifier: CalibratedVerifier,
  predictions: EvalOutput['predictions'],
  fittedOn: { n: number; file: string },
  model?: string,
): CalibrationFile {
  const gold = predictions.map((p) => p.gold);
  const before = calibrationMetrics(gold, predictions.map((p) => ({ verdict: p.predicted, confidence: p.confidence })));
  let after: { verdict: Verdict; confidence: number }[];
  let file: Omit<CalibrationFile, 'metricsBefore' | 'metricsAfter'>;
  if (verifier === 'llm') {
    // Fitted on the claims the model judged; fallbacks are the offline verifier's and stay as they are.
    const judged = predictions.filter((p) => p.fallback === false && p.stated);
    const confidence = fitJudgeConfidence(judged.map((p) => p.gold), judged.map((p) => p.stated as Verdict), DEFAULT_JUDGE_CALIBRATION.confidence);
    const items: Scored[] = judged.map((p) => ({ gold: p.gold, p: judgeProbabilities(p.stated as Verdict, { confidence, thresholds: { supported: 0, contradicted: 0 } }), hasEvidence: true }));
    const { thresholds } = fitThresholds([{ items, floors: { f1: 0, precision: 0 } }]);
    after = predictions.map((p) => {
      if (!(p.fallback === false && p.stated)) return { verdict: p.predicted, confidence: p.confidence };
      const probs = judgeProbabilities(p.stated, { confidence, thresholds });
      const v = decide(probs, thresholds, true).verdict;
      return { verdict: v, confidence: probs[v] };
    });
    file = { format: 'claimlens-calibration', version: 1, verifier, ...(model ? { model } : {}), thresholds, confidence, fittedOn };
  } else {
    const items = predictions.map((p) => ({ gold: p.gold, p: p.probabilities ?? { supported: 0, contradicted: 0, unverifiable: 1 }, hasEvidence: (p.evidence ?? 0) > 0 }));
    const temperature = fitTemperature(items, (e, t) => temper(e.p, t));
    const tempered = items.map((e) => ({ ...e, p: temper(e.p, temperature) }));
    const { thresholds } = fitThresholds([{ items: tempered, floors: { f1: 0, precision: 0 } }]);
    after = tempered.map((e) => {
      const v = decide(e.p, thresholds, e.hasEvidence).verdict;
      return { verdict: v, confidence: e.p[v] };
    });
    file = { format: 'claimlens-calibration', version: 1, verifier, ...(model ? { model } : {}), temperature, thresholds, fittedOn };
  }
  return { ...file, metricsBefore: before, metricsAfter: calibrationMetrics(gold, after), createdAt: new Date().toISOString() };
}

export async function runCalibrate<M>(values: Values, io: Io, deps: CalibrateDeps<M>): Promise<void> {
  const kind = values.verifier as CalibratedVerifier | undefined;
  if (!kind || !KINDS.includes(kind)) throw new UsageError(`calibrate needs --verifier ${KINDS.join('|')}.`);
  const input = values.input as string | undefined;
  if (!input) throw new UsageError('calibrate needs --input labelled.jsonl (lines: {"claim", "label", "evidence"?: string[]}).');
  const rows = readJsonl(input, ClaimLineSchema);
  const needCorpus = !!values.corpus || rows.some((r) => !r.evidence?.length);
  const corpus = needCorpus ? deps.loadCorpus((values.corpus as string) ?? 'medquad') : undefined;
  // Fitted on the verifier as it is, without an earlier user calibration.
  const method = await deps.methodFrom({ ...values, calibration: undefined }, io, false);
  let result: EvalOutput;
  try {
    result = await deps.evaluate(rows, corpus, createFeatureVerifier(), method);
  } finally {
    await method.semantic?.dispose();
  }
  const model = kind === 'llm' ? method.judge?.model : kind === 'nli' ? result.method?.nli : undefined;
  const file = fitCalibration(kind, result.predictions, { n: rows.length, file: relative(process.cwd(), input) || input }, model);
  const path = (values.out as string | undefined) ?? defaultCalibrationPath(kind);
  const fitted =
    kind === 'llm'
      ? `confidence supported ${file.confidence!.supported}, contradicted ${file.confidence!.contradicted}, unverifiable ${file.confidence!.unverifiable}`
      : `temperature ${file.temperature}`;
  io.out(`calibrate ${kind}${model ? ` (${model})` : ''} on ${input}: n=${rows.length}; ${fitted}; thresholds supported ${file.thresholds.supported}, contradicted ${file.thresholds.contradicted}`);
  io.out(formatCalibrationMetrics('before', file.metricsBefore));
  io.out(formatCalibrationMetrics('after', file.metricsAfter));
  if (result.judge) io.out(deps.judgeLine(result.judge));
  writeCalibration(path, file);
  const app = kind === 'nli' ? 'the app combines NLI with the features, so it does not import an NLI calibration' : 'the app imports it in Settings → Calibration';
  io.out(`saved ${path} (check and eval read it${values.out ? ' with --calibration' : ' from there'}; ${app})`);
  if (file.fittedOn.n < 50) io.err(`note: fitted on ${file.fittedOn.n} claims; a few hundred labelled claims give steadier thresholds.`);
}
