// The UI's side of the checker worker: implements Checker by messaging.
// Calls are promises; progress arrives through callbacks; a crashed worker
// rejects what was pending with WorkerCrashedError and is started afresh on
// the next call.
import { WorkerCrashedError, fromErrorPayload } from '../core/errors.ts';
import type { SemanticSettings } from '../core/models/settings.ts';
import type { ChatEngine } from '../core/engine/types.ts';
import { serveRelayedChat } from '../core/engine/relay.ts';
import type {
  Checker,
  CheckerEvent,
  CheckerState,
  CheckCallOptions,
  CheckOutcome,
  CheckProgress,
  ImportOutcome,
  LoadProgress,
  SemanticStatus,
} from '../core/checker.ts';
import type { BatchAction, BatchAnswer, BatchClaimRow, BatchCreate, BatchExportFormat, BatchExportOptions, BatchPage, BatchRun, BatchSideRef, BatchStats, Comparison, PairBy } from '../core/batch/types.ts';
import type {
  CheckerMethod,
  CheckerRequest,
  CheckerResponse,
  JudgeRelayMessage,
  Params,
  Progress,
  Result,
} from '../../workers/checker.protocol.ts';

interface Pending {
  resolve: (value: never) => void;
  reject: (err: Error) => void;
  onProgress?: (p: never) => void;
}

export class WorkerChecker implements Checker {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private readonly crashListeners = new Set<(err: WorkerCrashedError) => void>();
  private readonly eventListeners = new Set<(e: CheckerEvent) => void>();
  /** The engine a model judge chats through, and the judge chats it is serving. */
  private judgeEngine: () => ChatEngine | null | undefined = () => undefined;
  private readonly judgeChats = new Map<number, () => void>();

  constructor(private readonly spawn: () => Worker) {}

  /** Called whenever the worker crashes; returns an unsubscribe function. */
  onCrash(listener: (err: WorkerCrashedError) => void): () => void {
    this.crashListeners.add(listener);
    return () => this.crashListeners.delete(listener);
  }

  init(onProgress?: (p: LoadProgress) => void): Promise<CheckerState> {
    return this.call('init', {}, onProgress);
  }

  check(
    answer: string,
    opts: CheckCallOptions & { signal?: AbortSignal },
    onProgress?: (p: CheckProgress) => void,
  ): Promise<CheckOutcome> {
    const { signal, ...options } = opts;
    return this.call('check', { answer, ...options }, onProgress, signal);
  }

  importFile(name: string, bytes: ArrayBuffer, onProgress?: (p: LoadProgress) => void): Promise<ImportOutcome> {
    return this.call('importFile', { name, bytes }, onProgress, undefined, [bytes]);
  }

  deleteCorpus(corpusId: string): Promise<CheckerState> {
    return this.call('deleteCorpus', { corpusId });
  }

  installPack(packId: string, onProgress?: (p: LoadProgress) => void): Promise<CheckerState> {
    return this.call('installPack', { packId }, onProgress);
  }

  semanticStatus(): Promise<SemanticStatus> {
    return this.call('semanticStatus', {});
  }

  configureSemantic(settings: Partial<SemanticSettings>): Promise<SemanticStatus> {
    return this.call('configureSemantic', { settings });
  }

  enableSemantic(settings?: Partial<SemanticSettings>, onProgress?: (s: SemanticStatus) => void): Promise<SemanticStatus> {
    return this.call('enableSemantic', { settings }, onProgress);
  }

  embedding(corpusId: string, action: 'pause' | 'resume'): Promise<SemanticStatus> {
    return this.call('embedding', { corpusId, action });
  }

  createBatch(input: BatchCreate): Promise<BatchRun> {
    return this.call('createBatch', { input });
  }

  batchControl(runId: string, action: BatchAction): Promise<BatchRun> {
    return this.call('batchControl', { runId, action });
  }

  listBatches(): Promise<BatchRun[]> {
    return this.call('listBatches', {});
  }

  batchAnswers(runId: string, page?: BatchPage): Promise<BatchAnswer[]> {
    return this.call('batchAnswers', { runId, page });
  }

  batchClaims(runId: string, page?: BatchPage): Promise<BatchClaimRow[]> {
    return this.call('batchClaims', { runId, page });
  }

  deleteBatch(runId: string): Promise<void> {
    return this.call('deleteBatch', { runId });
  }

