// claimlens ask --server URL --model NAME --question "…" [--system PROMPT]
//   [--thinking on|off] [--claims rules|model] [--reasoning] [--corpus …] [--json]
// Asks a model on an OpenAI-compatible server, streams its answer to stdout,
// then checks the answer's claims and prints them as `claimlens check` does.
// The way from question to report is the core's AnswerPipeline, the same the
// Ask view runs.
import { AnswerPipeline, type AskResult, type CheckText } from '../core/answer/ask.ts';
import { chatMessages, DEFAULT_SYSTEM_PROMPT } from '../core/conversation.ts';
import { OpenAICompatibleEngine } from '../core/engine/openai.ts';
import { ClaimLensError, EmptyInputError, UsageError } from '../core/errors.ts';
import type { ClaimResult, Report } from '../core/types.ts';
import type { LoadedCorpus } from './corpus.ts';

type Values = Record<string, string | boolean | undefined>;

export interface AskIo {
  out: (s: string) => void;
  err: (s: string) => void;
  /** Writes without a line end (the streamed answer); absent: the answer is printed once it is complete. */
  write?: (s: string) => void;
}

/** What ask borrows from claimlens.ts (passed in, so the two modules do not import each other at run time). */
export interface AskDeps<M> {
  methodFrom: (values: Values, io: AskIo) => Promise<M & { semantic: { dispose(): Promise<void> } | null }>;
  /** Checks a text with the run's corpus and method; the report carries its method. */
  checkWith: (text: string, corpus: LoadedCorpus, method: M, opts: Parameters<CheckText>[1]) => Promise<Report>;
  loadCorpus: (spec: string) => LoadedCorpus;
  summaryLine: (r: Report) => string;
  verdictLine: (c: ClaimResult) => string;
}


/** The answer and its check, as `--json` prints it. */
export interface AskOutput {
  question: string;
  model: string;
  server: string;
  answer: AskResult['answer'];
  check: AskResult['check'] | null;
  checkError?: AskResult['checkError'];
}

function onOff(name: string, v: string | boolean | undefined): boolean | undefined {
  if (v === undefined) return undefined;
  if (v === 'on') return true;
  if (v === 'off') return false;
  throw new UsageError(`--${name} must be on or off (got "${String(v)}").`);
}

export async function runAsk<M>(values: Values, io: AskIo, deps: AskDeps<M>): Promise<void> {
  const server = values.server as string | undefined;
  const model = values.model as string | undefined;
  const question = values.question as string | undefined;
  if (!server) throw new UsageError('ask needs --server URL (an OpenAI-compatible server: vLLM, SGLang, Ollama, llama.cpp).');
  if (!model) throw new UsageError('ask needs --model NAME (as the server lists it at /v1/models).');
  if (question === undefined) throw new UsageError('ask needs --question "…".');
  if (!question.trim()) throw new EmptyInputError('the question given with --question is empty');
  if (!/^https?:\/\//i.test(server)) throw new UsageError(`--server must be an http(s) address such as http://127.0.0.1:8000 (got "${server}").`);
  const claimsBy = (values.claims as string | undefined) ?? 'rules';
  if (claimsBy !== 'rules' && claimsBy !== 'model') throw new UsageError(`--claims must be rules or model (got "${claimsBy}").`);
  const thinking = onOff('thinking', values.thinking);
  const checkReasoning = !!values.reasoning;
  const json = !!values.json;

  // Checked before the model is asked: a bad corpus or verifier fails at once.
  const corpus = deps.loadCorpus((values.corpus as string | undefined) ?? 'medquad');
  const method = await deps.methodFrom(values, io);
  try {
    const engine = new OpenAICompatibleEngine({
      baseUrl: server,
      apiKey: (values['api-key'] as string | undefined) ?? process.env.CLAIMLENS_API_KEY,
      model,
    });
    await engine.load(model); // GET /v1/models: a server that is down or not OpenAI-compatible fails here
    const systemPrompt = (values.system as string | undefined) ?? DEFAULT_SYSTEM_PROMPT;
    const messages = chatMessages({ systemPrompt, turns: [{ role: 'user', id: 'q', createdAt: '', content: question }] });
    const pipeline = new AnswerPipeline(engine, (text, opts) => deps.checkWith(text, corpus, method, opts), {
      checkReasoning,
      claimsByModel: claimsBy === 'model',
      ...(thinking !== undefined ? { thinking } : {}),
    });
    const stream = !json && io.write ? io.write : undefined;
    let thinkingSaid = false;
    let wrote = false;
    const result = await pipeline.ask(messages, {
      onText: ({ added }) => {
        if (!stream || !added) return;
        if (added.reasoning && !thinkingSaid) {
          io.err('(the model is thinking; its reasoning is kept apart from the answer)');
          thinkingSaid = true;
        }
        if (added.content) {
          stream(wrote ? added.content : added.content.trimStart());
          wrote = true;
        }
      },
      onPhase: (phase) => {
        if (json) return;
        if (phase === 'claims') io.err('listing the claims with the model…');
      },
    });
    const { answer } = result;
    if (json) {
      const out: AskOutput = {
        question,
        model,
        server: engine.baseUrl,
        answer,
        check: result.check ?? null,
        ...(result.checkError ? { checkError: result.checkError } : {}),
      };
      io.out(JSON.stringify(out, null, 2));
    } else {
      if (stream) {
        if (wrote) stream('\n');
      } else if (answer.content.trim()) io.out(answer.content);
      if (answer.status !== 'complete') {
        const why = { stopped: 'stopped', interrupted: 'cut off', failed: 'no answer' }[answer.status];
        io.err(`answer ${why}${answer.error ? `: ${answer.error.message}` : ''}`);
      }
      if (answer.reasoning.trim()) io.err(`reasoning: ${answer.reasoning.trim().split(/\s+/).length} words (not shown; --json has it)`);
      if (result.check) {
        const c = result.check;
        io.out('');
        io.out(summaryWithSource(deps.summaryLine(c.report), c));
        for (const claim of c.report.claims) io.out(deps.verdictLine(claim));
      }
    }
    if (answer.status === 'failed') throw new ClaimLensError(answer.error?.message ?? 'The model gave no answer.');
    if (result.checkError) {
      if (!json) io.err(`not checked: ${result.checkError.message}`);
      // An answer with no factual statement is an answer, not a failure.
      if (result.checkError.name !== 'EmptyInputError') throw new ClaimLensError(`The answer could not be checked: ${result.checkError.message}`);
    }
  } finally {
    await method.semantic?.dispose();
  }
}

function summaryWithSource(line: string, c: NonNullable<AskResult['check']>): string {
  const by =
    c.claimSource === 'model'
      ? 'claims listed by the model'
      : c.fallbackReason
        ? `claims by the rule-based splitter (the model's list could not be used: ${c.fallbackReason})`
        : 'claims by the rule-based splitter';
  return `${line} [${by}]`;
}
