// The conversation on screen: ask, stream the answer (reasoning apart),
// stop, retry, then check the answer's claims automatically with the same
// checker as the Check view. The way from question to report is the core's
// AnswerPipeline (src/core/answer/ask.ts, shared with `claimlens ask`); this
// keeps the state around it. Everything is kept in IndexedDB as it happens, so a
// failure or a reload loses nothing that was already on screen.
import {
  chatMessages,
  conversationTitle,
  DEFAULT_SYSTEM_PROMPT,
  type AnswerTurn,
  type Conversation,
  type EngineRef,
} from '../../core/conversation.ts';
import * as v from 'valibot';
import {
  AnswerPipeline,
  hasCheckableText,
  type AnswerEvents,
  type AnswerPhase,
  type CheckText,
} from '../../core/answer/ask.ts';
import type { ChatEngine } from '../../core/engine/types.ts';
import { fromErrorPayload } from '../../core/errors.ts';
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

export type BusyPhase = AnswerPhase;

const newId = () => crypto.randomUUID();
const nowIso = () => new Date().toISOString();

/** Stands in for the engine when an answer is checked again after its model was unloaded. */
const NO_ENGINE: ChatEngine = {
  model: undefined,
  load: () => Promise.reject(new Error('no engine')),
  chat: () => {
    throw new Error('no engine');
  },
  interrupt: () => undefined,
  unload: () => Promise.resolve(),
};

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

  /** The answer being written or checked. */
  private running: AnswerPipeline | null = null;
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

  /** The pipeline for one answer of the loaded engine, checking with the checker (worker). */
  private pipeline(engine: ChatEngine, ref: EngineRef, question: string | undefined, thinking: boolean | undefined): AnswerPipeline {
    const { checkReasoning, claimsByModel } = this.options;
    const checkText: CheckText = async (text, opts) => {
      const out = await checker.check(text, {
        ...opts,
        judge: verifierChoice.option(),
        // Ask answers land in History too, with the model that wrote them.
        model: ref.model,
        ...(question ? { question } : {}),
      });
      if (!out.saved && out.saveError) this.notice = { ...describeError(fromErrorPayload(out.saveError)), title: 'The check was not saved to History', tone: 'warning' };
      return out.record.report;
    };
    return new AnswerPipeline(engine, checkText, { checkReasoning, claimsByModel, ...(thinking !== undefined ? { thinking } : {}) });
  }

  /** The question an answer replies to (the user turn before it). */
  private questionOf(turnId: string): string | undefined {
    const turns = this.conversation?.turns ?? [];
    const i = turns.findIndex((t) => t.id === turnId);
    for (let j = i - 1; j >= 0; j--) {
      const t = turns[j];
      if (t.role === 'user') return t.content;
    }
    return undefined;
  }

  /** Asks the loaded model; streams, then checks the answer. */
  async send(text?: string): Promise<void> {
    const question = (text ?? this.question).trim();
    if (!question || this.busy) return;
    const engine = engineState.engine;
    const ref = engineState.loaded;
    if (!engine || !ref) {
      this.notice = { title: 'No model loaded', detail: 'Choose a model at the top of the conversation and load it (or connect to a model server) first.', tone: 'error' };
      return;
    }
    this.notice = null;
    if (!this.conversation) {
      const t = nowIso();
      this.conversation = { id: newId(), title: conversationTitle(question), createdAt: t, updatedAt: t, systemPrompt: this.systemPrompt, turns: [] };
    }
    const c = this.conversation;
    c.turns.push({ role: 'user', id: newId(), createdAt: nowIso(), content: question });
    if (text === undefined) this.question = '';
    await this.answer(engine, { ...ref }, question);
  }

  /**
   * Asks the last question again: its answer is replaced by a new one from
   * the loaded model (the old answer's check stays in History).
   */
  async retry(turnId: string): Promise<void> {
    if (this.busy || !this.conversation) return;
    const turns = this.conversation.turns;
    const i = turns.findIndex((t) => t.id === turnId);
    if (i < 0 || i !== turns.length - 1 || turns[i].role !== 'assistant') return;
    const engine = engineState.engine;
    const ref = engineState.loaded;
    const question = this.questionOf(turnId);
    if (!engine || !ref || question === undefined) {
      this.notice = { title: 'No model loaded', detail: 'Load a model (or connect to a model server) to ask again.', tone: 'error' };
      return;
    }
    this.notice = null;
    if (this.selected?.turnId === turnId) this.selected = null;
    turns.splice(i, 1);
    await this.answer(engine, { ...ref }, question);
  }

  /** Streams a new answer to the conversation's last question, then checks it. */
  private async answer(engine: ChatEngine, ref: EngineRef, question: string): Promise<void> {
    const c = this.conversation!;
    const messages = chatMessages($state.snapshot(c) as Conversation);
    const thinking = this.thinkingSwitchable ? this.options.thinking : undefined;
    const turnId = newId();
    c.turns.push({
      role: 'assistant',
      id: turnId,
      createdAt: nowIso(),
      engine: ref,
      content: '',
      reasoning: '',
      text: '',
      status: 'streaming',
      ...(thinking !== undefined ? { thinking } : {}),
    });
    this.busy = { turnId, phase: 'generating' };
    // Saved in the background: generation starts at once.
    void this.persist();
    const turn = this.answerTurn(turnId)!;
    const pipeline = this.pipeline(engine, ref, question, thinking);
    this.running = pipeline;
    try {
      const events = this.events(turn);
      const answer = await pipeline.generate(messages, events);
      Object.assign(turn, answer);
      await this.persist();
      if (hasCheckableText(answer, this.options.checkReasoning)) await this.applyCheck(turn, pipeline);
    } finally {
      this.running = null;
      this.busy = null;
    }
  }

  private events(turn: AnswerTurn): AnswerEvents {
    return {
      onPhase: (phase) => (this.busy = { turnId: turn.id, phase }),
      onText: ({ content, reasoning, added }) => {
        if (added) {
          // Appending keeps Svelte's update small on long answers.
          if (added.reasoning) turn.reasoning += added.reasoning;
          if (added.content) turn.content += added.content;
        } else {
          turn.reasoning = reasoning;
          turn.content = content;
        }
      },
      onUsage: (usage) => (turn.usage = usage),
      onFailure: (err) => engineState.afterFailure(err),
    };
  }

  /** Checks an answer again (e.g. with reasoning, or with the model's claims). */
  async recheck(turnId: string): Promise<void> {
    if (this.busy) return;
    const turn = this.answerTurn(turnId);
    if (!turn) return;
    this.busy = { turnId, phase: 'checking' };
    const thinking = turn.thinking;
    const engine = engineState.engine;
    // Claims by the model need the loaded engine; the pipeline says so when there is none.
    const pipeline = this.pipeline(engine ?? NO_ENGINE, turn.engine, this.questionOf(turnId), thinking);
    this.running = pipeline;
    try {
      await this.applyCheck(turn, pipeline);
    } finally {
      this.running = null;
      this.busy = null;
    }
  }

  private async applyCheck(turn: AnswerTurn, pipeline: AnswerPipeline): Promise<void> {
    const out = await pipeline.check(turn, this.events(turn));
    if (out.check) {
      turn.check = out.check;
      delete turn.checkError;
      if (out.check.report.claims.length) this.selected = { turnId: turn.id, index: 0 };
    } else if (out.checkError) turn.checkError = out.checkError;
    await this.persist();
  }

  /** Stop: ends the answer where it is (the text so far is kept), or cancels the check. */
  stop(): void {
    if (!this.busy) return;
    this.running?.stop();
  }
}

export const chat = new ChatState();
