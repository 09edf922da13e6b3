// TEST-ONLY, bundled only by `vite build --mode e2e` (see src/lib/checker.ts):
// the UI's checker client with the test twin of the checker worker, which
// gets the page's test hooks as its first message.
import { WorkerChecker } from '../lib/checker-client.ts';
import type { TestHooks, TestHooksMessage } from './test-hooks.ts';

declare global {
  interface Window {
    __CLAIMLENS_TEST_HOOKS__?: TestHooks;
  }
}

export function createTestChecker(): WorkerChecker {
  return new WorkerChecker(() => {
    const worker = new Worker(new URL('../../workers/checker.worker.e2e.ts', import.meta.url), { type: 'module', name: 'checker' });
    // Read at each start: a test sets hooks and reloads, or they apply to the restarted worker after a crash.
    worker.postMessage({ kind: 'test-hooks', hooks: window.__CLAIMLENS_TEST_HOOKS__ ?? {} } satisfies TestHooksMessage);
    return worker;
  });
}
