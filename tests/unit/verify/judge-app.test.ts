// The model judge in the app: the checker (CheckerService, in the worker)
// runs retrieval, the verdict cache and history; the judge's chats are
// relayed to the UI's engine. Here the UI end is the real WorkerChecker
// client, joined to the checker by structured-clone messages (a
// MessageChannel), and its engine is the real OpenAI-compatible client
// talking to a local SSE judge server.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { CheckerService } from '../../../src/app/checker-service.ts';
import type { CheckerRequest, CheckerResponse } from '../../../workers/checker.protocol.ts';
import { WorkerChecker } from '../../../src/lib/checker-client.ts';
import { ChatRelay, serveRelayedChat, type RelayChatRequest, type RelayReply } from '../../../src/core/engine/relay.ts';
import { OpenAICompatibleEngine } from '../../../src/core/engine/openai.ts';
import { FakeEngine } from '../../../src/testing/fake-engine.ts';
import { ClaimLensDB, setSetting } from '../../../src/db.ts';
import { toErrorPayload } from '../../../src/core/errors.ts';
import { createFeatureVerifier } from '../../../src/core/verify/feature-verifier.ts';
import { LlmJudgeVerifier } from '../../../src/core/verify/llm-judge.ts';
import { calibrationSettingKey, type CalibrationFile } from '../../../src/core/verify/calibrate.ts';
import { startJudgeServer, type JudgeBehaviour, type JudgeTestServer } from '../../support/judge-server.ts';

const servers: JudgeTestServer[] = [];
const cleanups: Array<() => void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) c();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serverEngine(behave?: (claim: string) => JudgeBehaviour) {
  const server = await startJudgeServer(['Qwen/Qwen3-8B']);
  if (behave) server.behave = behave;
  servers.push(server);
  const engine = new OpenAICompatibleEngine({ baseUrl: server.url, model: 'Qwen/Qwen3-8B' });
  return { server, engine };
}

/** A relay whose two ends talk through a MessageChannel (structured clone, as between a worker and the page). */
function channelRelay(engine: () => OpenAICompatibleEngine | FakeEngine | null) {
  const ch = new MessageChannel();
  cleanups.push(() => {
    ch.port1.close();
    ch.port2.close();
  });
  const cancels = new Map<number, () => void>();
  const relay = new ChatRelay({
    request: (request) => ch.port1.postMessage({ type: 'chat', request }),
    cancel: (chat) => ch.port1.postMessage({ type: 'cancel', chat }),
  });
  ch.port1.onmessage = (e: MessageEvent<{ chat: number; reply: RelayReply }>) => relay.receive(e.data.chat, e.data.reply);
  ch.port2.onmessage = (e: MessageEvent<{ type: 'chat'; request: RelayChatRequest } | { type: 'cancel'; chat: number }>) => {
    const m = e.data;
    if (m.type === 'cancel') return cancels.get(m.chat)?.();
    cancels.set(m.request.chat, serveRelayedChat(engine(), m.request, (reply) => ch.port2.postMessage({ chat: m.request.chat, reply })));
  };
  return relay;
}

const ev = (sentence: string, rank: number) => ({ sentence, passage: sentence, score: 1, rank });
const GLAUCOMA_EV = [ev('Cataracts cloud the lens of the eye.', 0), ev("Glaucoma can damage the eye's optic nerve and cause blindness.", 1)];

