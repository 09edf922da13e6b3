// History: every check is saved by the checker; this lists, deletes and
// exports them. IndexedDB is read here directly (Dexie is loaded on demand so
// it stays out of the entry chunk).
import { checksToCSV, checksToJSON, type CheckRecord } from '../core/export.ts';
import { describeError, type UiMessage } from './messages.ts';
import { download } from './download.ts';

async function database() {
  const mod = await import('../db.ts');
  db ??= new mod.ClaimLensDB();
  return { db, ...mod };
}
let db: import('../db.ts').ClaimLensDB | undefined;

class HistoryState {
  records = $state<CheckRecord[]>([]);
  loaded = $state(false);
  error = $state<UiMessage | null>(null);

  async refresh(): Promise<void> {
    try {
      const { db, listChecks } = await database();
      this.records = await listChecks(db);
      this.error = null;
    } catch (err) {
      this.error = describeError(err);
    } finally {
      this.loaded = true;
    }
  }

  async remove(id: string): Promise<void> {
    try {
      const { db, deleteCheck } = await database();
      await deleteCheck(db, id);
      this.records = this.records.filter((r) => r.id !== id);
    } catch (err) {
      this.error = describeError(err);
    }
  }

  exportJSON(records: CheckRecord[] = this.records): void {
    download(fileName(records, 'json'), checksToJSON($state.snapshot(records) as CheckRecord[]), 'application/json');
  }

  exportCSV(records: CheckRecord[] = this.records): void {
    // The BOM makes spreadsheet programs read the file as UTF-8.
    download(fileName(records, 'csv'), '\ufeff' + checksToCSV(records), 'text/csv;charset=utf-8');
  }
}

function fileName(records: CheckRecord[], ext: string): string {
  const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
  return records.length === 1 ? `claimlens-check-${records[0].id.slice(0, 8)}.${ext}` : `claimlens-history-${stamp}.${ext}`;
}

export const history = new HistoryState();
