// IndexedDB for the Ask view, loaded on demand (Dexie stays out of the
// entry chunk), and the settings it keeps there.
import type * as v from 'valibot';
import type { ClaimLensDB } from '../../db.ts';

type DbModule = typeof import('../../db.ts');

let opened: Promise<DbModule & { db: ClaimLensDB }> | undefined;

export function askDb(): Promise<DbModule & { db: ClaimLensDB }> {
  opened ??= import('../../db.ts').then((mod) => ({ ...mod, db: new mod.ClaimLensDB() }));
  return opened;
}

/** Keys of the Ask view's settings (the `settings` table, key → value). */
export const SETTING = {
  systemPrompt: 'ask.systemPrompt',
  remote: 'ask.remote',
  vramGB: 'ask.vramGB',
  options: 'ask.options',
  engineKind: 'ask.engineKind',
  lastModel: 'ask.lastModel',
} as const;

/** A stored setting checked against its schema; one of another shape is reported (console) and read as absent. */
export async function readSetting<S extends v.GenericSchema>(key: string, schema: S): Promise<v.InferOutput<S> | undefined> {
  const { db, getSetting } = await askDb();
  return getSetting(db, key, schema);
}

export async function writeSetting(key: string, value: unknown): Promise<void> {
  const { db, setSetting } = await askDb();
  await setSetting(db, key, value);
}
