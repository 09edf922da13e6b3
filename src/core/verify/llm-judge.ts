// A chat model as the verifier ("LLM as a judge"). Each claim goes to the
// model with its top evidence sentences, numbered; the model answers JSON
// {"verdict", "evidence": <number or null>, "reason"} — under a JSON schema in
// response_format where the engine supports one (web-llm: XGrammar; vLLM and
// SGLang: guided decoding). Several claims share one request when the context
// allows (`claimsPerPrompt`), and requests run `concurrency` at a time.
//
// A model is never trusted to behave: malformed output, a refusal, a
// timeout, a dropped stream or a server error make that claim fall back to
// the offline verifier, marked `fallback: true`, with a reason that says the
// judge failed and why, then the offline verifier's own reason. Only the
// user's own cancel (the signal) stops a run.
//
// Pure core: it takes a ChatEngine and a fallback Verifier; the prompt is
// data (judge-prompt.json, versioned, English and Chinese).
import * as v from 'valibot';
import { extractJson } from '../engine/decompose.ts';
import type { Verdict, VerdictProbabilities } from '../types.ts';
import { VERDICTS } from '../types.ts';
import type { ChatEngine, ChatMessage } from '../engine/types.ts';
import { ThinkStream } from '../engine/think-stream.ts';
import { AbortedError, JudgeFailure } from '../errors.ts';
import { checkWith, record } from '../validate.ts';
import type { EvidenceCandidate, Verifier, VerifierInput, VerifierOutput } from './types.ts';
import { decide } from './feature-verifier.ts';
import promptData from './judge-prompt.json' with { type: 'json' };

export type JudgeLanguage = 'en' | 'zh';

interface PromptTemplate {
  system: string;
  single: string;
  multi: string;
  item: string;
  noEvidence: string;
}

export interface JudgePrompt {
  format: 'claimlens-judge-prompt';
  version: string;
  languages: Record<JudgeLanguage, PromptTemplate>;
}

export const JUDGE_PROMPT: JudgePrompt = promptData as JudgePrompt;

/** How the judge's verdicts turn into probabilities and shown verdicts (claimlens calibrate). */
export interface JudgeCalibration {
  /** Probability given to each verdict the model states (its precision on labelled claims). */
  confidence: Record<Verdict, number>;
  /** A stated supported/contradicted is shown only when its confidence reaches this. */
  thresholds: { supported: number; contradicted: number };
}

/** Before any calibration: the model's word, taken as fairly but not fully reliable. */
export const DEFAULT_JUDGE_CALIBRATION: JudgeCalibration = {
  confidence: { supported: 0.8, contradicted: 0.8, unverifiable: 0.6 },
  thresholds: { supported: 0.5, contradicted: 0.5 },
};

export interface LlmJudgeOptions {
  /** The verifier used for a claim when the judge fails on it. */
  fallback: Verifier;
  /** Model name for cache keys and reasons (default: engine.model at each call). */
  model?: string;
  /** Prompt language; 'auto' (default) picks Chinese for claims written mostly in Chinese. */
  language?: JudgeLanguage | 'auto';
  /** Evidence sentences per claim, best-ranked first (default 5). */
  topK?: number;
  /** Claims per request when they fit the context (default 1). */
  claimsPerPrompt?: number;
  /** Requests in flight at once (default 1; a server can take 4–16). */
  concurrency?: number;
  /** The model's context window in tokens, for packing claims (default 4096). */
  contextTokens?: number;
  /** Output tokens allowed per claim (default 160, plus `thinkingTokens` when thinking). */
  maxTokensPerClaim?: number;
  /** Extra output tokens per request for a think block (default 1024 when thinking is not off). */
  thinkingTokens?: number;
  /** Ask a hybrid reasoning model to think first (undefined: the model's default). */
  thinking?: boolean;
  /** Send the JSON schema as response_format (default true). */
  jsonSchema?: boolean;
  /** Per-request time limit in ms (default 120 000). */
  timeoutMs?: number;
  /** Evidence text per item: the best sentence (default) or the whole passage. */
  evidenceText?: 'sentence' | 'passage';
  calibration?: JudgeCalibration;
  /** The user's cancel: aborts the run with AbortedError (no fallback). */
  signal?: AbortSignal;
  /**
   * Errors that end the whole run instead of falling back (the CLI: a server
   * that is down or not OpenAI-compatible). Default: none.
   */
  isFatal?: (error: unknown) => boolean;
  /** Called for each claim that fell back, with why. */
  onFallback?: (claim: string, why: string) => void;
}

