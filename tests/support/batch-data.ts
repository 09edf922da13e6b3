// A batch file of real data for the Batch view's e2e test and benchmark:
// answers built from the MedQuAD claim set (tests/eval/data/medquad-claims.jsonl).
// Model "careful" answers with MedQuAD's own sentences (the `ref` of each
// claim); model "sloppy" answers the same questions with the claims as they
// are, about half of them contradicted by MedQuAD (negated or wrong facts).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

interface LabelledClaim {
  id: string;
  claim: string;
  label: string;
  topic: string;
  ref?: string;
}

const FILE = fileURLToPath(new URL('../eval/data/medquad-claims.jsonl', import.meta.url));

export function medquadClaims(): LabelledClaim[] {
  return readFileSync(FILE, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as LabelledClaim);
}

export interface AnswerRow {
  id: string;
  question_id: string;
  question: string;
  model: string;
  answer: string;
  topic: string;
}

/**
 * `questions` questions, each answered by both models (2 × questions rows), each
 * answer `perAnswer` sentences long.
 */
export function twoModelAnswers(questions: number, perAnswer = 2): AnswerRow[] {
  const claims = medquadClaims();
  const rows: AnswerRow[] = [];
  for (let q = 0; q < questions; q++) {
    const picked = Array.from({ length: perAnswer }, (_, k) => claims[(q * 7 + k * 13) % claims.length]);
    const question = `What should I know about ${picked[0].topic}? (${q + 1})`;
    const base = { question_id: `q${q + 1}`, question, topic: picked[0].topic };
    rows.push({ id: `q${q + 1}-careful`, ...base, model: 'careful', answer: picked.map((c) => c.ref ?? c.claim).join(' ') });
    rows.push({ id: `q${q + 1}-sloppy`, ...base, model: 'sloppy', answer: picked.map((c) => c.claim).join(' ') });
  }
  return rows;
}

export function toJsonl(rows: readonly object[]): string {
  return rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
}
