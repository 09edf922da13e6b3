// The model judge and user calibrations for the CLI (Node only):
//   --verifier llm --server URL --model NAME [--api-key K] [--concurrency N]
//   [--claims-per-prompt N] [--context N] [--timeout S] [--thinking on|off]
// and calibration files (--calibration FILE, or the default
// .claimlens/calibration-<verifier>.json in the working directory).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { OpenAICompatibleEngine } from '../core/engine/openai.ts';
import {
  JudgeSetupError,
  MalformedFileError,
  ModelNotFoundError,
  RemoteServerError,
  StreamInterruptedError,
} from '../core/errors.ts';
import { LlmJudgeVerifier, DEFAULT_JUDGE_CALIBRATION, type JudgeCalibration } from '../core/verify/llm-judge.ts';
import { parseCalibration, type CalibratedVerifier, type CalibrationFile } from '../core/verify/calibrate.ts';
import type { Verifier } from '../core/verify/types.ts';

export interface JudgeCliOptions {
  server?: string;
  model?: string;
  apiKey?: string;
  concurrency?: string;
  claimsPerPrompt?: string;
  context?: string;
  timeout?: string;
  thinking?: string;
  thinkingTokens?: string;
}


function positiveInt(name: string, v: string | undefined, fallback: number): number {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new JudgeSetupError(`--${name} must be a whole number of at least 1 (got "${v}").`);
  return n;
}

/**
 * Errors that end a CLI run instead of falling back claim by claim: the
 * server is down, is not a chat-completions server (HTML, another API), or
 * refuses the key or the model. A dropped stream or a server-side error for
 * one request falls back.
 */
export function isFatalServerError(e: unknown): boolean {
  if (e instanceof ModelNotFoundError) return true;
  if (!(e instanceof RemoteServerError) || e instanceof StreamInterruptedError) return false;
  if (e.status === 401 || e.status === 403 || e.status === 404) return true;
  return /not reachable|not a chat completion stream|events that are not JSON|HTML page/.test(e.message);
}

export interface CliJudge {
  verifier: LlmJudgeVerifier;
  engine: OpenAICompatibleEngine;
  model: string;
  server: string;
}

/**
 * Connects to the model server (GET /v1/models: a server that is down, or
 * answers HTML, fails here with one line) and builds the judge, with the
 * offline verifier as its fallback.
 */
export async function connectJudge(o: JudgeCliOptions, fallback: Verifier, calibration?: CalibrationFile): Promise<CliJudge> {
  if (!o.server) throw new JudgeSetupError('--verifier llm needs --server URL (an OpenAI-compatible server: vLLM, SGLang, Ollama, llama.cpp).');
  if (!o.model) throw new JudgeSetupError('--verifier llm needs --model NAME (as the server lists it at /v1/models).');
  if (!/^https?:\/\//i.test(o.server)) throw new JudgeSetupError(`--server must be an http(s) address such as http://127.0.0.1:8000 (got "${o.server}").`);
  const engine = new OpenAICompatibleEngine({ baseUrl: o.server, apiKey: o.apiKey, model: o.model });
  await engine.load(o.model);
  const thinking = o.thinking === undefined ? undefined : o.thinking === 'on' ? true : o.thinking === 'off' ? false : undefined;
  if (o.thinking !== undefined && thinking === undefined) throw new JudgeSetupError(`--thinking must be on or off (got "${o.thinking}").`);
  let judgeCalibration: JudgeCalibration | undefined;
  if (calibration) {
    if (calibration.model && calibration.model !== o.model) {
      throw new JudgeSetupError(`The calibration file was fitted for the judge model "${calibration.model}", not "${o.model}". Run claimlens calibrate --verifier llm for this model, or pass another --calibration.`);
    }
    judgeCalibration = { confidence: calibration.confidence ?? DEFAULT_JUDGE_CALIBRATION.confidence, thresholds: calibration.thresholds };
  }
  const verifier = new LlmJudgeVerifier(engine, {
    fallback,
    model: o.model,
    concurrency: positiveInt('concurrency', o.concurrency, 4),
    claimsPerPrompt: positiveInt('claims-per-prompt', o.claimsPerPrompt, 1),
    contextTokens: positiveInt('context', o.context, 8192),
    timeoutMs: positiveInt('timeout', o.timeout, 120) * 1000,
    thinking,
    ...(o.thinkingTokens !== undefined ? { thinkingTokens: positiveInt('thinking-tokens', o.thinkingTokens, 1024) } : {}),
    calibration: judgeCalibration,
    isFatal: isFatalServerError,
  });
  return { verifier, engine, model: o.model, server: engine.baseUrl };
}

/** Where calibrate writes and check/eval look by default. */
export function defaultCalibrationPath(verifier: CalibratedVerifier, cwd = process.cwd()): string {
  return join(cwd, '.claimlens', `calibration-${verifier}.json`);
}

/** The calibration to apply: --calibration FILE (must exist), else the default file when present. */
export function readCalibration(verifier: CalibratedVerifier, file?: string, cwd = process.cwd()): { calibration: CalibrationFile; path: string } | undefined {
  const path = file ? resolve(cwd, file) : defaultCalibrationPath(verifier, cwd);
  if (!existsSync(path)) {
    if (file) throw new JudgeSetupError(`Calibration file not found: ${file}`);
    return undefined;
  }
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    throw new MalformedFileError(`${path} is not valid JSON.`);
  }
  const calibration = parseCalibration(json, path);
  if (calibration.verifier !== verifier) {
    throw new JudgeSetupError(`${path} calibrates the ${calibration.verifier} verifier, not ${verifier}.`);
  }
  return { calibration, path };
}

export function writeCalibration(path: string, c: CalibrationFile): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(c, null, 2) + '\n');
}