describe('ChatRelay: a judge in the worker, the engine on the page', () => {
  it('relays think blocks and JSON, errors by name (a dropped stream), and cancels a timed-out chat on the engine side', async () => {
    const { server, engine } = await serverEngine((c) => (c.includes('cannot') ? 'drop' : c.includes('hurt') ? 'stall' : 'think'));
    const relay = channelRelay(() => engine);
    // The stalled chat must time out; the others answer at once. The limit is
    // far above what an answer takes even on a loaded machine (300 ms was not).
    const judge = new LlmJudgeVerifier(relay.engine('Qwen/Qwen3-8B'), { fallback: createFeatureVerifier(), timeoutMs: 3_000, concurrency: 3 });
    const out = await judge.verify([
      { claim: 'Glaucoma can damage the optic nerve.', evidence: GLAUCOMA_EV },
      { claim: 'Glaucoma cannot damage the optic nerve.', evidence: GLAUCOMA_EV },
      { claim: 'Glaucoma can hurt the optic nerve.', evidence: GLAUCOMA_EV },
    ]);
    expect(out[0]).toMatchObject({ verdict: 'supported', evidenceIndex: 1, fallback: false });
    expect(out[1].fallback).toBe(true);
    expect(out[1].reason).toMatch(/the stream broke off/);
    expect(out[2].fallback).toBe(true);
    expect(out[2].reason).toMatch(/no complete answer within/);
    expect(judge.stats.fallbackKinds).toEqual({ stream: 1, timeout: 1 });
    expect(relay.pending).toBe(0);
    // The cancel reached the page: the stalled request's connection was closed there.
    await expect.poll(() => server.abandoned).toBe(2); // the dropped one and the cancelled one
    expect(server.inFlight).toBe(0);
  });

  it('a chat for a model that is no longer loaded fails with EngineNotLoadedError, and the claim falls back', async () => {
    const relay = channelRelay(() => null);
    const judge = new LlmJudgeVerifier(relay.engine('Qwen3-1.7B-q4f16_1-MLC'), { fallback: createFeatureVerifier() });
    const [out] = await judge.verify([{ claim: 'Glaucoma can damage the optic nerve.', evidence: GLAUCOMA_EV }]);
    expect(out.fallback).toBe(true);
    expect(out.reason).toMatch(/The model judge Qwen3-1\.7B-q4f16_1-MLC is no longer loaded/);
  });
});

