// Chromium side of the retrieval benchmark: runs in a module worker, as the
// app's index building and search would. Memory figures come from the Node
// driver (RSS of Chromium's processes), asked for through the page.
import { runRetrievalBench, type IndexResult, type MemorySample } from './retrieval-core.ts';
import { makeConfigs, type SerializableConfig } from './retrieval-config.ts';

const scope = self as unknown as {
  postMessage(m: unknown): void;
  onmessage: ((e: MessageEvent) => void) | null;
  gc?: () => void;
};
const pending = new Map<number, (rss: number) => void>();
let nextId = 0;

function memory(): Promise<MemorySample> {
  const id = nextId++;
  return new Promise((resolve) => {
    pending.set(id, (rss) => resolve({ rss }));
    scope.postMessage({ type: 'memory', id });
  });
}

scope.onmessage = async (e: MessageEvent) => {
  const m = e.data as { type: string; id?: number; rss?: number; config?: SerializableConfig };
  if (m.type === 'memory') {
    pending.get(m.id!)?.(m.rss!);
    pending.delete(m.id!);
    return;
  }
  if (m.type !== 'run') return;
  try {
    const results: IndexResult[] = [];
    for (const cfg of makeConfigs(m.config!)) {
      results.push(
        ...(await runRetrievalBench(cfg, {
          name: 'chromium',
          log: (text) => scope.postMessage({ type: 'log', text }),
          memory,
          gc: scope.gc,
        })),
      );
    }
    scope.postMessage({ type: 'done', results });
  } catch (err) {
    scope.postMessage({ type: 'error', text: err instanceof Error ? `${err.name}: ${err.message}` : String(err) });
  }
};
