// The error registry (src/core/errors.ts): every registered class crosses a
// worker boundary (a structured clone through a real MessageChannel) as itself,
// with its own fields; an unknown name stays a ClaimLensError with its name;
// the UI has a title for every class (src/lib/messages.ts).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import {
  ERROR_CLASSES,
  ERROR_NAMES,
  ClaimLensError,
  ContextWindowExceededError,
  DeviceLostError,
  EngineError,
  EngineNotLoadedError,
  IncompleteModelCacheError,
  InvalidCustomModelError,
  JudgeFailure,
  ModelDownloadError,
  ModelLoadError,
  ModelNotFoundError,
  OutOfMemoryError,
  RemoteServerError,
  ShaderF16SupportError,
  StorageQuotaError,
  StreamInterruptedError,
  WebGPUNotAvailableError,
  errorFields,
  fromErrorPayload,
  quotaMessage,
  toErrorPayload,
  type ErrorName,
  type ErrorPayload,
} from '../../src/core/errors.ts';
import { ERROR_TITLES, describeError } from '../../src/lib/messages.ts';

/** One instance of every class, with fields where the class has them. Typed: a new class needs a sample here. */
const samples: Record<ErrorName, () => ClaimLensError> = {
  ClaimLensError: () => new ClaimLensError('No answer could be checked.'),
  EmptyInputError: () => new ERROR_CLASSES.EmptyInputError('There is no text to check.'),
  InputTooLargeError: () => new ERROR_CLASSES.InputTooLargeError('The answer has 210 000 characters; the limit is 200 000.'),
  InvalidInputError: () => new ERROR_CLASSES.InvalidInputError('gold and predicted differ in length'),
  MalformedFileError: () => new ERROR_CLASSES.MalformedFileError('notes.json is not JSON (Unexpected token).'),
  InvalidDataError: () => new ERROR_CLASSES.InvalidDataError('The evidence pack list: packs[0].file: missing.'),
  BinaryFileError: () => new ERROR_CLASSES.BinaryFileError('photo.png looks like a binary file.'),
  EmptyCorpusError: () => new ERROR_CLASSES.EmptyCorpusError('No corpus has any passages.'),
  StorageQuotaError: () => new StorageQuotaError(quotaMessage, { usage: 980 * 1024 * 1024, quota: 1000 * 1024 * 1024 }),
  NotFoundError: () => new ERROR_CLASSES.NotFoundError('No corpus "medquad".'),
  AbortedError: () => new ERROR_CLASSES.AbortedError('Cancelled.'),
  VerifierWeightsError: () => new ERROR_CLASSES.VerifierWeightsError('weights.json has 41 features; the code computes 42.'),
  IndexFileError: () => new ERROR_CLASSES.IndexFileError('made by another tokenizer'),
  WorkerCrashedError: () => new ERROR_CLASSES.WorkerCrashedError('The checker stopped unexpectedly (out of memory).'),
  ReadAheadUnavailableError: () => new ERROR_CLASSES.ReadAheadUnavailableError('web-llm has no streamIdToAsyncGenerator map.'),
  WebGPUNotAvailableError: () => new WebGPUNotAvailableError("This GPU's WebGPU limits are too small for local models."),
  ShaderF16SupportError: () => new ShaderF16SupportError(),
  DeviceLostError: () => new DeviceLostError(),
  OutOfMemoryError: () => new OutOfMemoryError(),
  ModelNotFoundError: () => new ModelNotFoundError('The model\'s files were not found at its URL (HTTP 404).'),
  ModelDownloadError: () =>
    new ModelDownloadError('Downloading Xenova/all-MiniLM-L6-v2 failed at onnx/model_quantized.onnx (HTTP 503).', {
      model: 'Xenova/all-MiniLM-L6-v2',
      file: 'onnx/model_quantized.onnx',
    }),
  IncompleteModelCacheError: () => new IncompleteModelCacheError(),
  ContextWindowExceededError: () => new ContextWindowExceededError(),
  EngineNotLoadedError: () => new EngineNotLoadedError(),
  EngineError: () => new EngineError('TypeError: something inside web-llm'),
  InvalidCustomModelError: () =>
    new InvalidCustomModelError('The custom model has problems.', ['The model URL must start with https://.', 'The model library URL is missing.']),
  RemoteServerError: () => new RemoteServerError('The model server answered 401 Unauthorized.', 401),
  StreamInterruptedError: () => new StreamInterruptedError('The stream broke off.', 'Metformin is a first-line', 'The user asks'),
  JudgeFailure: () => new JudgeFailure('refusal', 'it declined to judge'),
  ModelLoadError: () => new ModelLoadError('Could not load the model Xenova/nli-deberta-v3-xsmall.', { model: 'Xenova/nli-deberta-v3-xsmall', file: 'onnx/model.onnx' }),
  ModelChecksumError: () => new ERROR_CLASSES.ModelChecksumError('onnx/model.onnx has the wrong sha256.'),
  ModelCatalogError: () => new ERROR_CLASSES.ModelCatalogError('catalog.json: unknown format or formatVersion'),
  VectorDimensionError: () => new ERROR_CLASSES.VectorDimensionError('vector has 768 dimensions; the store has 384.'),
  VectorDataCorruptError: () => new ERROR_CLASSES.VectorDataCorruptError('block 3 is missing'),
  UsageError: () => new ERROR_CLASSES.UsageError('check needs --text or --input.'),
  JudgeSetupError: () => new ERROR_CLASSES.JudgeSetupError('--verifier llm needs --model NAME.'),
};

