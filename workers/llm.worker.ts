// The LLM worker: web-llm's MLCEngine (WebGPU) behind our protocol. This is
// the only module that imports web-llm's code (~6 MB), so the UI entry never
// carries it; Vite bundles it into this worker's chunk.
import { MLCEngine } from '@mlc-ai/web-llm';
import { MLCChatEngine } from '../src/core/engine/mlc-adapter.ts';
import { serveChatEngine, workerSelfPort } from './llm-host.ts';

serveChatEngine(workerSelfPort(), new MLCChatEngine(new MLCEngine()));
