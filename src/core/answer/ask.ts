// From a model's answer to its checked report, in one place for the Ask view
// and the CLI (`claimlens ask`): stream the answer from a ChatEngine (the
// reasoning split from it as it arrives, ThinkStream), find its claims (by
// the same model, decomposeClaims, or by the rule-based splitter), move them
// to their place in the stored reply, and check them with the caller's
// checker. Pure TS: the engine and the check are given.
import { splitClaims } from '../claims/index.ts';
import type { AnswerCheck, AnswerStatus } from '../conversation.ts';
import { decomposeClaims } from '../engine/decompose.ts';
import { StreamInterruptedError } from '../errors.ts';
import { ThinkStream } from '../engine/think-stream.ts';
import type { ChatEngine, ChatMessage, ChatOptions, ChatUsage } from '../engine/types.ts';
import { AbortedError, toErrorPayload, type ErrorPayload } from '../errors.ts';
import type { Claim, Report } from '../types.ts';

export interface AnswerOptions {
  /**
   * Ask a model that can switch it to think first (true) or not (false);
   * undefined leaves the model's default (models that cannot switch).
   */
  thinking?: boolean;
  /** Check claims inside the reasoning too. */
  checkReasoning: boolean;
  /** Let the model split the answer into claims (the rule-based splitter is the fallback). */
  claimsByModel: boolean;
}

export type AnswerPhase = 'generating' | 'claims' | 'checking';

/** The answer once its stream has ended (however it ended). */
export interface StreamedAnswer {
  /** The answer without its reasoning. */
  content: string;
  /** The reasoning, without tags. */
  reasoning: string;
  /** `<think>\n…\n</think>\n\n` + answer: what is checked and shown; claim spans point into it. */
  text: string;
  status: Exclude<AnswerStatus, 'streaming'>;
  usage?: ChatUsage;
  /** Why the answer is cut short or missing. */
  error?: ErrorPayload;
}

/** What the check of an answer gave: a report, or why there is none. */
export interface CheckedAnswer {
  check?: AnswerCheck;
  checkError?: ErrorPayload;
}

export interface AskResult extends CheckedAnswer {
  answer: StreamedAnswer;
  /** False when nothing was there to check (an empty answer): no check ran. */
  checked: boolean;
}

/** How the caller checks a text: the Checker (worker or in-process) or checkAnswer() with its deps. */
export type CheckText = (
  text: string,
  opts: { checkReasoning: boolean; claims?: Claim[]; signal?: AbortSignal },
) => Promise<Report>;

export interface AnswerEvents {
  onPhase?(phase: AnswerPhase): void;
  /**
   * After each delta, the texts so far: `added` holds what was appended,
   * or is null when earlier answer text was re-read as reasoning (a closing
   * `</think>` with no opening tag): then show the texts anew.
   */
  onText?(text: { content: string; reasoning: string; added: { content: string; reasoning: string } | null }): void;
  onUsage?(usage: ChatUsage): void;
  /** The generation failed (the raw error, e.g. for the engine to recover from a lost GPU). */
  onFailure?(err: unknown): void;
}

/** Claims found in the answer text, moved to their place in the tagged reply. */
export function shiftClaims(claims: readonly Claim[], by: number): Claim[] {
  return claims.map((c) => ({
    ...c,
    start: c.start + by,
    end: c.end + by,
    sentenceStart: c.sentenceStart + by,
    sentenceEnd: c.sentenceEnd + by,
  }));
}

/** Whether an answer has anything the check would look at. */
export function hasCheckableText(answer: Pick<StreamedAnswer, 'content' | 'reasoning'>, checkReasoning: boolean): boolean {
  return !!answer.content.trim() || (checkReasoning && !!answer.reasoning.trim());
}

/**
 * One answer's way from question to report. stop() ends the answer where it
 * is (the text so far is kept) while it streams, and cancels the claim
 * listing or the check after that.
 */
export class AnswerPipeline {
  private stopRequested = false;
  private phase: AnswerPhase | null = null;
  private abort: AbortController | null = null;

  constructor(
    private readonly engine: ChatEngine,
    private readonly checkText: CheckText,
    private readonly options: AnswerOptions,
  ) {}

  /** Asks, streams the answer, then checks it (when there is text to check). */
  async ask(messages: ChatMessage[], events: AnswerEvents = {}): Promise<AskResult> {
    const answer = await this.generate(messages, events);
    if (!hasCheckableText(answer, this.options.checkReasoning)) return { answer, checked: false };
    return { answer, checked: true, ...(await this.check(answer, events)) };
  }

