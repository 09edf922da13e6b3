// THROWAWAY SHIM — deleted before the branch is finished. Stands in for
// src/core/claims and src/core/evidence (and the pipeline, which imports
// claims) until they land on main, with their announced signatures.
import type { Chunk, Claim, CorpusMeta, ImportResult, Report, Span } from '../core/types.ts';
import { sentenceSpans } from '../core/text/sentences.ts';
import { BinaryFileError, EmptyCorpusError, EmptyInputError, InputTooLargeError, MalformedFileError } from '../core/errors.ts';
import { verifyClaims, type CheckDeps, type ClaimCheckOptions } from '../core/check.ts';

export const MAX_ANSWER_CHARS = 100_000;

export interface ThinkParts { reasoning: Span[]; answer: Span[]; reasoningText: string; answerText: string; open: boolean }
export function splitThinking(text: string): ThinkParts {
  const m = /<think>([\s\S]*?)(<\/think>|$)/i.exec(text);
  if (!m) return { reasoning: [], answer: text.trim() ? [[0, text.length]] : [], reasoningText: '', answerText: text.trim(), open: false };
  const rs = m.index + 7; const re = rs + m[1].length;
  const answer: Span[] = []; if (m.index > 0 && text.slice(0, m.index).trim()) answer.push([0, m.index]);
  const after = m.index + m[0].length; if (text.slice(after).trim()) answer.push([after, text.length]);
  return { reasoning: [[rs, re]], answer, reasoningText: m[1].trim(), answerText: answer.map(([a, b]) => text.slice(a, b).trim()).join('\n\n'), open: !m[2] };
}

export function splitClaims(answer: string, opts: { checkReasoning?: boolean } = {}): Claim[] {
  const t = splitThinking(answer);
  const parts: [Span, 'answer' | 'reasoning'][] = [...t.answer.map((s): [Span, 'answer'] => [s, 'answer']), ...(opts.checkReasoning ? t.reasoning.map((s): [Span, 'reasoning'] => [s, 'reasoning']) : [])];
  return parts.flatMap(([[s0, e0], part]) => sentenceSpans(answer.slice(s0, e0)).map(([s, e]): Claim => ({ text: answer.slice(s0 + s, s0 + e), start: s0 + s, end: s0 + e, sentenceStart: s0 + s, sentenceEnd: s0 + e, part })));
}

export interface EvidencePack { format: string; formatVersion: number; meta: CorpusMeta; chunks: Chunk[] }
export function decodePack(bytes: Uint8Array): EvidencePack {
  return JSON.parse(new TextDecoder().decode(bytes)) as EvidencePack;
}

export function importFile(name: string, bytes: Uint8Array, corpusId: string, _onProgress?: (done: number, total: number) => void): ImportResult {
  if (bytes.includes(0)) throw new BinaryFileError(`${name} looks like a binary file, not text.`);
  let text: string;
  try { text = new TextDecoder('utf-8', { fatal: true }).decode(bytes); } catch { throw new BinaryFileError(`${name} is not UTF-8 text.`); }
  if (/\.jsonl?$/.test(name)) { try { text.split('\n').filter(Boolean).forEach((l) => JSON.parse(l)); } catch { throw new MalformedFileError(`${name}: not valid JSON lines.`); } }
  const spans = sentenceSpans(text);
  const chunks: Chunk[] = [];
  for (let i = 0; i < spans.length; i += 3) {
    const g = spans.slice(i, i + 3); const s0 = g[0][0];
    chunks.push({ id: `${name}#${i / 3}`, corpus: corpusId, doc: name, title: name, source: name, text: text.slice(s0, g[g.length - 1][1]), sentences: g.map(([a, b]): Span => [a - s0, b - s0]), offset: s0 });
  }
  return { chunks, documents: 1, skippedEmpty: 0, issues: [] };
}

export function corpusFromImport(result: ImportResult, m: { id: string; name: string; license: string; attribution?: string; description?: string }): { meta: CorpusMeta; chunks: Chunk[] } {
  if (!result.chunks.length) throw new EmptyCorpusError('The file has no text to use as evidence.');
  return { meta: { ...m, version: `v${Date.now()}`, chunks: result.chunks.length, bytes: result.chunks.reduce((a, c) => a + c.text.length, 0), createdAt: new Date().toISOString() }, chunks: result.chunks };
}

export async function checkAnswer(answer: string, deps: CheckDeps, opts: ClaimCheckOptions & { checkReasoning?: boolean } = {}): Promise<Report> {
  const t0 = performance.now();
  if (!answer.trim()) throw new EmptyInputError('There is no text to check: paste an answer first.');
  if (answer.length > MAX_ANSWER_CHARS) throw new InputTooLargeError(`The text is ${answer.length.toLocaleString('en-US')} characters long; ClaimLens checks up to ${MAX_ANSWER_CHARS.toLocaleString('en-US')} characters at a time. Split it into smaller parts.`);
  const claims = splitClaims(answer, { checkReasoning: opts.checkReasoning });
  if (!claims.length) throw new EmptyInputError('No checkable claims were found.');
  const results = await verifyClaims(claims, deps, opts);
  const n = (v: string) => results.filter((r) => r.verdict === v).length;
  return { claims: results, stats: { claims: results.length, supported: n('supported'), contradicted: n('contradicted'), unverifiable: n('unverifiable'), hallucination_rate: results.length ? n('contradicted') / results.length : 0, ms: Math.round(performance.now() - t0) }, corpora: { ...deps.corpora }, verifier: deps.verifier.version };
}
