// One plain message for the common reason semantic search cannot be turned
// on: the model files are neither in the app's model folder nor reachable on
// the model hub. The worker's errors say this in transformers.js's words
// (`local_files_only=true` or `env.allowRemoteModels=false` and file was not
// found locally…, "Failed to fetch"), once per model and once per device it
// tried; the Settings page shows it once, in words a user can act on.
import type { UiMessage } from './messages.ts';

export type ModelProblemKind = 'not-in-folder' | 'hub-unreachable';

/** Text of a model-file error that means "the file is not in the app's model folder". */
const NOT_IN_FOLDER = /local_files_only|allowRemoteModels|not found locally|must be in the app's model folder|models:mirror/i;
/** Text of a download error that failed before any file arrived: the hub (or network) cannot be reached. */
const UNREACHABLE = /failed at config\.json \((?:Failed to fetch|NetworkError[^)]*|Load failed|net::[A-Z_]+|fetch failed|[^)]*ENOTFOUND[^)]*|[^)]*ECONNREFUSED[^)]*|[^)]*ERR_[A-Z_]+[^)]*)\)/i;

/** What kind of problem an error text is, or null when it is some other failure (a broken download midway, a device fault…). */
export function modelProblemKind(text: string | undefined | null): ModelProblemKind | null {
  if (!text) return null;
  if (UNREACHABLE.test(text)) return 'hub-unreachable';
  if (NOT_IN_FOLDER.test(text)) return 'not-in-folder';
  return null;
}

/** The one message the page shows for such a problem. */
export function modelProblemMessage(kind: ModelProblemKind, hubUrl: string, name?: string): UiMessage {
  if (kind === 'not-in-folder') {
    return {
      title: 'The models are not on this server',
      detail:
        "This app's model folder has no copy of the chosen models, so semantic search stays off. " +
        'Whoever runs ClaimLens can add them with `npm run models:mirror` on a machine with internet; or choose ' +
        '“Download from the model hub” if this device is online. Checks keep working by keywords and lexical features.',
      tone: 'error',
      name,
    };
  }
  let host = hubUrl;
  try {
    host = new URL(hubUrl).host;
  } catch {
    // keep what was typed
  }
  return {
    title: 'The model hub cannot be reached',
    detail:
      `This device could not reach ${host}, so the models were not downloaded and semantic search stays off. ` +
      "Connect to the internet and try again, or use a copy of the models in this app's model folder. " +
      'Checks keep working by keywords and lexical features.',
    tone: 'error',
    name,
  };
}

/** True when a device fallback was caused by a missing or unreachable file, not by the device: saying "WebGPU could not be used" would mislead. */
export function isFileFallback(reason: string): boolean {
  return modelProblemKind(reason) !== null || /not found|could not locate|404|Failed to fetch/i.test(reason);
}