describe('CheckerService with a model judge, through the WorkerChecker client', () => {
  const CORPUS = [
    "Glaucoma is a group of diseases that can damage the eye's optic nerve and result in vision loss and blindness.",
    'A cataract is a clouding of the lens in the eye that affects vision.',
  ].join('\n\n');

  /** The checker worker's transport, in-process: calls → CheckerService, judge chats → the client. */
  function wire(service: CheckerService, relay: ChatRelay, toClient: (m: CheckerResponse) => void) {
    return async (req: CheckerRequest) => {
      if (req.kind === 'judge-reply') return relay.receive(req.chat, req.reply);
      if (req.kind !== 'call') return;
      try {
        const p = req.params as Record<string, unknown>;
        let value: unknown;
        if (req.method === 'init') value = await service.init();
        else if (req.method === 'importFile') value = await service.importFile(p.name as string, p.bytes as ArrayBuffer);
        else if (req.method === 'check') {
          const { answer, ...o } = p as { answer: string };
          value = await service.check(answer, o as never);
        } else throw new Error(`not wired: ${req.method}`);
        toClient({ kind: 'return', id: req.id, method: req.method, value } as CheckerResponse);
      } catch (e) {
        toClient({ kind: 'throw', id: req.id, error: toErrorPayload(e) });
      }
    };
  }

  it('verdicts from the judge (fallbacks counted), the method names it, an imported calibration applies', async () => {
    const { server, engine } = await serverEngine((c) => (/cannot/.test(c) ? 'malformed' : 'reasoning-channel'));
    const db = new ClaimLensDB(`judge-app-${Date.now()}`);
    cleanups.push(() => void db.delete());
    const ch = new MessageChannel();
    cleanups.push(() => {
      ch.port1.close();
      ch.port2.close();
    });
    // port1: the worker's end; port2: the page's end (a Worker-like object for WorkerChecker).
    const relay = new ChatRelay({
      request: (request) => ch.port1.postMessage({ kind: 'judge', id: 0, message: { type: 'chat', request } } satisfies CheckerResponse),
      cancel: (chat) => ch.port1.postMessage({ kind: 'judge', id: 0, message: { type: 'cancel', chat } } satisfies CheckerResponse),
    });
    const service = new CheckerService({
      db,
      verifier: createFeatureVerifier(),
      baseUrl: 'http://app.test/',
      fetch: (async () => new Response('{"packs": []}')) as typeof fetch,
      judgeEngine: (model) => relay.engine(model),
    });
    const handle = wire(service, relay, (m) => ch.port1.postMessage(m));
    ch.port1.onmessage = (e: MessageEvent<CheckerRequest>) => void handle(e.data);
    const fakeWorker = {
      onmessage: null as ((e: MessageEvent) => void) | null,
      onerror: null,
      onmessageerror: null,
      postMessage: (m: unknown, transfer?: Transferable[]) => ch.port2.postMessage(m, transfer ?? []),
      terminate: () => ch.port2.close(),
    };
    ch.port2.onmessage = (e) => fakeWorker.onmessage?.(e);
    const client = new WorkerChecker(() => fakeWorker as unknown as Worker);
    client.setJudgeEngine(() => engine);

    await client.init();
    await client.importFile('eyes.txt', new TextEncoder().encode(CORPUS).buffer as ArrayBuffer);
    const judge = { model: 'Qwen/Qwen3-8B', label: 'Qwen/Qwen3-8B @ test server', concurrency: 2 };
    const answer = 'Glaucoma can damage the optic nerve. Glaucoma cannot damage the optic nerve. A cataract is a clouding of the lens.';
    const t0 = performance.now();
    const out = await client.check(answer, { checkReasoning: false, judge });
    const ms = performance.now() - t0;
    const r = out.record.report;
    expect(r.claims.map((c) => [c.verdict, c.fallback])).toEqual([
      ['supported', false],
      [r.claims[1].verdict, true],
      ['supported', false],
    ]);
    expect(r.claims[1].reason).toMatch(/^The model judge Qwen\/Qwen3-8B failed on this claim \(its JSON does not parse/);
    expect(r.claims[0].judge).toEqual({ model: 'Qwen/Qwen3-8B', verdict: 'supported', evidence: 1 });
    expect(r.stats.judgeFallbacks).toBe(1);
    expect(r.method).toMatchObject({ verifier: 'llm', judge: 'Qwen/Qwen3-8B @ test server' });
    expect(r.method?.note).toBe("The model judge failed on 1 claim; the offline verifier decided it (see each claim's reason).");
    expect(r.verifier).toMatch(/^llm-judge@Qwen\/Qwen3-8B\|judge-1\|/);
    expect(out.saved).toBe(true);
    expect(server.requests).toHaveLength(3);
    console.log(`judge through the relay: ${r.claims.length} claims in ${ms.toFixed(0)} ms`);

    // Checked again: judged claims come from the verdict cache, the fallback is asked again.
    const again = await client.check(answer, { checkReasoning: false, judge });
    expect(again.record.report.claims.map((c) => !!c.cached)).toEqual([true, false, true]);
    expect(server.requests).toHaveLength(4);

    // An imported calibration for this judge: another cache key, shown in the method line.
    const cal: CalibrationFile = {
      format: 'claimlens-calibration',
      version: 1,
      verifier: 'llm',
      model: 'Qwen/Qwen3-8B',
      thresholds: { supported: 0.9, contradicted: 0.5 },
      confidence: { supported: 0.7, contradicted: 0.9, unverifiable: 0.6 },
      fittedOn: { n: 120, file: 'mine.jsonl' },
      metricsBefore: { n: 120, accuracy: 0.7, macro_f1: 0.6, shown_precision: 0.7, coverage: 0.8, ece: 0.1 },
      metricsAfter: { n: 120, accuracy: 0.72, macro_f1: 0.62, shown_precision: 0.8, coverage: 0.7, ece: 0.05 },
    };
    await setSetting(db, calibrationSettingKey('llm'), cal);
    const calibrated = await client.check(answer, { checkReasoning: false, judge });
    const c = calibrated.record.report;
    // supported at 0.7 is below its threshold 0.9 now: shown as unverifiable, leaning supported.
    expect(c.claims[0]).toMatchObject({ verdict: 'unverifiable', lean: 'supported' });
    expect(c.claims[0].cached).toBeUndefined();
    expect(c.claims[0].reason).toMatch(/^Unverifiable: the model judge Qwen\/Qwen3-8B says supported, citing evidence \[1\], but its calibrated confidence \(70 %\)/);
    expect(c.method?.calibration).toMatch(/judge: cal t- 0\.9,0\.5\/0\.7,0\.9,0\.6 \(fitted on 120 claims\)/);

    // Without a judge the same checker stays offline.
    const offline = await client.check(answer, { checkReasoning: false });
    expect(offline.record.report.method?.verifier).toBe('features');
    expect(offline.record.report.stats.judgeFallbacks).toBeUndefined();
  });
});
