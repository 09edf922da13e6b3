/// <reference lib="webworker" />
// The checker worker: CheckerService off the UI thread, behind
// checker.protocol.ts (src/app/checker-host.ts). The e2e build starts
// checker.worker.e2e.ts instead (test hooks), never this file with hooks.
import { serveChecker } from '../src/app/checker-host.ts';
import { ModelWorkerClient } from '../src/lib/models-client.ts';
import { HUB_URL } from '../src/core/models/settings.ts';
import type { CheckerRequest } from './checker.protocol.ts';

declare const self: DedicatedWorkerGlobalScope;

// The worker script lives under assets/; the app (and evidence/, models/) one level up.
const appBase = new URL('./', self.location.origin + import.meta.env.BASE_URL);

const handle = serveChecker((msg) => self.postMessage(msg), {
  baseUrl: appBase,
  // The neural models run in their own worker, started from here (a nested
  // worker) only once semantic search is used: the embedding job and dense
  // retrieval live in this worker, next to the vectors, and talk to it directly.
  models: (settings) =>
    new ModelWorkerClient(
      () => new Worker(new URL('./models.worker.ts', import.meta.url), { type: 'module', name: 'models' }),
      { models: { source: settings.source, hubUrl: settings.hubUrl } },
    ),
  modelLocations: { mirrorBase: new URL('models/', appBase).href, hubUrl: HUB_URL },
});

self.onmessage = (event: MessageEvent<CheckerRequest>) => handle(event.data);
