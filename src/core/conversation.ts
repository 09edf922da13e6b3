// Conversations of the Ask view: questions, streamed answers (reasoning kept
// apart) and the check of each answer. Pure: the UI stores them in Dexie
// (src/db.ts) and turns these exports into files.
import type { ChatMessage, ChatUsage } from './engine/types.ts';
import type { ErrorPayload } from './errors.ts';
import type { Report, Verdict } from './types.ts';
import { upgradeReport } from './report-format.ts';

/** Where an answer came from: a model on this device, a model server, or the test-only fake. */
export type EngineKind = 'local' | 'remote' | 'fake';

export interface EngineRef {
  kind: EngineKind;
  /** Model id (catalog / custom id, or the server's model name). */
  model: string;
  /** The server's address, for remote engines. */
  server?: string;
}

export interface QuestionTurn {
  role: 'user';
  id: string;
  createdAt: string;
  content: string;
}

/** How an answer ended. 'streaming' is only ever stored while it runs (a reload then shows it as cut off). */
export type AnswerStatus = 'streaming' | 'complete' | 'stopped' | 'interrupted' | 'failed';

export interface AnswerCheck {
  report: Report;
  checkReasoning: boolean;
  /** Who found the claims: the loaded model (decomposeClaims) or the rule-based splitter. */
  claimSource: 'model' | 'rules';
  /** Why the model's claims were not used, when it was asked and failed. */
  fallbackReason?: string;
  checkedAt: string;
}

export interface AnswerTurn {
  role: 'assistant';
  id: string;
  createdAt: string;
  engine: EngineRef;
  /** The answer without its reasoning. */
  content: string;
  /** The reasoning ("thinking"), without tags. */
  reasoning: string;
  /**
   * The reply as checked and shown: `<think>\n…\n</think>\n\n` + answer
   * (ThinkStream's `tagged`); claim spans of `check` point into it.
   */
  text: string;
  status: AnswerStatus;
  /** Thinking was asked for (true), switched off (false), or left to the model. */
  thinking?: boolean;
  usage?: ChatUsage;
  /** Why the answer is cut short or missing. */
  error?: ErrorPayload;
  check?: AnswerCheck;
  /** Why the automatic check did not run or failed. */
  checkError?: ErrorPayload;
}

export type Turn = QuestionTurn | AnswerTurn;

export interface Conversation {
  id: string;
  title: string;
  createdAt: string;
  updatedAt: string;
  /** The system prompt the conversation was held with. */
  systemPrompt: string;
  turns: Turn[];
}

export const DEFAULT_SYSTEM_PROMPT =
  'You are a careful medical assistant for education. Answer the question accurately and concisely, ' +
  'in plain sentences, in the language the question is asked in. State facts you are sure of; say when ' +
  'something is uncertain or varies between people. This is medical education, not medical advice: ' +
  'remind the user to see a doctor or pharmacist for decisions about their own health.';

/** A short title from a question: its first words (or characters, for Chinese). */
export function conversationTitle(question: string, maxWords = 8, maxChars = 48): string {
  const text = question.replace(/\s+/g, ' ').trim();
  if (!text) return 'New conversation';
  const words = text.split(' ');
  let title = words.slice(0, maxWords).join(' ');
  if (title.length > maxChars) title = title.slice(0, maxChars).trimEnd();
  return title.length < text.length ? `${title}…` : title;
}

/**
 * What the model is sent: the system prompt, then every question and the
 * answers so far. Answers go back without their reasoning (Qwen3 and
 * DeepSeek-style templates expect that), and failed answers are left out.
 */
export function chatMessages(conversation: Pick<Conversation, 'systemPrompt' | 'turns'>): ChatMessage[] {
  const out: ChatMessage[] = [];
  if (conversation.systemPrompt.trim()) out.push({ role: 'system', content: conversation.systemPrompt.trim() });
  for (const t of conversation.turns) {
    if (t.role === 'user') out.push({ role: 'user', content: t.content });
    else if (t.content.trim()) out.push({ role: 'assistant', content: t.content });
  }
  return out;
}

export const CONVERSATION_EXPORT_FORMAT = 'claimlens-conversations';
/** 2: reports in report format 2 (report-format.ts; answers checked before it are written in it too). */
export const CONVERSATION_EXPORT_VERSION = 2;

/** Conversations as one JSON document (every field, reports included). */
export function conversationsToJSON(conversations: readonly Conversation[]): string {
  const upgraded = conversations.map((c) => ({
    ...c,
    turns: c.turns.map((t) => (t.role === 'assistant' && t.check ? { ...t, check: { ...t.check, report: upgradeReport(t.check.report) } } : t)),
  }));
  return JSON.stringify(
    { format: CONVERSATION_EXPORT_FORMAT, formatVersion: CONVERSATION_EXPORT_VERSION, conversations: upgraded },
    null,
    2,
  );
}

