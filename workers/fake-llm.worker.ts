// TEST-ONLY twin of llm.worker.ts: the same host, protocol and MLCChatEngine
// adapter, with web-llm's MLCEngine swapped for a scripted FakeMLCEngine.
// Load a model id `fake:{json script}` (see src/core/engine/fake.ts).
import { FakeMLCEngine } from '../src/core/engine/fake.ts';
import { MLCChatEngine } from '../src/core/engine/mlc-adapter.ts';
import { serveChatEngine, workerSelfPort } from './llm-host.ts';

serveChatEngine(workerSelfPort(), new MLCChatEngine(new FakeMLCEngine()));
