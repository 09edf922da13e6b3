// TEST-ONLY: workers/fake-llm.worker.ts for Node worker_threads — web-llm's
// WebWorkerMLCEngineHandler with FakeMLCEngine, over the thread's parentPort
// (there is no global postMessage/onmessage in a worker_thread).
import { parentPort } from 'node:worker_threads';
import { createLLMHandler } from '../../src/app/llm-handler.ts';
import { installFakeEngine } from '../../src/testing/fake-mlc.ts';

if (!parentPort) throw new Error('fake-llm.node-worker.ts must run in a worker thread');
const port = parentPort;
const handler = createLLMHandler();
handler.postMessage = (msg: unknown) => port.postMessage(msg);
installFakeEngine(handler);
port.on('message', (msg: unknown) => handler.onmessage(msg));