const VERDICT_WORD: Record<Verdict, string> = {
  supported: '✓ Supported',
  contradicted: '✗ Contradicted',
  unverifiable: '? Unverifiable',
};

/**
 * Model and user text in Markdown: no raw HTML gets through (a `<` is
 * written as `&lt;`, which every renderer shows as text), and no image
 * loads a remote URL when the file is opened.
 */
export function escapeMarkdownText(text: string): string {
  return text.replace(/</g, '&lt;').replace(/!\[/g, '!\\[');
}

/** One table cell: one line, pipes escaped. */
function cell(text: string): string {
  return escapeMarkdownText(text).replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|').trim();
}

/** Only http(s) links go into the file (evidence URLs come from imported, untrusted files). */
function safeLink(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href.replace(/\)/g, '%29').replace(/ /g, '%20') : undefined;
  } catch {
    return undefined;
  }
}

function engineLine(e: EngineRef): string {
  if (e.kind === 'remote') return `${e.model} on ${e.server ?? 'a model server'}`;
  if (e.kind === 'fake') return `${e.model} (test engine)`;
  return `${e.model} (on this device)`;
}

const STATUS_NOTE: Partial<Record<AnswerStatus, string>> = {
  stopped: 'Stopped before the end.',
  interrupted: 'Cut off before the end.',
  streaming: 'Cut off before the end.',
  failed: 'No answer.',
};

function answerMarkdown(t: AnswerTurn, n: number): string[] {
  const lines: string[] = [`## Answer ${n}`, '', `*${escapeMarkdownText(engineLine(t.engine))}*`, ''];
  if (t.reasoning.trim()) {
    lines.push('<details><summary>Reasoning</summary>', '', escapeMarkdownText(t.reasoning.trim()), '', '</details>', '');
  }
  if (t.content.trim()) lines.push(escapeMarkdownText(t.content.trim()), '');
  const note = STATUS_NOTE[t.status];
  if (note) lines.push(`*${note}${t.error ? ` ${escapeMarkdownText(t.error.message)}` : ''}*`, '');
  if (t.check) {
    const { report } = t.check;
    const s = report.stats;
    const by = t.check.claimSource === 'model' ? 'claims found by the model' : 'claims found by the rule-based splitter';
    lines.push(
      `**Check** (${by}${t.check.fallbackReason ? `; the model's claims were not used: ${escapeMarkdownText(t.check.fallbackReason)}` : ''}): ` +
        `${s.claims} claims, ${s.supported} supported, ${s.contradicted} contradicted, ${s.unverifiable} unverifiable.`,
      '',
    );
    if (report.claims.length > 0) {
      lines.push('| # | Verdict | Confidence | Claim | Best evidence |', '| --- | --- | --- | --- | --- |');
      report.claims.forEach((c, i) => {
        const best = c.evidence[0];
        const link = safeLink(best?.url);
        const source = best ? (link ? `[${cell(best.title)}](${link})` : cell(best.title)) : '';
        const evidence = best ? `“${cell(best.sentence)}” — ${source}` : '';
        const part = c.part === 'reasoning' ? ' (reasoning)' : '';
        lines.push(`| ${i + 1} | ${VERDICT_WORD[c.verdict]} | ${Math.round(c.confidence * 100)}% | ${cell(c.text)}${part} | ${evidence} |`);
      });
      lines.push('');
    }
  } else if (t.checkError) {
    lines.push(`*Not checked: ${escapeMarkdownText(t.checkError.message)}*`, '');
  }
  return lines;
}

/** A conversation as Markdown: questions, answers (reasoning folded), and the verdict of every claim. */
export function conversationToMarkdown(c: Conversation, exportedAt: string = new Date().toISOString()): string {
  const lines: string[] = [
    `# ${cell(c.title)}`,
    '',
    `> Exported from ClaimLens on ${exportedAt.slice(0, 10)}. Answers come from a language model and were checked ` +
      'claim by claim against a local evidence corpus. For medical education only; not medical advice.',
    '',
  ];
  if (c.systemPrompt.trim()) lines.push(`**System prompt:** ${escapeMarkdownText(c.systemPrompt.trim())}`, '');
  let q = 0;
  let a = 0;
  for (const t of c.turns) {
    if (t.role === 'user') lines.push(`## Question ${++q}`, '', escapeMarkdownText(t.content.trim()), '');
    else lines.push(...answerMarkdown(t, ++a));
  }
  return lines.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd() + '\n';
}