  batchStats(runId: string, by?: string): Promise<BatchStats> {
    return this.call('batchStats', { runId, by });
  }

  batchCompare(a: BatchSideRef, b: BatchSideRef, by?: PairBy): Promise<Comparison> {
    return this.call('batchCompare', { a, b, by });
  }

  batchExport(runId: string, format: BatchExportFormat, opts?: BatchExportOptions): Promise<string> {
    return this.call('batchExport', { runId, format, opts });
  }

  /** Where the model judge's chats go (the Ask view's engine: this device's model or a server). */
  setJudgeEngine(get: () => ChatEngine | null | undefined): void {
    this.judgeEngine = get;
  }

  /** Background events (embedding progress, model state); returns an unsubscribe function. */
  onEvent(listener: (e: CheckerEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  dispose(): void {
    this.worker?.terminate();
    this.worker = null;
  }

  private call<M extends CheckerMethod>(
    method: M,
    params: Params<M>,
    onProgress?: (p: Progress<M>) => void,
    signal?: AbortSignal,
    transfer: Transferable[] = [],
  ): Promise<Result<M>> {
    const worker = this.ensureWorker();
    const id = this.nextId++;
    return new Promise<Result<M>>((resolve, reject) => {
      if (signal?.aborted) return reject(fromErrorPayload({ name: 'AbortedError', message: 'Cancelled.' }));
      this.pending.set(id, {
        resolve: resolve as (v: never) => void,
        reject,
        onProgress: onProgress as ((p: never) => void) | undefined,
      });
      signal?.addEventListener('abort', () => this.worker?.postMessage({ kind: 'cancel', id } satisfies CheckerRequest), {
        once: true,
      });
      worker.postMessage({ kind: 'call', id, method, params } as CheckerRequest, transfer);
    });
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = this.spawn();
    worker.onmessage = (e: MessageEvent<CheckerResponse>) => this.receive(e.data);
    worker.onerror = (e: ErrorEvent) => {
      e.preventDefault();
      this.crashed(e.message || 'the checker could not start');
    };
    worker.onmessageerror = () => this.crashed('a message could not be read');
    this.worker = worker;
    // Every fresh worker starts loading at once, whoever calls it first.
    const id = this.nextId++;
    this.pending.set(id, { resolve: () => undefined, reject: () => undefined });
    worker.postMessage({ kind: 'call', id, method: 'init', params: {} } satisfies CheckerRequest);
    return worker;
  }

  private receive(msg: CheckerResponse): void {
    if (msg.kind === 'judge') {
      this.serveJudge(msg.message);
      return;
    }
    if (msg.kind === 'event') {
      for (const l of this.eventListeners) l(msg.event);
      return;
    }
    const p = this.pending.get(msg.id);
    if (!p) return;
    if (msg.kind === 'progress') {
      p.onProgress?.(msg.progress as never);
      return;
    }
    this.pending.delete(msg.id);
    if (msg.kind === 'return') p.resolve(msg.value as never);
    else p.reject(fromErrorPayload(msg.error));
  }

  /** A model judge in the worker chats through the engine held here. */
  private serveJudge(m: JudgeRelayMessage): void {
    if (m.type === 'cancel') {
      this.judgeChats.get(m.chat)?.();
      this.judgeChats.delete(m.chat);
      return;
    }
    const chat = m.request.chat;
    const worker = this.worker;
    const cancel = serveRelayedChat(this.judgeEngine(), m.request, (reply) => {
      if (reply.kind !== 'chunk') this.judgeChats.delete(chat);
      worker?.postMessage({ kind: 'judge-reply', chat, reply } satisfies CheckerRequest);
    });
    this.judgeChats.set(chat, cancel);
  }

  private crashed(reason: string): void {
    for (const cancel of this.judgeChats.values()) cancel();
    this.judgeChats.clear();
    this.worker?.terminate();
    this.worker = null;
    const err = new WorkerCrashedError(
      `The checker stopped unexpectedly (${reason}). Nothing you stored was lost; it restarts on your next action.`,
    );
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const p of pending) p.reject(err);
    for (const l of this.crashListeners) l(err);
  }
}

/** The app's checker: a module worker, bundled by Vite. */
export function createChecker(): WorkerChecker {
  return new WorkerChecker(
    () => new Worker(new URL('../../workers/checker.worker.ts', import.meta.url), { type: 'module', name: 'checker' }),
  );
}
