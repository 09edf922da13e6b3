import { describe, expect, it } from 'vitest';
import { isFileFallback, modelProblemKind, modelProblemMessage } from '../../src/lib/model-problem.ts';

// The errors as the worker reports them (copied from the Settings page with no model folder and no network).
const NOT_IN_FOLDER =
  'Could not load Xenova/all-MiniLM-L6-v2 anywhere (webgpu/fp32: Could not load the model Xenova/all-MiniLM-L6-v2 (webgpu/fp32: `local_files_only=true` or `env.allowRemoteModels=false` and file was not found locally at "/models/Xenova/all-MiniLM-L6-v2/config.json".). Its files must be in the app\'s model folder under Xenova/all-MiniLM-L6-v2/ (run `npm run models:mirror` on a machine with internet).)';
const UNREACHABLE = 'Downloading Xenova/all-MiniLM-L6-v2 failed at config.json (Failed to fetch). Check the connection and try again; files already downloaded are kept.';
const MIDWAY = 'Downloading Xenova/all-MiniLM-L6-v2 failed at onnx/model.onnx (Failed to fetch). Check the connection and try again; files already downloaded are kept.';

describe('modelProblemKind', () => {
  it('reads the two problems from the worker’s words', () => {
    expect(modelProblemKind(NOT_IN_FOLDER)).toBe('not-in-folder');
    expect(modelProblemKind(UNREACHABLE)).toBe('hub-unreachable');
  });

  it('leaves other failures to their own message', () => {
    expect(modelProblemKind(MIDWAY)).toBeNull();
    expect(modelProblemKind('The model Xenova/x is no longer in this browser’s storage.')).toBeNull();
    expect(modelProblemKind(undefined)).toBeNull();
  });
});

describe('modelProblemMessage', () => {
  it('says it plainly, without transformers.js settings', () => {
    for (const kind of ['not-in-folder', 'hub-unreachable'] as const) {
      const m = modelProblemMessage(kind, 'https://huggingface.co/');
      expect(`${m.title} ${m.detail}`).not.toMatch(/local_files_only|allowRemoteModels|WebGPU|Xenova/);
      expect(m.detail).toMatch(/Checks keep working/);
    }
    expect(modelProblemMessage('hub-unreachable', 'https://huggingface.co/').detail).toContain('huggingface.co');
  });

  it('does not call a missing file a WebGPU fault', () => {
    expect(isFileFallback('Could not load the model X (webgpu/fp32: `local_files_only=true` or `env.allowRemoteModels=false` and file was not found locally at "/models/X/config.json".)')).toBe(true);
    expect(isFileFallback('WebGPU device lost')).toBe(false);
  });
});
