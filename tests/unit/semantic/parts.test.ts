// The parts SemanticService is put together from, each on its own: the status
// emitter (throttling), the check gate (checks first), the settings store
// (what it handles and what it passes on).
import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { StatusEmitter } from '../../../src/app/semantic/status-emitter.ts';
import { CheckGate } from '../../../src/app/semantic/check-gate.ts';
import { SemanticSettingsStore } from '../../../src/app/semantic/settings-store.ts';
import { ClaimLensDB } from '../../../src/db.ts';
import { DEFAULT_SEMANTIC_SETTINGS } from '../../../src/core/models/settings.ts';

describe('StatusEmitter', () => {
  afterEach(() => vi.useRealTimers());

  it('sends a stream of progress once per interval, and a state change at once (dropping the pending send)', () => {
    vi.useFakeTimers();
    let value = 0;
    const sent: number[] = [];
    const emitter = new StatusEmitter(() => value, (v) => sent.push(v), 150);
    for (value = 1; value <= 5; value++) emitter.soon();
    expect(sent).toEqual([]);
    vi.advanceTimersByTime(150);
    expect(sent).toEqual([6]);
    value = 7;
    emitter.soon();
    value = 8;
    emitter.now();
    vi.advanceTimersByTime(1000);
    expect(sent).toEqual([6, 8]);
    emitter.soon();
    emitter.stop();
    vi.advanceTimersByTime(1000);
    expect(sent).toEqual([6, 8]);
  });
});

describe('CheckGate', () => {
  it('lets embedding go on only once every running check is done (a done called twice counts once)', async () => {
    const gate = new CheckGate();
    await gate.idle(); // no check: at once
    const a = gate.started();
    const b = gate.started();
    let passed = false;
    const waiting = gate.idle().then(() => (passed = true));
    a();
    a();
    await Promise.resolve();
    expect(passed).toBe(false);
    b();
    await waiting;
    expect(passed).toBe(true);
  });
});

describe('SemanticSettingsStore', () => {
  const dbs: ClaimLensDB[] = [];
  afterEach(async () => {
    for (const db of dbs.splice(0)) {
      db.close();
      await Dexie.delete(db.name);
    }
  });
  const open = async (name: string) => {
    const db = new ClaimLensDB(name);
    dbs.push(db);
    await db.open();
    return { db, store: new SemanticSettingsStore(db) };
  };

  it('reads what it saved; settings naming a model the catalog lacks give the defaults (off) and the reason', async () => {
    const { db, store } = await open('settings-store-1');
    expect(await store.read()).toEqual({ settings: DEFAULT_SEMANTIC_SETTINGS });
    await store.save({ ...DEFAULT_SEMANTIC_SETTINGS, device: 'wasm' });
    expect((await store.read()).settings.device).toBe('wasm');
    await db.settings.put({ key: 'semantic', value: { enabled: true, nli: 'gone/nli' } });
    const { settings, problem } = await store.read();
    expect(settings).toEqual(DEFAULT_SEMANTIC_SETTINGS);
    expect(problem).toMatchObject({ name: 'ModelCatalogError', message: expect.stringMatching(/No model "gone\/nli"/) });
  });

  it('a full disk only loses the record of the loaded precisions; any other storage failure is passed on', async () => {
    const { db, store } = await open('settings-store-2');
    const put = vi.spyOn(db.settings, 'put');
    put.mockRejectedValueOnce(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
    await expect(store.saveLoaded({ embedder: { id: 'x', dtype: 'q8' } })).resolves.toBeUndefined();
    expect(await store.loaded()).toEqual({});
    put.mockRejectedValueOnce(new DOMException('The database connection is closing.', 'InvalidStateError'));
    await expect(store.saveLoaded({ embedder: { id: 'x', dtype: 'q8' } })).rejects.toMatchObject({ name: 'InvalidStateError' });
    const get = vi.spyOn(db.settings, 'get').mockRejectedValueOnce(new DOMException('Read failed.', 'UnknownError'));
    await expect(store.read()).rejects.toMatchObject({ name: 'UnknownError' });
    get.mockRestore();
    put.mockRestore();
  });
});