/** What a judge run did, for reports and the CLI. */
export interface JudgeStats {
  claims: number;
  judged: number;
  fallbacks: number;
  requests: number;
  /** Fallbacks by kind ("malformed", "refusal", "timeout", "stream", "error", "skipped", "no-model"). */
  fallbackKinds: Record<string, number>;
  promptTokens: number;
  completionTokens: number;
  /** Summed request wall time (ms). */
  requestMs: number;
}

/** One judgement as the model gave it. */
export interface RawJudgement {
  verdict: Verdict;
  /** 1-based number of the deciding evidence sentence, or null. */
  evidence: number | null;
  reason: string;
}

// Plain types only: every guided-decoding backend (XGrammar, outlines, llama.cpp) reads them; ranges are checked here.
const evidenceProperty = { anyOf: [{ type: 'integer' }, { type: 'null' }] };

export const JUDGE_SCHEMA = {
  type: 'object',
  properties: {
    verdict: { type: 'string', enum: [...VERDICTS] },
    evidence: evidenceProperty,
    reason: { type: 'string' },
  },
  required: ['verdict', 'evidence', 'reason'],
  additionalProperties: false,
} as const;

export const JUDGE_BATCH_SCHEMA = {
  type: 'object',
  properties: {
    judgements: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          claim: { type: 'integer' },
          verdict: { type: 'string', enum: [...VERDICTS] },
          evidence: evidenceProperty,
          reason: { type: 'string' },
        },
        required: ['claim', 'verdict', 'evidence', 'reason'],
        additionalProperties: false,
      },
    },
  },
  required: ['judgements'],
  additionalProperties: false,
} as const;

const CJK = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/gu;

/** Chinese when at least a third of the claim's letters are CJK characters. */
export function claimLanguage(text: string): JudgeLanguage {
  const cjk = text.match(CJK)?.length ?? 0;
  const letters = text.match(/[\p{L}\p{N}]/gu)?.length ?? 0;
  return letters > 0 && cjk / letters >= 1 / 3 ? 'zh' : 'en';
}

/** Rough token count (4 characters per token for Latin text, 1 per CJK character). */
export function estimateTokens(text: string): number {
  const cjk = text.match(CJK)?.length ?? 0;
  return Math.ceil(cjk + (text.length - cjk) / 4);
}

const fill = (template: string, values: Record<string, string>) =>
  template.replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? values[k] : m));

/** The candidates a claim is judged on: best-ranked first, with their index in `evidence`. */
export function topEvidence(input: VerifierInput, topK: number): { c: EvidenceCandidate; index: number }[] {
  return input.evidence
    .map((c, index) => ({ c, index }))
    .sort((a, b) => a.c.rank - b.c.rank)
    .slice(0, topK);
}

function evidenceLines(items: { c: EvidenceCandidate }[], t: PromptTemplate, text: 'sentence' | 'passage'): string {
  if (items.length === 0) return t.noEvidence;
  return items
    .map(({ c }, i) => `[${i + 1}] ${(text === 'passage' ? c.passage : c.sentence || c.passage).replace(/\s+/g, ' ').trim()}`)
    .join('\n');
}

