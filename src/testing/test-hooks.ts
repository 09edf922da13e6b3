// TEST-ONLY: hooks the end-to-end tests set (window.__CLAIMLENS_TEST_HOOKS__,
// from sessionStorage; tests/e2e/helpers.ts setHooks). Only the e2e build
// reads them: src/testing/checker-e2e.ts hands them to the test twins of the
// workers (workers/checker.worker.e2e.ts, workers/models.worker.e2e.ts) as
// their first message. The production workers and protocols know nothing of them.

export interface TestHooks {
  /** The checker worker throws an uncaught error when a checked answer contains this text. */
  crashOnAnswer?: string;
  /** IndexedDB refuses writes to these object stores with a QuotaExceededError. */
  failWritesTo?: string[];
  /** Background embedding waits this long between batches (to stop it half-way). */
  embedBatchDelayMs?: number;
  /** Chunks per embedding batch. */
  embedBatchSize?: number;
  /** Save embedding progress at most this often (ms). */
  embedSaveEveryMs?: number;
  /** The model worker finds a WebGPU adapter but can create no device on it. */
  webgpuFails?: boolean;
  /** A batch run waits this long after each answer (to reload or pause it half-way). */
  batchAnswerDelayMs?: number;
  /** Batch runs find the disk full (QuotaExceededError) after this many stored flushes of answers. */
  batchQuotaAfterFlushes?: number;
}

/** The first message a test twin of a worker gets, before any message of its protocol. */
export interface TestHooksMessage {
  kind: 'test-hooks';
  hooks: TestHooks;
}

export function isTestHooksMessage(data: unknown): data is TestHooksMessage {
  return typeof data === 'object' && data !== null && (data as { kind?: unknown }).kind === 'test-hooks';
}
