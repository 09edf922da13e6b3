import type { JudgeNote, Verdict, VerdictProbabilities, VerifierPart } from '../types.ts';

/** One piece of evidence offered to a verifier for a claim. */
export interface EvidenceCandidate {
  /** The best evidence sentence in the passage (what the user sees highlighted). */
  sentence: string;
  /** The whole passage the sentence comes from. */
  passage: string;
  /** Retrieval score of the passage (higher is better); 0 when given (oracle). */
  score: number;
  /** Rank of the passage in retrieval (0 = best). */
  rank: number;
}

export interface VerifierInput {
  claim: string;
  evidence: EvidenceCandidate[];
  /** Retrieved from a corpus (the default) or given with the claim (answers.jsonl `evidence`, oracle evaluation). */
  mode?: 'retrieved' | 'given';
}

export interface VerifierOutput {
  verdict: Verdict;
  confidence: number;
  probabilities: VerdictProbabilities;
  /** Index in `evidence` of the candidate that decided the verdict (-1: none). */
  evidenceIndex: number;
  /** Combined verifiers: each part's own verdict. */
  parts?: VerifierPart[];
  /** Why, in words (the cue that decided). */
  reason?: string;
  /** Abstained (unverifiable) although the evidence leaned this way. */
  lean?: Verdict;
  /** "Supported" is withheld whatever the probability (retrieved evidence without the claim's relation). */
  supportWithheld?: boolean;
  /** The deciding evidence sentence chosen by alignment, with its span in that candidate's passage. */
  sentence?: { text: string; start: number; end: number };
  /** Model judge only: true when the judge failed and the offline verifier decided (the reason says why). */
  fallback?: boolean;
  /** Model judge only: what the model stated (before calibration) and the evidence number it cited (1-based). */
  judge?: JudgeNote;
}

/**
 * Labels claims against their evidence. The feature verifier (no neural
 * model) and, later, NLI verifiers implement this same interface.
 */
export interface Verifier {
  readonly name: string;
  /** Goes into verdict cache keys: change it when the verifier's behaviour changes. */
  readonly version: string;
  verify(inputs: VerifierInput[]): Promise<VerifierOutput[]>;
}