/** The chat messages for one or more claims (exported for tests and the docs' cost figures). */
export function judgeMessages(
  inputs: VerifierInput[],
  opts: { language: JudgeLanguage; topK: number; evidenceText?: 'sentence' | 'passage'; prompt?: JudgePrompt },
): ChatMessage[] {
  const t = (opts.prompt ?? JUDGE_PROMPT).languages[opts.language];
  const text = opts.evidenceText ?? 'sentence';
  const user =
    inputs.length === 1
      ? fill(t.single, { claim: inputs[0].claim.trim(), evidence: evidenceLines(topEvidence(inputs[0], opts.topK), t, text) })
      : fill(t.multi, {
          items: inputs
            .map((input, i) =>
              fill(t.item, { n: String(i + 1), claim: input.claim.trim(), evidence: evidenceLines(topEvidence(input, opts.topK), t, text) }),
            )
            .join('\n\n'),
        });
  return [
    { role: 'system', content: t.system },
    { role: 'user', content: user },
  ];
}

/**
 * The first JSON object in a model's answer text (decompose.ts's extractJson:
 * code fences and words around it are tolerated), with the judge's failure
 * kinds: malformed, incomplete, a refusal, or an empty answer.
 */
export function extractJudgeJson(text: string): unknown {
  const t = text.trim();
  try {
    return extractJson(t);
  } catch {
    /* say why below */
  }
  const start = t.indexOf('{');
  if (start >= 0 && t.lastIndexOf('}') > start) throw new JudgeFailure('malformed', `its JSON does not parse: ${snippet(t)}`);
  if (start >= 0) throw new JudgeFailure('malformed', `its JSON does not parse (incomplete): ${snippet(t)}`);
  if (REFUSAL.test(t)) throw new JudgeFailure('refusal', `it declined to judge: ${snippet(t)}`);
  throw new JudgeFailure('malformed', t ? `its answer has no JSON object: ${snippet(t)}` : 'its answer was empty');
}

const REFUSAL = /\b(sorry|I can(?:'|no)t|I cannot|I am unable|I'm unable|as an AI|not able to (?:help|provide|assess))\b|抱歉|无法|不能提供|作为(?:一个)?(?:AI|人工智能)/i;

function snippet(text: string, max = 120): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return `“${t.length > max ? t.slice(0, max) + '…' : t}”`;
}

const VERDICT_WORDS: Record<string, Verdict> = {
  supported: 'supported', support: 'supported', supports: 'supported', entailed: 'supported', 支持: 'supported',
  contradicted: 'contradicted', contradict: 'contradicted', contradicts: 'contradicted', refuted: 'contradicted', 反驳: 'contradicted', 矛盾: 'contradicted',
  unverifiable: 'unverifiable', 'not enough information': 'unverifiable', neutral: 'unverifiable', 无法核实: 'unverifiable',
};

/** Any JSON object: the judgement's fields are read leniently below (verdict words, "[2]" for 2). */
const JsonObjectSchema = record(v.looseObject({}));
/** A batched answer: its list, and each entry's claim number when it gives one. */
const BatchSchema = record(v.object({ judgements: v.array(v.unknown()) }));
const NumberedSchema = record(v.object({ claim: v.number() }));

/** Checks one judgement object; throws JudgeFailure('malformed') with what is wrong. */
export function parseJudgement(value: unknown, evidenceCount: number): RawJudgement {
  const checked = checkWith(JsonObjectSchema, value);
  if (!checked.ok) throw new JudgeFailure('malformed', 'its answer is not a JSON object');
  const o = checked.value;
  const word = typeof o.verdict === 'string' ? o.verdict.trim().toLowerCase() : '';
  const verdict = VERDICT_WORDS[word];
  if (!verdict) throw new JudgeFailure('malformed', `its verdict ${JSON.stringify(o.verdict ?? null)} is not supported, contradicted or unverifiable`);
  let evidence: number | null = null;
  const e = typeof o.evidence === 'string' && /^\s*\[?\d+\]?\s*$/.test(o.evidence) ? Number(o.evidence.replace(/[^\d]/g, '')) : o.evidence;
  if (e !== null && e !== undefined) {
    if (typeof e !== 'number' || !Number.isInteger(e)) throw new JudgeFailure('malformed', `its evidence ${JSON.stringify(o.evidence)} is not a sentence number`);
    if (e < 1 || e > evidenceCount) {
      throw new JudgeFailure('malformed', `it cites evidence ${e}, but only ${evidenceCount} sentence${evidenceCount === 1 ? ' was' : 's were'} given`);
    }
    evidence = e;
  }
  const reason = typeof o.reason === 'string' ? o.reason.replace(/\s+/g, ' ').trim() : '';
  if (!reason) throw new JudgeFailure('malformed', 'its answer has no reason');
  return { verdict, evidence, reason };
}

