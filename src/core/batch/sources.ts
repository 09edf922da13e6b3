// Rows for a batch run from what the app already holds: checks saved in
// History and answers of Ask conversations (each with the question before it
// and the model that wrote it). The answer text is the one that was checked
// (with its <think> block, when there was one).
import type { CheckRecord } from '../export.ts';
import type { Conversation } from '../conversation.ts';
import type { BatchInputRow } from './types.ts';

/** History entries as rows (id: the check's id). */
export function rowsFromChecks(records: readonly CheckRecord[]): BatchInputRow[] {
  return records
    .filter((r) => r.answer.trim())
    .map((r) => ({ id: r.id, answer: r.answer, tags: { checkedAt: r.createdAt } }));
}

/** The finished answers of conversations as rows (id: conversation id : answer turn id). */
export function rowsFromConversations(conversations: readonly Conversation[]): BatchInputRow[] {
  const rows: BatchInputRow[] = [];
  for (const c of conversations) {
    let question: string | undefined;
    for (const t of c.turns) {
      if (t.role === 'user') {
        question = t.content;
        continue;
      }
      const text = t.text || t.content;
      if (!text.trim() || t.status === 'streaming' || t.status === 'failed') continue;
      rows.push({
        id: `${c.id}:${t.id}`,
        answer: text,
        ...(question ? { question } : {}),
        model: t.engine.model,
        tags: { conversation: c.title, engine: t.engine.kind },
      });
    }
  }
  return rows;
}
