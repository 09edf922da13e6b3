// TEST-ONLY: workers/fake-llm.worker.ts for Node worker_threads — the same
// host, adapter and fake web-llm engine, with the thread's parentPort as transport.
import { FakeMLCEngine } from '../../src/core/engine/fake.ts';
import { MLCChatEngine } from '../../src/core/engine/mlc-adapter.ts';
import { serveChatEngine } from '../../workers/llm-host.ts';
import { parentHostPort } from './llm-ports.ts';

serveChatEngine(parentHostPort(), new MLCChatEngine(new FakeMLCEngine()));