/** Judgements of a batched answer, by claim number (1-based); missing or broken entries are failures. */
export function parseBatch(value: unknown, evidenceCounts: number[]): (RawJudgement | JudgeFailure)[] {
  const batch = checkWith(BatchSchema, value);
  if (!batch.ok) {
    // A single judgement for a single claim is fine.
    if (evidenceCounts.length === 1) {
      try {
        return [parseJudgement(value, evidenceCounts[0])];
      } catch (e) {
        return [e as JudgeFailure];
      }
    }
    throw new JudgeFailure('malformed', 'its answer has no "judgements" array');
  }
  const out: (RawJudgement | JudgeFailure)[] = evidenceCounts.map(
    (_, i) => new JudgeFailure('skipped', `it gave no judgement for claim ${i + 1} of ${evidenceCounts.length}`),
  );
  batch.value.judgements.forEach((item, pos) => {
    const numbered = checkWith(NumberedSchema, item);
    const n = numbered.ok ? numbered.value.claim : pos + 1;
    const i = n - 1;
    if (!Number.isInteger(n) || i < 0 || i >= evidenceCounts.length || !(out[i] instanceof JudgeFailure && out[i].kind === 'skipped')) return;
    try {
      out[i] = parseJudgement(item, evidenceCounts[i]);
    } catch (e) {
      out[i] = e instanceof JudgeFailure ? e : new JudgeFailure('malformed', String(e));
    }
  });
  return out;
}

/** Probabilities for a stated verdict: its calibrated confidence, the rest shared by the others. */
export function judgeProbabilities(verdict: Verdict, calibration: JudgeCalibration): VerdictProbabilities {
  const c = Math.min(1, Math.max(0, calibration.confidence[verdict]));
  const p = { supported: (1 - c) / 2, contradicted: (1 - c) / 2, unverifiable: (1 - c) / 2 };
  p[verdict] = c;
  return p;
}

const VERDICT_TEXT: Record<Verdict, string> = { supported: 'Supported', contradicted: 'Contradicted', unverifiable: 'Unverifiable' };

/** A model judgement as a verifier output (calibrated: a weak stated verdict is shown as unverifiable with a lean). */
export function judgementOutput(
  j: RawJudgement,
  top: { index: number }[],
  calibration: JudgeCalibration,
  model: string,
): VerifierOutput {
  const probabilities = judgeProbabilities(j.verdict, calibration);
  const { verdict, lean } = decide(probabilities, calibration.thresholds, true);
  const cites = j.evidence !== null ? `, citing evidence [${j.evidence}]` : '';
  const shown =
    verdict === j.verdict
      ? `${VERDICT_TEXT[verdict]} (model judge ${model}${cites}): ${j.reason}`
      : `Unverifiable: the model judge ${model} says ${j.verdict}${cites}, but its calibrated confidence (${Math.round(100 * probabilities[j.verdict])} %) is below the threshold for showing it. Its reason: ${j.reason}`;
  const out: VerifierOutput = {
    verdict,
    confidence: probabilities[verdict],
    probabilities,
    evidenceIndex: j.evidence !== null ? top[j.evidence - 1].index : -1,
    reason: shown,
    fallback: false,
    judge: { model, verdict: j.verdict, evidence: j.evidence },
  };
  if (lean) out.lean = lean;
  return out;
}

function emptyStats(): JudgeStats {
  return { claims: 0, judged: 0, fallbacks: 0, requests: 0, fallbackKinds: {}, promptTokens: 0, completionTokens: 0, requestMs: 0 };
}

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

