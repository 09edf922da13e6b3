// Calibration files (`claimlens-calibration`, version 1): their shape, the
// schema that checks one read from disk, imported in the app or stored, and the
// tag that goes into cache keys. Kept apart from the fitting code so the UI
// can read a file without loading the verifier.
import * as v from 'valibot';
import type { Verdict } from '../types.ts';
import { VERDICTS } from '../types.ts';
import { MalformedFileError } from '../errors.ts';
import { parseWith } from '../validate.ts';

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

const num = v.pipe(v.number(), v.finite());
const share = v.pipe(v.number(), v.minValue(0, 'must be between 0 and 1'), v.maxValue(1, 'must be between 0 and 1'));

const MetricsSchema = v.object({
  n: num,
  accuracy: num,
  macro_f1: num,
  shown_precision: v.nullable(num),
  coverage: num,
  ece: num,
}) satisfies v.GenericSchema<unknown, CalibrationMetrics>;

/** A calibration file (after its format and version are known to be ours). */
export const CalibrationFileSchema = v.pipe(
  v.object({
    format: v.literal('claimlens-calibration'),
    version: v.literal(1),
    verifier: v.picklist(['features', 'nli', 'llm'], 'must be features, nli or llm'),
    model: v.optional(v.string()),
    temperature: v.optional(v.pipe(num, v.gtValue(0, 'must be a positive number'))),
    thresholds: v.object({ supported: share, contradicted: share }),
    confidence: v.optional(v.object({ supported: share, contradicted: share, unverifiable: share })),
    fittedOn: v.object({ n: num, file: v.string() }),
    metricsBefore: MetricsSchema,
    metricsAfter: MetricsSchema,
    createdAt: v.optional(v.string()),
  }),
  v.check((c) => c.verifier !== 'llm' || c.confidence !== undefined, 'a model-judge calibration needs "confidence"'),
) satisfies v.GenericSchema<unknown, CalibrationFile>;

/** Checks a calibration file read from disk, imported in the app or stored in settings; throws MalformedFileError saying what is wrong and where. */
export function parseCalibration(value: unknown, where = 'The calibration file'): CalibrationFile {
  const bad = (what: string): never => {
    throw new MalformedFileError(`${where} is not a ClaimLens calibration: ${what}.`);
  };
  if (!value || typeof value !== 'object' || Array.isArray(value)) bad('it is not a JSON object');
  const o = value as { format?: unknown; version?: unknown };
  if (o.format !== 'claimlens-calibration') bad('"format" is not "claimlens-calibration"');
  if (o.version !== 1) bad(`version ${JSON.stringify(o.version)} is not supported (this ClaimLens reads version 1)`);
  return parseWith(CalibrationFileSchema, value, where, (problems) => new MalformedFileError(`${where} is not a ClaimLens calibration: ${problems}.`));
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
