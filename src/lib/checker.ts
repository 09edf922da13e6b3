// The one checker the UI talks to (a module worker). The e2e build
// (`vite build --mode e2e`) starts the test twin of the worker instead, which
// takes the end-to-end tests' hooks (src/testing/checker-e2e.ts); in any other
// build the condition is the constant `false` and the bundler drops the branch
// with its import (the build guard in vite.config.ts fails a build that keeps it).
import { createChecker, type WorkerChecker } from './checker-client.ts';

export const checker: WorkerChecker =
  import.meta.env.MODE === 'e2e' ? (await import('../testing/checker-e2e.ts')).createTestChecker() : createChecker();
