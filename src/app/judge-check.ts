// What verifies a check in the app: the offline verifier (features, or NLI +
// features with semantic search on) under the user's imported calibration,
// or the model judge when the user chose it, with the offline verifier as
// its fallback. The judge's chats go to the engine wherever it is loaded
// (the worker gets a relayed engine, src/core/engine/relay.ts).
import type { ChatEngine } from '../core/engine/types.ts';
import type { Verifier } from '../core/verify/types.ts';
import type { CheckMethod } from '../core/types.ts';
import { EngineNotLoadedError } from '../core/errors.ts';
import { LlmJudgeVerifier } from '../core/verify/llm-judge.ts';
import {
  calibrationSettingKey,
  calibrationTag,
  CalibrationFileSchema,
  recalibrate,
  type CalibratedVerifier,
  type CalibrationFile,
} from '../core/verify/calibrate.ts';
import { getSetting, type ClaimLensDB } from '../db.ts';
import type { JudgeChoice } from '../core/checker.ts';

export type UserCalibrations = Partial<Record<CalibratedVerifier, CalibrationFile>>;

/** The calibrations the user imported in Settings (a damaged one is skipped). */
export async function userCalibrations(db: ClaimLensDB): Promise<UserCalibrations> {
  const out: UserCalibrations = {};
  for (const v of ['features', 'llm'] as const) {
    // A storage that cannot be read fails the check, by name; a damaged
    // calibration (imported by an older version, or edited by hand) is
    // reported by getSetting and not applied.
    const cal = await getSetting(db, calibrationSettingKey(v), CalibrationFileSchema);
    if (cal) out[v] = cal;
  }
  return out;
}

export interface CheckVerifier {
  verifier: Verifier;
  /** For the report's method line. */
  judge?: string;
  calibration?: string;
}

/**
 * The feature verifier under the user's calibration (applied before it is
 * combined with NLI, and as the judge's fallback).
 */
export function calibratedFeatures(features: Verifier, cals: UserCalibrations): Verifier {
  return cals.features ? recalibrate(features, cals.features) : features;
}

/** The judge over the engine, falling back to the offline verifier; or the offline verifier alone. */
export function checkVerifier({ offline, judge, engine, cals, signal }: {
  /** The offline verifier: alone, or the judge's fallback. */
  offline: Verifier;
  judge: JudgeChoice | undefined;
  /** The chat engine of a model, when one can be reached. */
  engine: ((model: string) => ChatEngine) | undefined;
  cals: UserCalibrations;
  signal?: AbortSignal;
}): CheckVerifier {
  const notes: string[] = [];
  if (cals.features) notes.push(`features: ${calibrationTag(cals.features)} (fitted on ${cals.features.fittedOn.n} claims)`);
  if (!judge) return { verifier: offline, ...(notes.length ? { calibration: notes.join('; ') } : {}) };
  if (!engine) throw new EngineNotLoadedError('The model judge is not available here: no engine can be reached from the checker.');
  const cal = cals.llm && (!cals.llm.model || cals.llm.model === judge.model) ? cals.llm : undefined;
  if (cal) notes.push(`judge: ${calibrationTag(cal)} (fitted on ${cal.fittedOn.n} claims)`);
  const verifier = new LlmJudgeVerifier(engine(judge.model), {
    fallback: offline,
    model: judge.model,
    concurrency: judge.concurrency ?? 1,
    claimsPerPrompt: judge.claimsPerPrompt ?? 1,
    contextTokens: judge.contextTokens,
    thinking: judge.thinking,
    timeoutMs: judge.timeoutMs,
    signal,
    ...(cal?.confidence ? { calibration: { confidence: cal.confidence, thresholds: cal.thresholds } } : {}),
  });
  return { verifier, judge: judge.label ?? judge.model, ...(notes.length ? { calibration: notes.join('; ') } : {}) };
}

/** The method line of a judged (or calibrated) check; it says how many claims the judge failed on. */
export function judgeMethod(method: CheckMethod, v: CheckVerifier, judgeFallbacks?: number): CheckMethod {
  const m = { ...method };
  if (v.judge) {
    m.verifier = 'llm';
    m.judge = v.judge;
    if (judgeFallbacks) {
      const said = `The model judge failed on ${judgeFallbacks} claim${judgeFallbacks === 1 ? '' : 's'}; the offline verifier decided ${judgeFallbacks === 1 ? 'it' : 'them'} (see each claim's reason).`;
      m.note = m.note ? `${m.note} ${said}` : said;
    }
  }
  if (v.calibration) m.calibration = v.calibration;
  return m;
}
