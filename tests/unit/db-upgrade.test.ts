// Schema version 2 (Ask view: conversations, custom models) on top of
// version 1. A database written by the previous release (version 1 only, the
// schema frozen in db-releases.ts as it shipped) must open with this release's
// ClaimLensDB and keep every row.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { freshNames, writeV1 } from './db-releases.ts';
import {
  ClaimLensDB,
  deleteConversation,
  deleteCustomModel,
  getConversation,
  getSetting,
  listChecks,
  listConversations,
  listCorpora,
  listCustomModels,
  loadIndex,
  renameConversation,
  saveConversation,
  saveCustomModel,
} from '../../src/db.ts';
import { StorageQuotaError } from '../../src/core/errors.ts';
import type { Conversation } from '../../src/core/conversation.ts';
import { validateCustomModel } from '../../src/core/engine/custom-model.ts';

const fresh = freshNames('claimlens-upgrade');

function conversation(id: string, updatedAt: string, title = 'Is aspirin safe?'): Conversation {
  return {
    id,
    title,
    createdAt: '2026-11-23T10:00:00Z',
    updatedAt,
    systemPrompt: 'Be careful.',
    turns: [
      { role: 'user', id: 'q1', createdAt: '2026-11-23T10:00:00Z', content: 'Is aspirin safe for children?' },
      {
        role: 'assistant',
        id: 'a1',
        createdAt: '2026-11-23T10:00:01Z',
        engine: { kind: 'local', model: 'Qwen3-0.6B-q4f32_1-MLC' },
        content: 'Aspirin is not recommended for children.',
        reasoning: 'Reye syndrome.',
        text: '<think>\nReye syndrome.\n</think>\n\nAspirin is not recommended for children.',
        status: 'complete',
        usage: { prompt_tokens: 20, completion_tokens: 12, decode_tokens_per_s: 31.5, time_to_first_token_ms: 80, total_ms: 500, finish_reason: 'stop' },
      },
    ],
  };
}

describe('database version 2', () => {
  it('opens a version 1 database without losing corpora, chunks, indexes, history or settings', async () => {
    const name = fresh();
    await writeV1(name);
    const db = new ClaimLensDB(name);
    await db.open();
    try {
      // At least version 2 (later versions add tables of their own; see semantic/db-upgrade-v3.test.ts).
      expect(db.verno).toBeGreaterThanOrEqual(2);
      expect((await listCorpora(db)).map((c) => [c.id, c.version])).toEqual([['medquad', 'v7']]);
      expect(await db.chunks.where('corpus').equals('medquad').count()).toBe(2);
      expect((await db.chunks.get(['medquad', 'b']))?.text).toBe('It can cause blindness.');
      const index = (await loadIndex(db, 'medquad', 'v7')) as unknown as { lengths: Float32Array };
      expect([...index.lengths]).toEqual([5, 4]);
      expect((await listChecks(db)).map((c) => c.id)).toEqual(['check-1']);
      expect(await db.verdicts.count()).toBe(1);
      expect(await getSetting(db, 'removedPacks', v.array(v.string()))).toEqual(['other']);
      // The new tables are there and empty.
      expect(await listConversations(db)).toEqual([]);
      expect(await listCustomModels(db)).toEqual([]);
    } finally {
      db.close();
    }
    // The upgraded database opens again at the same version (nothing re-runs).
    const again = new ClaimLensDB(name);
    await again.open();
    expect(again.verno).toBe(db.verno);
    expect(await again.corpora.count()).toBe(1);
    again.close();
  });

  it('keeps conversations (newest first), renames and deletes them; a full disk changes nothing', async () => {
    const db = new ClaimLensDB(fresh());
    await db.open();
    try {
      await saveConversation(db, conversation('old', '2026-11-20T00:00:00Z'));
      await saveConversation(db, conversation('new', '2026-11-23T00:00:00Z'));
      expect((await listConversations(db)).map((c) => c.id)).toEqual(['new', 'old']);
      const stored = await getConversation(db, 'old');
      expect(stored).toEqual(conversation('old', '2026-11-20T00:00:00Z'));

      await renameConversation(db, 'old', 'Aspirin and children');
      expect((await getConversation(db, 'old'))?.title).toBe('Aspirin and children');
      await deleteConversation(db, 'new');
      expect((await listConversations(db)).map((c) => c.id)).toEqual(['old']);

      const put = globalThis.IDBObjectStore.prototype.put;
      globalThis.IDBObjectStore.prototype.put = function () {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      };
      try {
        await expect(saveConversation(db, conversation('old', '2026-11-24T00:00:00Z', 'changed'))).rejects.toBeInstanceOf(
          StorageQuotaError,
        );
      } finally {
        globalThis.IDBObjectStore.prototype.put = put;
      }
      expect((await getConversation(db, 'old'))?.title).toBe('Aspirin and children');
    } finally {
      db.close();
    }
  });

  it('keeps custom models in the order they were added', async () => {
    const db = new ClaimLensDB(fresh());
    await db.open();
    try {
      const input = {
        model_lib: 'https://example.org/libs/m-webgpu.wasm',
        vram_required_MB: 2000,
      };
      const b = validateCustomModel({ ...input, id: 'B-q4f32_1-MLC', model: 'https://example.org/B' }, [], () => '2026-11-23T02:00:00Z');
      const a = validateCustomModel({ ...input, id: 'A-q4f16_1-MLC', model: 'https://example.org/A' }, [], () => '2026-11-23T01:00:00Z');
      await saveCustomModel(db, b);
      await saveCustomModel(db, a);
      expect((await listCustomModels(db)).map((m) => m.id)).toEqual(['A-q4f16_1-MLC', 'B-q4f32_1-MLC']);
      await deleteCustomModel(db, 'A-q4f16_1-MLC');
      expect((await listCustomModels(db)).map((m) => [m.id, m.quantization])).toEqual([['B-q4f32_1-MLC', 'q4f32_1']]);
    } finally {
      db.close();
    }
  });
});
