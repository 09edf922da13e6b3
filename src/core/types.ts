// Domain types shared by the core, the workers, the UI and the CLI.
// The same words are used everywhere: claim, evidence, verdict, corpus, chunk.

export type Verdict = 'supported' | 'contradicted' | 'unverifiable';
export const VERDICTS: readonly Verdict[] = ['supported', 'contradicted', 'unverifiable'] as const;

/** A [start, end) character range. */
export type Span = [number, number];

/** One retrievable unit of evidence: 1–4 sentences of a source document. */
export interface Chunk {
  /** Unique within the corpus, stable across rebuilds of the same source. */
  id: string;
  /** Corpus id this chunk belongs to. */
  corpus: string;
  /** Document id inside the corpus (e.g. a MedQuAD question id). */
  doc: string;
  /** Human title: the question, a document title or a file name. */
  title: string;
  /** Where it comes from: site or publisher ("CDC", "GARD") or a file name. */
  source: string;
  url?: string;
  /** MedQuAD: the question focus (disease, drug…). */
  focus?: string;
  /** MedQuAD: the question text. */
  question?: string;
  /** The passage text. */
  text: string;
  /** Sentence ranges inside `text`. */
  sentences: Span[];
  /** Offset of `text` inside the original document text (answer). */
  offset: number;
}

export interface CorpusMeta {
  id: string;
  name: string;
  /** Changes whenever the chunks change; verdict caches are keyed by it. */
  version: string;
  license: string;
  /** Attribution text to show in the app (e.g. CC BY 4.0 credit line). */
  attribution?: string;
  chunks: number;
  /** Total size of chunk texts in bytes (UTF-8). */
  bytes: number;
  createdAt: string;
  description?: string;
}

/** A corpus as stored in IndexedDB: its metadata and where it came from. */
export interface StoredCorpus extends CorpusMeta {
  /** 'pack': a built-in evidence pack; 'import': files the user imported. */
  origin: 'pack' | 'import';
  /** The file the corpus was made from (imports) or the pack file. */
  file?: string;
}

export interface ImportIssue {
  file: string;
  message: string;
}

/** What an importer read: chunks plus a count of what it skipped and why. */
export interface ImportResult {
  chunks: Chunk[];
  documents: number;
  /** Documents or QA pairs skipped because they had no text. */
  skippedEmpty: number;
  /** Per-file problems (malformed XML, bad JSON lines…); never fatal. */
  issues: ImportIssue[];
}

/** An atomic claim found in an answer. */
export interface Claim {
  text: string;
  /** Span of the claim in the original answer (for highlighting). */
  start: number;
  end: number;
  /** Span of the sentence the claim comes from. */
  sentenceStart: number;
  sentenceEnd: number;
  /** 'reasoning' for claims found inside a <think> block (only when asked). */
  part: 'answer' | 'reasoning';
  /**
   * The claim as written in the answer when `text` was rewritten to stand on
   * its own (a pronoun or an elided subject resolved: "It is always painful"
   * → text "Glaucoma is always painful"). The span still points at this.
   */
  original?: string;
  /** Spans of identical claims elsewhere in the answer, merged into this one (count = 1 + repeats.length). */
  repeats?: Span[];
}

/** A chunk returned by retrieval with its score. */
export interface ScoredChunk {
  chunk: Chunk;
  score: number;
}

/** Evidence attached to a claim in a report. */
export interface Evidence {
  corpus: string;
  chunkId: string;
  source: string;
  title: string;
  url?: string;
  /** MedQuAD: the document's focus (disease, drug…); with `question` it gives the panel's heading (core/evidence/headings.ts). */
  focus?: string;
  /** MedQuAD: the question the passage answers, as the archive writes it. */
  question?: string;
  passage: string;
  /** The best evidence sentence inside the passage. */
  sentence: string;
  /** Span of `sentence` inside `passage`, for highlighting. */
  sentenceStart: number;
  sentenceEnd: number;
  /** Score of the passage after reranking by the claim's entity and sentence alignment (the evidence list is in this order). */
  score: number;
}

export type VerdictProbabilities = Record<Verdict, number>;

/** One verifier's own verdict on a claim, when several were combined (e.g. NLI + features). */
export interface VerifierPart {
  /** 'nli', 'features'… */
  name: string;
  version: string;
  weight: number;
  verdict: Verdict;
  confidence: number;
  probabilities: VerdictProbabilities;
}