export class LlmJudgeVerifier implements Verifier {
  readonly name = 'llm-judge';
  /** Totals over every verify() call of this instance. */
  readonly stats: JudgeStats = emptyStats();
  private readonly topK: number;
  private readonly calibration: JudgeCalibration;

  constructor(
    private readonly engine: ChatEngine,
    private readonly opts: LlmJudgeOptions,
  ) {
    this.topK = Math.max(1, opts.topK ?? 5);
    this.calibration = opts.calibration ?? DEFAULT_JUDGE_CALIBRATION;
  }

  private active = 0;
  private readonly waiting: Array<() => void> = [];

  private acquire(): Promise<void> {
    if (this.active < Math.max(1, this.opts.concurrency ?? 1)) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve)); // the slot passes on in release()
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active--;
  }

  private get modelName(): string {
    return this.opts.model ?? this.engine.model ?? 'no-model';
  }

  /** Cache key part: model, prompt version, language, evidence shown, calibration, and the fallback's version. */
  get version(): string {
    const c = this.calibration;
    const cal = `${VERDICTS.map((v) => c.confidence[v]).join(',')}/${c.thresholds.supported},${c.thresholds.contradicted}`;
    const think = this.opts.thinking === undefined ? '' : this.opts.thinking ? '|think' : '|nothink';
    return `llm-judge@${this.modelName}|${JUDGE_PROMPT.version}|${this.opts.language ?? 'auto'}|k${this.topK}|${this.opts.evidenceText ?? 'sentence'}${think}|cal ${cal}|fb ${this.opts.fallback.version}`;
  }

  /** Groups of claim indices that share a request: same language, within the context budget. */
  private groups(inputs: VerifierInput[], langs: JudgeLanguage[]): number[][] {
    const per = Math.max(1, this.opts.claimsPerPrompt ?? 1);
    const budget = this.opts.contextTokens ?? 4096;
    const out: number[][] = [];
    let cur: number[] = [];
    const fits = (ids: number[]) => {
      const msgs = judgeMessages(ids.map((i) => inputs[i]), { language: langs[ids[0]], topK: this.topK, evidenceText: this.opts.evidenceText });
      const tokens = msgs.reduce((n, m) => n + estimateTokens(m.content) + 8, 0);
      return tokens + this.maxTokens(ids.length) <= budget;
    };
    for (let i = 0; i < inputs.length; i++) {
      const next = [...cur, i];
      if (cur.length && (cur.length >= per || langs[cur[0]] !== langs[i] || !fits(next))) {
        out.push(cur);
        cur = [i];
      } else cur = next;
    }
    if (cur.length) out.push(cur);
    return out;
  }

  private maxTokens(claims: number): number {
    const think = this.opts.thinking === false ? 0 : (this.opts.thinkingTokens ?? 1024);
    return think + claims * (this.opts.maxTokensPerClaim ?? 160) + 16;
  }

  /** One request for a group of claims: judgements or failures, one per claim. */
  private async ask(inputs: VerifierInput[], language: JudgeLanguage): Promise<(RawJudgement | JudgeFailure)[]> {
    if (this.opts.signal?.aborted) throw new AbortedError('The check was cancelled.');
    const counts = inputs.map((i) => topEvidence(i, this.topK).length);
    const batched = inputs.length > 1;
    const messages = judgeMessages(inputs, { language, topK: this.topK, evidenceText: this.opts.evidenceText });
    const timeoutMs = this.opts.timeoutMs ?? 120_000;
    const controller = new AbortController();
    const user = this.opts.signal;
    const onAbort = () => controller.abort();
    user?.addEventListener('abort', onAbort, { once: true });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const think = new ThinkStream();
    let finish: string | undefined;
    const t0 = now();
    this.stats.requests++;
    try {
      const stream = this.engine.chat(messages, {
        temperature: 0,
        max_tokens: this.maxTokens(inputs.length),
        thinking: this.opts.thinking,
        signal: controller.signal,
        ...(this.opts.jsonSchema === false
          ? {}
          : { response_format: { type: 'json_object' as const, schema: (batched ? JUDGE_BATCH_SCHEMA : JUDGE_SCHEMA) as unknown as Record<string, unknown> } }),
      });
      for await (const c of stream) {
        if (c.kind === 'delta') {
          if (c.channel === 'reasoning') think.pushReasoning(c.delta);
          else think.push(c.delta);
        } else {
          finish = c.usage.finish_reason;
          this.stats.promptTokens += c.usage.prompt_tokens;
          this.stats.completionTokens += c.usage.completion_tokens;
        }
      }
    } catch (e) {
      if (user?.aborted) throw new AbortedError('The check was cancelled.');
      if (this.opts.isFatal?.(e)) throw e;
      const msg = e instanceof Error ? e.message : String(e);
      const fail = timedOut
        ? new JudgeFailure('timeout', `no complete answer within ${Math.round(timeoutMs / 1000)} s`)
        : /StreamInterrupted/.test((e as Error)?.name ?? '')
          ? new JudgeFailure('stream', `the stream broke off (${msg})`)
          : new JudgeFailure('error', msg);
      return inputs.map(() => fail);
    } finally {
      clearTimeout(timer);
      user?.removeEventListener('abort', onAbort);
      this.stats.requestMs += now() - t0;
    }
    think.end();
    const { answerText, open } = think.result();
    try {
      if (!answerText.trim() && open) throw new JudgeFailure('malformed', 'it was still thinking when its output ended');
      return parseBatch(extractJudgeJson(answerText), counts);
    } catch (e) {
      let fail = e instanceof JudgeFailure ? e : new JudgeFailure('malformed', String(e));
      if (finish === 'length' && fail.kind === 'malformed') fail = new JudgeFailure('malformed', `its output was cut off at the token limit (${fail.message})`);
      return inputs.map(() => fail);
    }
  }

  async verify(inputs: VerifierInput[]): Promise<VerifierOutput[]> {
    if (this.opts.signal?.aborted) throw new AbortedError('The check was cancelled.');
    const model = this.modelName;
    const results: (VerifierOutput | JudgeFailure)[] = new Array(inputs.length);
    this.stats.claims += inputs.length;
    if (!this.engine.model) {
      results.fill(new JudgeFailure('no-model', 'no model is loaded'));
    } else {
      const langs = inputs.map((i) => (this.opts.language && this.opts.language !== 'auto' ? this.opts.language : claimLanguage(i.claim)));
      const groups = this.groups(inputs, langs);
      // One limit for all calls of this verifier (a batch run verifies claims in parallel calls).
      await Promise.all(
        groups.map(async (ids) => {
          await this.acquire();
          try {
            const answers = await this.ask(ids.map((i) => inputs[i]), langs[ids[0]]);
            ids.forEach((i, j) => {
              const a = answers[j];
              results[i] = a instanceof JudgeFailure ? a : judgementOutput(a, topEvidence(inputs[i], this.topK), this.calibration, model);
            });
          } finally {
            this.release();
          }
        }),
      );
    }
    // Claims the judge could not decide: the offline verifier, marked as such.
    const failed = results.map((r, i) => (r instanceof JudgeFailure ? i : -1)).filter((i) => i >= 0);
    if (failed.length) {
      const offline = await this.opts.fallback.verify(failed.map((i) => inputs[i]));
      failed.forEach((i, j) => {
        const why = results[i] as JudgeFailure;
        this.stats.fallbackKinds[why.kind] = (this.stats.fallbackKinds[why.kind] ?? 0) + 1;
        this.opts.onFallback?.(inputs[i].claim, why.message);
        const o = offline[j];
        results[i] = {
          ...o,
          fallback: true,
          reason: `The model judge ${model} failed on this claim (${why.message}); the offline verifier decided instead. ${o.reason ?? ''}`.trim(),
        };
      });
    }
    this.stats.fallbacks += failed.length;
    this.stats.judged += inputs.length - failed.length;
    return results as VerifierOutput[];
  }
}
