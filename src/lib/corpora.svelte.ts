// The Corpora view's state: importing files (one corpus per file, with a
// message per file), deleting a corpus and restoring a removed pack.
import type { LoadProgress } from '../core/checker.ts';
import { app } from './app.svelte.ts';
import { checker } from './checker.ts';
import { describeError, type UiMessage } from './messages.ts';

export interface FileImport {
  /** Unique per import, for keyed lists. */
  key: number;
  name: string;
  state: 'waiting' | 'importing' | 'done' | 'failed';
  progress: LoadProgress | null;
  /** What happened: passages imported, or why the file was refused. */
  message: UiMessage | null;
}

let nextKey = 1;

function plural(n: number, noun: string): string {
  return `${n.toLocaleString('en')} ${noun}${n === 1 ? '' : 's'}`;
}

class CorporaState {
  imports = $state<FileImport[]>([]);
  busy = $state(false);
  /** The corpus waiting for the user to confirm its deletion. */
  confirming = $state<string | null>(null);
  error = $state<UiMessage | null>(null);

  /** Imports files one after another; a bad file gets its message and the rest go on. */
  async importFiles(files: File[]): Promise<void> {
    const batch: FileImport[] = files.map((f) => ({ key: nextKey++, name: f.name, state: 'waiting', progress: null, message: null }));
    this.imports = [...batch, ...this.imports].slice(0, 20);
    // One import at a time: later drops wait for earlier ones.
    const run = this.chain.then(() => this.queue(files, batch));
    this.chain = run.catch(() => undefined);
    this.busy = true;
    await run;
    if (!this.imports.some((x) => x.state === 'waiting' || x.state === 'importing')) this.busy = false;
  }

  private chain: Promise<void> = Promise.resolve();

  private async queue(files: File[], batch: FileImport[]): Promise<void> {
    for (const [i, file] of files.entries()) {
      const item = this.imports.find((x) => x.key === batch[i].key);
      if (!item) continue;
      item.state = 'importing';
      try {
        const outcome = await checker.importFile(file.name, await file.arrayBuffer(), (p) => (item.progress = p));
        const skipped = outcome.skippedEmpty ? `, ${plural(outcome.skippedEmpty, 'empty document')} skipped` : '';
        const issues = outcome.issues.length
          ? ` ${plural(outcome.issues.length, 'part')} could not be read (first: ${outcome.issues[0].message})`
          : '';
        item.state = 'done';
        item.message = {
          title: 'Imported',
          detail: `${plural(outcome.corpus.chunks, 'passage')} from ${plural(outcome.documents, 'document')}${skipped}.${issues}`,
          tone: issues ? 'warning' : 'info',
        };
        await this.refresh();
      } catch (err) {
        item.state = 'failed';
        item.message = describeError(err);
      } finally {
        item.progress = null;
      }
    }
  }

  async remove(corpusId: string): Promise<void> {
    this.confirming = null;
    this.error = null;
    try {
      app.checker = await checker.deleteCorpus(corpusId);
    } catch (err) {
      this.error = describeError(err);
    }
  }

  async restorePack(packId: string): Promise<void> {
    this.error = null;
    try {
      app.checker = await checker.installPack(packId, (p) => (app.loading = p));
    } catch (err) {
      this.error = describeError(err);
    } finally {
      app.loading = null;
    }
  }

  private async refresh(): Promise<void> {
    app.checker = await checker.init();
  }
}

export const corpora = new CorporaState();
