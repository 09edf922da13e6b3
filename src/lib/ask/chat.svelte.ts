// The conversation on screen: ask, stream the answer (reasoning apart),
// stop, then check the answer's claims automatically with the same checker
// as the Check view. Everything is kept in IndexedDB as it happens, so a
// failure or a reload loses nothing that was already on screen.
import {
  chatMessages,
  conversationTitle,
  DEFAULT_SYSTEM_PROMPT,
  type AnswerTurn,
  type Conversation,
} from '../../core/conversation.ts';
import * as v from 'valibot';
import { splitClaims } from '../../core/claims/index.ts';
import { decomposeClaims } from '../../core/engine/decompose.ts';
import { AbortedError, StreamInterruptedError, toErrorPayload } from '../../core/errors.ts';
import { ThinkStream } from '../../core/engine/think-stream.ts';
import type { ChatEngine, ChatOptions } from '../../core/engine/types.ts';
import type { Claim } from '../../core/types.ts';
import { checker } from '../checker.ts';
import { describeError, type UiMessage } from '../messages.ts';
import { conversations } from './conversations.svelte.ts';
import { engineState } from './engine.svelte.ts';
import { verifierChoice } from '../judge.svelte.ts';
import { localModels } from './local-models.svelte.ts';
import { askDb, readSetting, SETTING, writeSetting } from './store.ts';

export interface AskOptions {
  /** Ask models that can switch it (Qwen3, servers) to think first. */
  thinking: boolean;
  /** Check claims inside the reasoning too. */
  checkReasoning: boolean;
  /** Let the loaded model split the answer into claims (falls back to the rule-based splitter). */
  claimsByModel: boolean;
}

/** As stored: any option may be absent (the default applies). */
const StoredAskOptionsSchema = v.partial(
  v.object({ thinking: v.boolean(), checkReasoning: v.boolean(), claimsByModel: v.boolean() }),
) satisfies v.GenericSchema<unknown, Partial<AskOptions>>;

export type BusyPhase = 'generating' | 'claims' | 'checking';

const newId = () => crypto.randomUUID();
const nowIso = () => new Date().toISOString();

/** Claims found in the answer text, moved to their place in the tagged reply. */
function shiftClaims(claims: Claim[], by: number): Claim[] {
  return claims.map((c) => ({
    ...c,
    start: c.start + by,
    end: c.end + by,
    sentenceStart: c.sentenceStart + by,
    sentenceEnd: c.sentenceEnd + by,
  }));
}

class ChatState {
  conversation = $state<Conversation | null>(null);
  question = $state('');
  busy = $state<{ turnId: string; phase: BusyPhase } | null>(null);
  /** The claim whose evidence is open. */
  selected = $state<{ turnId: string; index: number } | null>(null);
  /** Something that half-worked (not saved) or a request that could not start. */
  notice = $state<UiMessage | null>(null);
  /** The system prompt for new conversations (editable, stored). */
  systemPrompt = $state(DEFAULT_SYSTEM_PROMPT);
  options = $state<AskOptions>({ thinking: true, checkReasoning: false, claimsByModel: false });

  selectedClaim = $derived.by(() => {
    const sel = this.selected;
    if (!sel || !this.conversation) return null;
    const turn = this.conversation.turns.find((t) => t.id === sel.turnId);
    return turn?.role === 'assistant' ? (turn.check?.report.claims[sel.index] ?? null) : null;
  });

  private stopRequested = false;
  private checkAbort: AbortController | null = null;
  private started: Promise<void> | undefined;

  init(): Promise<void> {
    this.started ??= (async () => {
      const [prompt, options] = await Promise.all([
        readSetting(SETTING.systemPrompt, v.string()).catch(() => undefined),
        readSetting(SETTING.options, StoredAskOptionsSchema).catch(() => undefined),
      ]);
      if (prompt !== undefined) this.systemPrompt = prompt;
      if (options) this.options = { ...this.options, ...options };
    })();
    return this.started;
  }

