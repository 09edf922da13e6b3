// Calibration files (`claimlens-calibration`, version 1): their shape, the
// hand-written check of one read from disk or imported in the app, and the
// tag that goes into cache keys. Kept apart from the fitting code so the UI
// can read a file without loading the verifier.
import type { Verdict } from '../types.ts';
import { VERDICTS } from '../types.ts';
import { MalformedFileError } from '../errors.ts';

export interface Thresholds {
  supported: number;
  contradicted: number;
}

export type CalibratedVerifier = 'features' | 'nli' | 'llm';

export interface CalibrationMetrics {
  n: number;
  accuracy: number;
  macro_f1: number;
  /** Mean precision of the shown supported/contradicted verdicts (null when none shown). */
  shown_precision: number | null;
  /** Share of claims shown as supported or contradicted. */
  coverage: number;
  /** Expected calibration error of the shown verdict's confidence. */
  ece: number;
}

export interface CalibrationFile {
  format: 'claimlens-calibration';
  version: 1;
  verifier: CalibratedVerifier;
  /** NLI or judge model the calibration belongs to. */
  model?: string;
  /** Where the verifier gives probabilities (features, nli). */
  temperature?: number;
  thresholds: Thresholds;
  /** Model judge: the probability given to each stated verdict (its smoothed precision on the labelled claims). */
  confidence?: Record<Verdict, number>;
  fittedOn: { n: number; file: string };
  metricsBefore: CalibrationMetrics;
  metricsAfter: CalibrationMetrics;
  createdAt?: string;
}

const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const inUnit = (x: unknown): x is number => isNum(x) && x >= 0 && x <= 1;

/** Checks a calibration file read from disk or imported in the app; throws MalformedFileError saying what is wrong. */
export function parseCalibration(value: unknown, where = 'The calibration file'): CalibrationFile {
  const bad = (what: string): never => {
    throw new MalformedFileError(`${where} is not a ClaimLens calibration: ${what}.`);
  };
  if (!value || typeof value !== 'object' || Array.isArray(value)) bad('it is not a JSON object');
  const o = value as Record<string, unknown>;
  if (o.format !== 'claimlens-calibration') bad('"format" is not "claimlens-calibration"');
  if (o.version !== 1) bad(`version ${JSON.stringify(o.version)} is not supported (this ClaimLens reads version 1)`);
  if (o.verifier !== 'features' && o.verifier !== 'nli' && o.verifier !== 'llm') bad('"verifier" must be features, nli or llm');
  const th = o.thresholds as Record<string, unknown> | undefined;
  if (!th || !inUnit(th.supported) || !inUnit(th.contradicted)) bad('"thresholds" needs supported and contradicted between 0 and 1');
  if (o.temperature !== undefined && !(isNum(o.temperature) && o.temperature > 0)) bad('"temperature" must be a positive number');
  if (o.model !== undefined && typeof o.model !== 'string') bad('"model" must be a string');
  if (o.confidence !== undefined) {
    const c = o.confidence as Record<string, unknown>;
    if (!c || typeof c !== 'object' || !VERDICTS.every((v) => inUnit(c[v]))) bad('"confidence" needs supported, contradicted and unverifiable between 0 and 1');
  }
  if (o.verifier === 'llm' && o.confidence === undefined) bad('a model-judge calibration needs "confidence"');
  const f = o.fittedOn as Record<string, unknown> | undefined;
  if (!f || !isNum(f.n) || typeof f.file !== 'string') bad('"fittedOn" needs n and file');
  for (const k of ['metricsBefore', 'metricsAfter'] as const) {
    const m = o[k] as Record<string, unknown> | undefined;
    if (!m || !isNum(m.accuracy) || !isNum(m.macro_f1)) bad(`"${k}" needs accuracy and macro_f1`);
  }
  return value as CalibrationFile;
}

/** Short, stable tag of a calibration for cache keys. */
export function calibrationTag(c: Pick<CalibrationFile, 'temperature' | 'thresholds' | 'confidence'>): string {
  const conf = c.confidence ? `/${VERDICTS.map((v) => c.confidence![v]).join(',')}` : '';
  return `cal t${c.temperature ?? '-'} ${c.thresholds.supported},${c.thresholds.contradicted}${conf}`;
}

/** Where the app keeps an imported calibration (the Dexie `settings` table). */
export function calibrationSettingKey(verifier: CalibratedVerifier): string {
  return `calibration:${verifier}`;
}
