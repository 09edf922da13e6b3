// The list of kept conversations: reopen, rename, delete, export.
import {
  conversationsToJSON,
  conversationToMarkdown,
  type AnswerTurn,
  type Conversation,
} from '../../core/conversation.ts';
import { download } from '../download.ts';
import { describeError, type UiMessage } from '../messages.ts';
import { askDb } from './store.ts';

export interface ConversationSummary {
  id: string;
  title: string;
  updatedAt: string;
  questions: number;
}

const summary = (c: Conversation): ConversationSummary => ({
  id: c.id,
  title: c.title,
  updatedAt: c.updatedAt,
  questions: c.turns.filter((t) => t.role === 'user').length,
});

class Conversations {
  list = $state<ConversationSummary[]>([]);
  loaded = $state(false);
  error = $state<UiMessage | null>(null);

  async refresh(): Promise<void> {
    try {
      const { db, listConversations } = await askDb();
      this.list = (await listConversations(db)).map(summary);
      this.error = null;
    } catch (err) {
      this.error = describeError(err);
    } finally {
      this.loaded = true;
    }
  }

  /** Puts a saved conversation at the top of the list. */
  upsert(c: Conversation): void {
    this.list = [summary(c), ...this.list.filter((s) => s.id !== c.id)];
  }

  async get(id: string): Promise<Conversation | undefined> {
    const { db, getConversation } = await askDb();
    const c = await getConversation(db, id);
    if (!c) return undefined;
    // An answer that was streaming when the page went away was cut off.
    for (const t of c.turns) {
      if (t.role === 'assistant' && t.status === 'streaming') (t as AnswerTurn).status = 'interrupted';
    }
    return c;
  }

  async rename(id: string, title: string): Promise<boolean> {
    const clean = title.replace(/\s+/g, ' ').trim();
    if (!clean) return false;
    try {
      const { db, renameConversation } = await askDb();
      await renameConversation(db, id, clean);
      this.list = this.list.map((s) => (s.id === id ? { ...s, title: clean } : s));
      return true;
    } catch (err) {
      this.error = describeError(err);
      return false;
    }
  }

  async remove(id: string): Promise<void> {
    try {
      const { db, deleteConversation } = await askDb();
      await deleteConversation(db, id);
      this.list = this.list.filter((s) => s.id !== id);
    } catch (err) {
      this.error = describeError(err);
    }
  }

  exportJSON(c: Conversation): void {
    download(`${fileStem(c)}.json`, conversationsToJSON([c]), 'application/json');
  }

  exportMarkdown(c: Conversation): void {
    download(`${fileStem(c)}.md`, conversationToMarkdown(c), 'text/markdown;charset=utf-8');
  }
}

function fileStem(c: Conversation): string {
  const slug = c.title
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return `claimlens-conversation-${slug || c.id.slice(0, 8)}`;
}

export const conversations = new Conversations();