  /** Streams the model's reply; never throws (a failure ends up in `status` and `error`). */
  async generate(messages: ChatMessage[], events: AnswerEvents = {}): Promise<StreamedAnswer> {
    this.setPhase('generating', events);
    this.stopRequested = false;
    const think = new ThinkStream();
    const options: ChatOptions = this.options.thinking !== undefined ? { thinking: this.options.thinking } : {};
    let content = '';
    let reasoning = '';
    let usage: ChatUsage | undefined;
    let status: StreamedAnswer['status'];
    let error: ErrorPayload | undefined;
    try {
      for await (const chunk of this.engine.chat(messages, options)) {
        if (chunk.kind === 'usage') {
          usage = chunk.usage;
          events.onUsage?.(chunk.usage);
          continue;
        }
        const u = chunk.channel === 'reasoning' ? think.pushReasoning(chunk.delta) : think.push(chunk.delta);
        if (u.reset) {
          reasoning = think.reasoningText;
          content = think.answerText;
          events.onText?.({ content, reasoning, added: null });
        } else if (u.reasoning || u.answer) {
          reasoning += u.reasoning;
          content += u.answer;
          events.onText?.({ content, reasoning, added: { content: u.answer, reasoning: u.reasoning } });
        }
      }
      status = this.stopRequested || usage?.finish_reason === 'abort' ? 'stopped' : 'complete';
    } catch (err) {
      if (err instanceof AbortedError) status = 'stopped';
      else {
        // What arrived before the failure stays (StreamInterruptedError says so too).
        const partial = content.trim() || reasoning.trim() || (err instanceof StreamInterruptedError && err.partial);
        status = partial ? 'interrupted' : 'failed';
        error = toErrorPayload(err);
        events.onFailure?.(err);
      }
    } finally {
      this.phase = null;
    }
    think.end();
    const r = think.result();
    return {
      content: r.answerText,
      reasoning: r.reasoningText,
      text: r.tagged,
      status,
      ...(usage ? { usage } : {}),
      ...(error ? { error } : {}),
    };
  }

  /**
   * Finds the claims of an answer (by the model when asked, else by rules)
   * and checks them; never throws (a failure ends up in `checkError`).
   */
  async check(answer: Pick<StreamedAnswer, 'content' | 'text'>, events: AnswerEvents = {}): Promise<CheckedAnswer> {
    const abort = new AbortController();
    this.abort = abort;
    this.stopRequested = false;
    const { checkReasoning, claimsByModel } = this.options;
    let claims: Claim[] | undefined;
    let claimSource: AnswerCheck['claimSource'] = 'rules';
    let fallbackReason: string | undefined;
    try {
      if (claimsByModel) {
        if (this.engine.model) {
          this.setPhase('claims', events);
          const d = await decomposeClaims(this.engine, answer.content, { signal: abort.signal });
          if (d.source === 'model') {
            claimSource = 'model';
            claims = shiftClaims(d.claims, answer.text.length - answer.content.length);
            // The model splits the answer; the reasoning, when asked for, by rules.
            if (checkReasoning) claims.push(...splitClaims(answer.text, { checkReasoning: true }).filter((x) => x.part === 'reasoning'));
          } else fallbackReason = d.fallbackReason;
        } else fallbackReason = 'no model is loaded';
      }
      this.setPhase('checking', events);
      const report = await this.checkText(answer.text, { checkReasoning, signal: abort.signal, ...(claims ? { claims } : {}) });
      return {
        check: {
          report,
          checkReasoning,
          claimSource,
          ...(fallbackReason ? { fallbackReason } : {}),
          checkedAt: new Date().toISOString(),
        },
      };
    } catch (err) {
      return { checkError: toErrorPayload(err) };
    } finally {
      this.phase = null;
      if (this.abort === abort) this.abort = null;
    }
  }

  /** Stop: ends the answer where it is (the text so far is kept), or cancels the claims or the check. */
  stop(): void {
    if (this.phase === 'generating') {
      this.stopRequested = true;
      this.engine.interrupt();
    } else this.abort?.abort();
  }

  private setPhase(phase: AnswerPhase, events: AnswerEvents): void {
    this.phase = phase;
    events.onPhase?.(phase);
  }
}