  async setSystemPrompt(text: string): Promise<void> {
    this.systemPrompt = text;
    // The open conversation follows the new prompt from its next question on.
    if (this.conversation) this.conversation.systemPrompt = text;
    await writeSetting(SETTING.systemPrompt, text).catch((err) => (this.notice = describeError(err)));
  }

  setOption<K extends keyof AskOptions>(key: K, value: AskOptions[K]): void {
    this.options[key] = value;
    void writeSetting(SETTING.options, $state.snapshot(this.options)).catch(() => undefined);
  }

  /** Whether the loaded model takes the thinking switch. */
  get thinkingSwitchable(): boolean {
    const ref = engineState.loaded;
    if (!ref) return false;
    if (ref.kind === 'remote') return true;
    return localModels.model(ref.model)?.thinking === 'toggle';
  }

  newConversation(): void {
    if (this.busy) return;
    this.conversation = null;
    this.selected = null;
    this.notice = null;
  }

  async open(id: string): Promise<void> {
    if (this.busy) return;
    const c = await conversations.get(id);
    if (!c) return;
    this.conversation = c;
    this.notice = null;
    const last = [...c.turns].reverse().find((t): t is AnswerTurn => t.role === 'assistant' && !!t.check?.report.claims.length);
    this.selected = last ? { turnId: last.id, index: 0 } : null;
  }

  select(turnId: string, index: number): void {
    this.selected = { turnId, index };
  }

  /** Writes the conversation as it is now; a full disk leaves it on screen with a warning. */
  private async persist(): Promise<void> {
    const c = this.conversation;
    if (!c) return;
    c.updatedAt = nowIso();
    const snapshot = $state.snapshot(c) as Conversation;
    try {
      const { db, saveConversation } = await askDb();
      await saveConversation(db, snapshot);
      conversations.upsert(snapshot);
    } catch (err) {
      this.notice = { ...describeError(err), title: 'The conversation was not saved', tone: 'warning' };
    }
  }

  private answerTurn(id: string): AnswerTurn | undefined {
    const t = this.conversation?.turns.find((x) => x.id === id);
    return t?.role === 'assistant' ? t : undefined;
  }

  /** Asks the loaded model; streams, then checks the answer. */
  async send(): Promise<void> {
    const question = this.question.trim();
    if (!question || this.busy) return;
    const engine = engineState.engine;
    const ref = engineState.loaded;
    if (!engine || !ref) {
      this.notice = { title: 'No model loaded', detail: 'Pick a model above and load it (or connect to a model server) first.', tone: 'error' };
      return;
    }
    this.notice = null;
    if (!this.conversation) {
      const t = nowIso();
      this.conversation = { id: newId(), title: conversationTitle(question), createdAt: t, updatedAt: t, systemPrompt: this.systemPrompt, turns: [] };
    }
    const c = this.conversation;
    c.turns.push({ role: 'user', id: newId(), createdAt: nowIso(), content: question });
    const messages = chatMessages($state.snapshot(c) as Conversation);
    const thinking = this.thinkingSwitchable ? this.options.thinking : undefined;
    const turnId = newId();
    c.turns.push({
      role: 'assistant',
      id: turnId,
      createdAt: nowIso(),
      engine: { ...ref },
      content: '',
      reasoning: '',
      text: '',
      status: 'streaming',
      ...(thinking !== undefined ? { thinking } : {}),
    });
    this.question = '';
    this.busy = { turnId, phase: 'generating' };
    this.stopRequested = false;
    // Saved in the background: generation starts at once.
    void this.persist();
    const turn = this.answerTurn(turnId)!;
    await this.generate(engine, turn, messages, thinking);
    await this.persist();
    if (turn.content.trim() || (this.options.checkReasoning && turn.reasoning.trim())) await this.runCheck(turnId);
    this.busy = null;
  }