/** The payload as the other side of a worker receives it: structured-cloned through a real MessageChannel. */
function acrossPort(payload: ErrorPayload): Promise<ErrorPayload> {
  const { port1, port2 } = new MessageChannel();
  return new Promise((resolve) => {
    port2.once('message', (p: ErrorPayload) => {
      port1.close();
      resolve(p);
    });
    port1.postMessage(payload);
  });
}

describe('the error registry', () => {
  it('lists each class once under its own name, every one a ClaimLensError', () => {
    expect(ERROR_NAMES.length).toBeGreaterThan(30);
    for (const name of ERROR_NAMES) {
      expect(ERROR_CLASSES[name].name).toBe(name);
      const e = samples[name]();
      expect(e).toBeInstanceOf(ClaimLensError);
      expect(e.name).toBe(name);
    }
  });

  it('rebuilds every registered class as itself, with its message and fields, after a structured clone', async () => {
    for (const name of ERROR_NAMES) {
      const original = samples[name]();
      const back = fromErrorPayload(await acrossPort(toErrorPayload(original)));
      expect(back, name).toBeInstanceOf(ERROR_CLASSES[name]);
      expect(back.name).toBe(name);
      expect(back.message).toBe(original.message);
      expect(errorFields(back), name).toEqual(errorFields(original));
    }
  });

  it('keeps the fields that the UI and callers read', async () => {
    const quota = fromErrorPayload(await acrossPort(toErrorPayload(samples.StorageQuotaError())));
    expect(quota).toBeInstanceOf(StorageQuotaError);
    expect((quota as StorageQuotaError).usage).toBe(980 * 1024 * 1024);
    expect((quota as StorageQuotaError).quota).toBe(1000 * 1024 * 1024);

    const load = fromErrorPayload(structuredClone(toErrorPayload(samples.ModelLoadError()))) as ModelLoadError;
    expect([load.model, load.file]).toEqual(['Xenova/nli-deberta-v3-xsmall', 'onnx/model.onnx']);

    const http = fromErrorPayload(structuredClone(toErrorPayload(samples.RemoteServerError()))) as RemoteServerError;
    expect(http.status).toBe(401);

    const cut = fromErrorPayload(structuredClone(toErrorPayload(samples.StreamInterruptedError())));
    expect(cut).toBeInstanceOf(RemoteServerError);
    expect((cut as StreamInterruptedError).partial).toBe('Metformin is a first-line');
    expect((cut as StreamInterruptedError).partialReasoning).toBe('The user asks');

    const custom = fromErrorPayload(structuredClone(toErrorPayload(samples.InvalidCustomModelError()))) as InvalidCustomModelError;
    expect(custom.problems).toEqual(['The model URL must start with https://.', 'The model library URL is missing.']);

    const judge = fromErrorPayload(structuredClone(toErrorPayload(samples.JudgeFailure())));
    expect(judge).toBeInstanceOf(JudgeFailure);
    expect((judge as JudgeFailure).kind).toBe('refusal');
  });

  it('does not put a default message in place of the one that was sent', () => {
    const back = fromErrorPayload(structuredClone(toErrorPayload(samples.WebGPUNotAvailableError())));
    expect(back.message).toBe("This GPU's WebGPU limits are too small for local models.");
  });

  it('turns an unknown name into a ClaimLensError that keeps the name, message and fields', async () => {
    const back = fromErrorPayload(await acrossPort({ name: 'FutureError', message: 'from a newer worker', fields: { code: 7 } }));
    expect(back).toBeInstanceOf(ClaimLensError);
    expect(back.constructor).toBe(ClaimLensError);
    expect(back.name).toBe('FutureError');
    expect(back.message).toBe('from a newer worker');
    expect((back as unknown as { code: number }).code).toBe(7);
    // Errors that are not ours keep their name the same way.
    const type = fromErrorPayload(structuredClone(toErrorPayload(new TypeError('x is not a function'))));
    expect([type.name, type.message]).toEqual(['TypeError', 'x is not a function']);
    expect(toErrorPayload('a string was thrown')).toEqual({ name: 'ClaimLensError', message: 'a string was thrown' });
  });

  it('maps the browser\'s quota and abort errors to ours', () => {
    expect(fromErrorPayload(toErrorPayload(new DOMException('The quota has been exceeded.', 'QuotaExceededError')))).toBeInstanceOf(StorageQuotaError);
    expect(fromErrorPayload(toErrorPayload(new DOMException('The operation was aborted.', 'AbortError'))).name).toBe('AbortedError');
  });

  it('leaves out fields that are not plain data, so the payload always clones', () => {
    const e = new ModelLoadError('failed', { model: 'm' });
    Object.assign(e, { session: new Map([[1, 2]]), retry: () => 1, at: new Date(0), nested: { ok: [1, 'two', null] } });
    const payload = toErrorPayload(e);
    expect(payload.fields).toEqual({ model: 'm', nested: { ok: [1, 'two', null] } });
    expect(() => structuredClone(payload)).not.toThrow();
    expect(JSON.parse(JSON.stringify(payload))).toEqual(payload);
  });

  it('carries an error\'s cause', () => {
    const e = new ModelDownloadError('Downloading m failed.', { cause: new RemoteServerError('503 Service Unavailable', 503), model: 'm' });
    const back = fromErrorPayload(structuredClone(toErrorPayload(e)));
    expect(back.cause).toBeInstanceOf(RemoteServerError);
    expect((back.cause as RemoteServerError).status).toBe(503);
  });
});