/** How a check retrieved and verified: shown with the report, kept in history. */
export interface CheckMethod {
  /** 'bm25': keywords only; 'hybrid': BM25 fused with dense (embedding) retrieval. */
  retrieval: 'bm25' | 'dense' | 'hybrid';
  fusion?: 'rrf' | 'weighted';
  /** Embedding model id (dense / hybrid). */
  embedder?: string;
  /** Corpora searched by embeddings too (the others by BM25 only). */
  denseCorpora?: string[];
  /** 'features': lexical features; 'nli+features': an NLI model combined with them; 'llm': a chat model as the judge. */
  verifier: 'features' | 'nli' | 'nli+features' | 'llm';
  /** Model judge: the model's name (and where it ran, e.g. "Qwen/Qwen3-8B @ http://gpu:8000"). */
  judge?: string;
  /** A user calibration applied to the verifier (claimlens calibrate; Settings → Calibration). */
  calibration?: string;
  /** NLI model id. */
  nli?: string;
  /** Where each model ran, e.g. {embedder: "webgpu/fp32", nli: "wasm/q8"}. */
  placements?: { embedder?: string; nli?: string };
  /** Why semantic search was on but not (fully) used for this check. */
  note?: string;
}

export interface ClaimResult {
  text: string;
  start: number;
  end: number;
  part: 'answer' | 'reasoning';
  verdict: Verdict;
  confidence: number;
  probabilities: VerdictProbabilities;
  evidence: Evidence[];
  /** True when the verdict came from the verdict cache. */
  cached?: boolean;
  /** Each verifier's own verdict when several were combined. */
  verifiers?: VerifierPart[];
  /** Index in `evidence` (which is in the order of its score) of the passage whose sentence decided the verdict. */
  decidingEvidence?: number;
  /** Why, in words: the cue that decided the verdict ("the claim says liver; the evidence says pancreas"). */
  reason?: string;
  /**
   * Set when the verifier leaned to supported/contradicted but its calibrated
   * probability stayed below the threshold for showing it: the verdict is then
   * 'unverifiable' and this says which way the nearest evidence pointed.
   */
  lean?: Verdict;
  /** See Claim.original. */
  original?: string;
  /** See Claim.repeats. */
  repeats?: Span[];
  /** Model judge: true when the judge failed on this claim and the offline verifier decided (the reason says why). */
  fallback?: boolean;
  /** Model judge: the model's own verdict and the evidence sentence it cited. */
  judge?: JudgeNote;
}

/** What a model judge said about a claim (src/core/verify/llm-judge.ts). */
export interface JudgeNote {
  model: string;
  /** The verdict the model stated (the shown verdict may be unverifiable after calibration). */
  verdict: Verdict;
  /** The 1-based number of the evidence sentence it cited in its prompt, or null. */
  evidence: number | null;
}

export interface ReportStats {
  claims: number;
  supported: number;
  contradicted: number;
  unverifiable: number;
  /** supported / claims (FActScore-style precision); undefined in stored reports made before these fields. */
  supportedShare?: number;
  /** contradicted / claims (0 when there are no claims); version 1 reports called it `hallucination_rate`. */
  contradictedShare?: number;
  /** unverifiable / claims: how much of the answer could not be checked. */
  uncheckedShare?: number;
  /**
   * In [0, 1], higher = more likely that the answer contains a hallucination,
   * from the claims' probabilities (docs/verification.md). null when no claim
   * could be checked (nothing to say, never "0 %").
   */
  hallucinationScore?: number | null;
  /** Wall time of the check in milliseconds. */
  ms: number;
  /** Model judge: claims on which the judge failed and the offline verifier decided (absent for other verifiers). */
  judgeFallbacks?: number;
}

export interface Report {
  /** Report format version (report-format.ts): 2; absent in reports that version 1 wrote. */
  formatVersion?: number;
  claims: ClaimResult[];
  stats: ReportStats;
  /** Versions of the corpora used, e.g. {"medquad": "2019-…-abc"}. */
  corpora: Record<string, string>;
  verifier: string;
  /** Retriever version (goes into verdict cache keys), e.g. "bm25" or "hybrid(rrf)…". */
  retriever?: string;
  /** Retrieval and verification used, for the reader. */
  method?: CheckMethod;
}
