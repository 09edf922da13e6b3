// Loading corpora for the CLI: the built MedQuAD pack, a folder of files, or
// one file. Node only.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Chunk, CorpusMeta } from '../core/types.ts';
import { EmptyCorpusError, NotFoundError } from '../core/errors.ts';
import { corpusFromImport, decodePack, importFile } from '../core/evidence/index.ts';
import { BM25Retriever, MemoryChunkStore, buildChunkIndex, type Retriever } from '../core/retrieval/index.ts';
import { PassageRetriever } from '../core/retrieval/passages.ts';

export const PROJECT_ROOT = resolve(import.meta.dirname, '../..');
export const DEFAULT_PACK = join(PROJECT_ROOT, 'public/evidence/medquad.pack.json.gz');

export interface LoadedCorpus {
  meta: CorpusMeta;
  chunks: Chunk[];
  retriever: BM25Retriever;
  /** Seconds spent reading and indexing. */
  loadSeconds: number;
  indexSeconds: number;
}

function fromChunks(meta: CorpusMeta, chunks: Chunk[], t0: number): LoadedCorpus {
  if (chunks.length === 0) throw new EmptyCorpusError(`The corpus "${meta.name}" has no evidence chunks.`);
  const t1 = performance.now();
  const index = buildChunkIndex(chunks);
  const t2 = performance.now();
  return {
    meta,
    chunks,
    retriever: new BM25Retriever(index, new MemoryChunkStore(chunks), meta.id),
    loadSeconds: (t1 - t0) / 1000,
    indexSeconds: (t2 - t1) / 1000,
  };
}

export function loadPack(path = DEFAULT_PACK): LoadedCorpus {
  const t0 = performance.now();
  if (!existsSync(path)) {
    throw new NotFoundError(`No evidence pack at ${path}. Build it first with \`npm run evidence\`.`);
  }
  const bytes = new Uint8Array(readFileSync(path));
  const pack = decodePack(bytes);
  return fromChunks(pack.meta, pack.chunks, t0);
}

function filesIn(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (name.startsWith('.')) continue;
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) out.push(...filesIn(p));
    else out.push(p);
  }
  return out;
}

/** `medquad`, a pack file (.pack.json.gz), a folder of evidence files, or one file. */
export function loadCorpus(spec: string, warn: (msg: string) => void = () => {}): LoadedCorpus {
  if (spec === 'medquad') return loadPack();
  const path = resolve(spec);
  if (!existsSync(path)) throw new NotFoundError(`Corpus not found: ${spec} (use medquad, a folder or a file).`);
  if (/\.pack\.json(\.gz)?$/.test(path)) return loadPack(path);
  const t0 = performance.now();
  const files = statSync(path).isDirectory() ? filesIn(path) : [path];
  const id = basename(path).replace(/\.[^.]+$/, '') || 'corpus';
  const chunks: Chunk[] = [];
  let documents = 0;
  for (const file of files) {
    let bytes = new Uint8Array(readFileSync(file));
    let name = file;
    if (file.endsWith('.gz')) {
      bytes = new Uint8Array(gunzipSync(bytes));
      name = file.slice(0, -3);
    }
    try {
      const result = importFile(name, bytes, id);
      chunks.push(...result.chunks);
      documents += result.documents;
      for (const issue of result.issues) warn(`${issue.file}: ${issue.message}`);
    } catch (e) {
      if (files.length === 1) throw e;
      warn(`${file}: ${e instanceof Error ? e.message : String(e)} (skipped)`);
    }
  }
  const { meta, chunks: all } = corpusFromImport(
    { chunks, documents, skippedEmpty: 0, issues: [] },
    { id, name: basename(path), license: 'as given by the user' },
  );
  return fromChunks(meta, all, t0);
}

/** A retriever over the passages given with one answer or claim. */
export function givenEvidence(passages: string[]): Retriever & { size: number } {
  return new PassageRetriever(passages);
}
