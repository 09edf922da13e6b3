// Which verifier a check uses in the app: the offline one (lexical features,
// or NLI + features with semantic search on in Settings), or the model judge —
// the model loaded in the Ask view, on this device (web-llm) or a model
// server. The judge runs in the checker worker; its chats come back here to
// the engine that holds the model (src/core/engine/relay.ts, docs/judge.md).
import * as v from 'valibot';
import type { JudgeChoice } from '../core/checker.ts';
import { engineState } from './ask/engine.svelte.ts';
import { readSetting, writeSetting } from './ask/store.ts';
import { checker } from './checker.ts';

const SETTING_KEY = 'check.verifier';

// The checker's judge chats go to whatever engine holds the loaded model.
checker.setJudgeEngine(() => engineState.engine);

class VerifierChoiceState {
  /** The user asked for the model judge (applies while a model is loaded). */
  useJudge = $state(false);
  /** A model is loaded or a server connected: the judge can be chosen. */
  available = $derived(engineState.loaded !== null);
  /** "Qwen3-1.7B-q4f16_1-MLC (this device)" or "Qwen/Qwen3-8B @ http://gpu:8000". */
  modelLabel = $derived.by(() => {
    const ref = engineState.loaded;
    if (!ref) return null;
    return ref.kind === 'remote' ? `${ref.model} @ ${ref.server ?? 'server'}` : `${ref.model} (${ref.kind === 'fake' ? 'test engine' : 'this device'})`;
  });
  /** The judge is what the next check will use. */
  active = $derived(this.useJudge && this.available);

  private loaded = false;

  async init(): Promise<void> {
    if (this.loaded) return;
    this.loaded = true;
    const saved = await readSetting(SETTING_KEY, v.string()).catch(() => undefined);
    if (saved === 'judge') this.useJudge = true;
  }

  choose(judge: boolean): void {
    this.useJudge = judge;
    void writeSetting(SETTING_KEY, judge ? 'judge' : 'offline').catch(() => undefined);
  }

  /** The check option for the chosen judge, or undefined for the offline verifier. */
  option(): JudgeChoice | undefined {
    const ref = engineState.loaded;
    if (!this.useJudge || !ref) return undefined;
    const remote = ref.kind === 'remote';
    return {
      model: ref.model,
      label: this.modelLabel ?? ref.model,
      // A browser GPU runs one generation at a time: claims share prompts instead. A server takes several requests.
      concurrency: remote ? 4 : 1,
      claimsPerPrompt: remote ? 1 : 4,
      contextTokens: remote ? 8192 : 4096,
      timeoutMs: remote ? 120_000 : 300_000,
    };
  }
}

export const verifierChoice = new VerifierChoiceState();