describe('error titles in the UI', () => {
  it('has a title for every registered class, and uses it for the rebuilt error', () => {
    for (const name of ERROR_NAMES) {
      expect(ERROR_TITLES[name], name).toMatch(/\S/);
      const shown = describeError(fromErrorPayload(structuredClone(toErrorPayload(samples[name]()))));
      expect(shown.title).toBe(ERROR_TITLES[name]);
      expect(shown.name).toBe(name);
    }
    expect(Object.keys(ERROR_TITLES).sort()).toEqual([...ERROR_NAMES].sort());
  });

  it('gives an unknown error the generic title and keeps its message', () => {
    const shown = describeError(fromErrorPayload({ name: 'FutureError', message: 'from a newer worker' }));
    expect(shown).toMatchObject({ title: ERROR_TITLES.ClaimLensError, detail: 'from a newer worker', name: 'FutureError' });
  });

  it('says how full storage is when the browser told', () => {
    expect(describeError(samples.StorageQuotaError()).detail).toBe(`${quotaMessage} (980 MB of 1000 MB used)`);
    expect(describeError(new StorageQuotaError()).detail).toBe(quotaMessage);
  });
});

describe('src/core', () => {
  it('throws no plain Error: every failure is a named error', () => {
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (/\.ts$/.test(name) && /throw new Error\(/.test(readFileSync(path, 'utf8'))) offenders.push(path);
      }
    };
    walk(join(import.meta.dirname, '../../src/core'));
    expect(offenders).toEqual([]);
  });
});
