// Converts the evaluation sets in ../shared/data/eval into ClaimLens's
// claims.jsonl form ({id, claim, evidence?, label}) under data-cache/eval/.
//   npx tsx scripts/convert-eval.ts [outDir]
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as v from 'valibot';
import { jsonLines, loadCheckCovid, loadHealthVer, medquadSynthetic, type EvalRecord } from './eval-data.ts';
import { decodePack } from '../src/core/evidence/index.ts';

export const EVAL_DIR = resolve(import.meta.dirname, '../data-cache/eval');
/** The hand-written MedQuAD claim set (tests/eval/data/README.md): in the repository, not converted. */
export const MEDQUAD_CLAIMS = resolve(import.meta.dirname, '../tests/eval/data/medquad-claims.jsonl');

const HandClaimSchema = v.object({
  id: v.string(),
  claim: v.string(),
  label: v.picklist(['supported', 'contradicted', 'unverifiable']),
  topic: v.string(),
  split: v.picklist(['dev', 'test']),
  ref: v.string(),
});
export type HandClaim = v.InferOutput<typeof HandClaimSchema>;

export function readMedquadClaims(file = MEDQUAD_CLAIMS): HandClaim[] {
  return jsonLines(file, HandClaimSchema);
}

/** The hand-written set as three eval inputs: its dev topics, its test topics, and all (retrieval from the MedQuAD pack). */
function writeMedquadClaims(dir: string): ConvertedSet[] {
  const rows = readMedquadClaims();
  return (['dev', 'test', 'all'] as const).map((part) => {
    const keep = rows.filter((r) => part === 'all' || r.split === part);
    const file = join(dir, `medquad-claims-${part}.jsonl`);
    writeFileSync(file, keep.map(({ id, claim, label, topic, split }) => JSON.stringify({ id, claim, label, topic, split })).join('\n') + '\n');
    return { name: `medquad-claims-${part}`, file, n: keep.length };
  });
}

export interface ConvertedSet {
  name: string;
  file: string;
  n: number;
}

/** The gold document of a record, when its group names one (Check-COVID: "cc:<cord_id>"). */
function goldDoc(r: EvalRecord): string | undefined {
  return r.group.startsWith('cc:') ? r.group.slice(3) : undefined;
}

function write(dir: string, name: string, records: EvalRecord[], withEvidence = true): ConvertedSet {
  const file = join(dir, `${name}.jsonl`);
  const lines = records
    .filter((r) => r.label !== 'not_supported')
    .map((r) =>
      JSON.stringify(
        withEvidence
          ? { id: r.id, claim: r.claim, evidence: r.evidence, label: r.label }
          : // Without evidence the corpus is searched: the gold document lets eval score retrieval.
            { id: r.id, claim: r.claim, label: r.label, ...(goldDoc(r) ? { doc: goldDoc(r) } : {}) },
      ),
    );
  writeFileSync(file, lines.join('\n') + '\n');
  return { name, file, n: lines.length };
}

export function convertAll(dir = EVAL_DIR): ConvertedSet[] {
  mkdirSync(dir, { recursive: true });
  const ccDev = loadCheckCovid('dev');
  const pack = resolve(import.meta.dirname, '../public/evidence/medquad.pack.json.gz');
  const synthetic = existsSync(pack)
    ? [write(dir, 'medquad-synthetic', medquadSynthetic(decodePack(new Uint8Array(readFileSync(pack))).chunks), false)]
    : [];
  return [
    ...synthetic,
    write(dir, 'checkcovid-dev', ccDev),
    write(dir, 'checkcovid-dev-noevidence', ccDev, false),
    write(dir, 'healthver-dev-heldout', loadHealthVer('heldout')),
    write(dir, 'healthver-dev', loadHealthVer('all')),
    ...writeMedquadClaims(dir),
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const s of convertAll(process.argv[2] ? resolve(process.argv[2]) : EVAL_DIR)) console.log(`${s.name}: ${s.n} claims → ${s.file}`);
}