  /** Checks an answer again (e.g. with reasoning, or with the model's claims). */
  async recheck(turnId: string): Promise<void> {
    if (this.busy) return;
    this.busy = { turnId, phase: 'checking' };
    try {
      await this.runCheck(turnId);
    } finally {
      this.busy = null;
    }
  }

  private async generate(
    engine: ChatEngine,
    turn: AnswerTurn,
    messages: ReturnType<typeof chatMessages>,
    thinking: boolean | undefined,
  ): Promise<void> {
    const think = new ThinkStream();
    const options: ChatOptions = thinking !== undefined ? { thinking } : {};
    try {
      for await (const chunk of engine.chat(messages, options)) {
        if (chunk.kind === 'usage') {
          turn.usage = chunk.usage;
          continue;
        }
        const u = chunk.channel === 'reasoning' ? think.pushReasoning(chunk.delta) : think.push(chunk.delta);
        if (u.reset) {
          turn.reasoning = think.reasoningText;
          turn.content = think.answerText;
        } else {
          if (u.reasoning) turn.reasoning += u.reasoning;
          if (u.answer) turn.content += u.answer;
        }
      }
      turn.status = this.stopRequested || turn.usage?.finish_reason === 'abort' ? 'stopped' : 'complete';
    } catch (err) {
      if (err instanceof AbortedError) turn.status = 'stopped';
      else {
        // What arrived before the failure stays (StreamInterruptedError says so too).
        const partial = turn.content.trim() || turn.reasoning.trim() || (err instanceof StreamInterruptedError && err.partial);
        turn.status = partial ? 'interrupted' : 'failed';
        turn.error = toErrorPayload(err);
        engineState.afterFailure(err);
      }
    }
    think.end();
    const r = think.result();
    turn.content = r.answerText;
    turn.reasoning = r.reasoningText;
    turn.text = r.tagged;
  }

  /** Checks one answer's claims with the checker worker; the result goes into the turn. */
  private async runCheck(turnId: string): Promise<void> {
    const turn = this.answerTurn(turnId);
    if (!turn) return;
    const abort = new AbortController();
    this.checkAbort = abort;
    const { checkReasoning, claimsByModel } = this.options;
    let claims: Claim[] | undefined;
    let claimSource: 'model' | 'rules' = 'rules';
    let fallbackReason: string | undefined;
    try {
      if (claimsByModel) {
        const engine = engineState.engine;
        if (engine?.model) {
          this.busy = { turnId, phase: 'claims' };
          const d = await decomposeClaims(engine, turn.content, { signal: abort.signal });
          if (d.source === 'model') {
            claimSource = 'model';
            claims = shiftClaims(d.claims, turn.text.length - turn.content.length);
            // The model splits the answer; the reasoning, when asked for, by rules.
            if (checkReasoning) claims.push(...splitClaims(turn.text, { checkReasoning: true }).filter((x) => x.part === 'reasoning'));
          } else fallbackReason = d.fallbackReason;
        } else fallbackReason = 'no model is loaded';
      }
      this.busy = { turnId, phase: 'checking' };
      const out = await checker.check(
        turn.text,
        { checkReasoning, save: false, signal: abort.signal, judge: verifierChoice.option(), ...(claims ? { claims } : {}) },
      );
      turn.check = {
        report: out.record.report,
        checkReasoning,
        claimSource,
        ...(fallbackReason ? { fallbackReason } : {}),
        checkedAt: nowIso(),
      };
      delete turn.checkError;
      if (turn.check.report.claims.length) this.selected = { turnId, index: 0 };
    } catch (err) {
      turn.checkError = toErrorPayload(err);
    } finally {
      if (this.checkAbort === abort) this.checkAbort = null;
    }
    await this.persist();
  }

  /** Stop: ends the answer where it is (the text so far is kept), or cancels the check. */
  stop(): void {
    if (!this.busy) return;
    if (this.busy.phase === 'generating') {
      this.stopRequested = true;
      engineState.engine?.interrupt();
    } else {
      this.checkAbort?.abort();
    }
  }
}

export const chat = new ChatState();
