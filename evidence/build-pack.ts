// Builds the evidence packs listed in evidence/sources.json into
// public/evidence/ (`npm run evidence`):
//
//   <id>.pack.json.gz       the corpus (see src/core/evidence/pack.ts)
//   <id>.index.bin.gz       its search index, BM25 + focus (src/core/retrieval/index-file.ts)
//   manifest.json           {packs: [{id, file, bytes, sha256, meta, index}]}
//   LICENSE-<id>.txt        attribution and the data set's license
//
// The source is, in this order: --source <zip|folder>, the local archive
// (../shared/data/…zip), the local unpacked folder, the download cache
// (.cache/…), else a download of the archive URL. A pack newer than its
// source and than this builder is not rebuilt unless --force is given.
//
// Usage: tsx evidence/build-pack.ts [--force] [--source PATH] [--only ID] [--out DIR]
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync, unzipSync } from 'fflate';
import type { ImportResult } from '../src/core/types.ts';
import { corpusFromImport } from '../src/core/evidence/corpus.ts';
import { importMedQuADEntries, importMedQuADZip, isMedQuADXmlName, type ArchiveEntry } from '../src/core/evidence/medquad.ts';
import { BuildError, download, fmtBytes, fmtInt, progressBar, tty } from './download.ts';
import { encodePack, makePack, packToJson, parseManifest, type PackManifest, type PackManifestEntry } from '../src/core/evidence/pack.ts';
import { buildChunkIndex } from '../src/core/retrieval/index.ts';
import { BM25_FORMAT_VERSION } from '../src/core/retrieval/bm25.ts';
import { encodeIndexFile, indexFingerprint, INDEX_FILE_FORMAT, INDEX_FILE_VERSION } from '../src/core/retrieval/index-file.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
let OUT_DIR = join(ROOT, 'public', 'evidence');
let MANIFEST = join(OUT_DIR, 'manifest.json');

interface PackSource {
  id: string;
  name: string;
  format: 'medquad';
  description?: string;
  license: string;
  licenseUrl: string;
  attribution: string;
  url: string;
  citation?: string;
  archiveUrl: string;
  localArchive?: string;
  localFolder?: string;
  cacheFile: string;
  file: string;
  licenseFile: string;
}

// ---------------------------------------------------------------- sources

function loadSources(): PackSource[] {
  const file = join(ROOT, 'evidence', 'sources.json');
  const data = JSON.parse(readFileSync(file, 'utf8')) as { packs: PackSource[] };
  return data.packs;
}

/** Newest modification time under a path (a file, or every file of a folder). */
function newestMtime(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const e of readdirSync(path, { withFileTypes: true })) newest = Math.max(newest, newestMtime(join(path, e.name)));
  return newest;
}

/**
 * The files whose change must rebuild a pack: this builder and the code it
 * runs, the search index's included (tokenizer, BM25, focus index).
 */
function builderFiles(): string[] {
  const core = join(ROOT, 'src', 'core');
  const files = [fileURLToPath(import.meta.url), join(ROOT, 'evidence', 'sources.json'), join(core, 'types.ts')];
  for (const dir of ['evidence', 'text', 'retrieval']) {
    for (const f of readdirSync(join(core, dir))) if (f.endsWith('.ts') || f.endsWith('.json')) files.push(join(core, dir, f));
  }
  return files.filter((f) => existsSync(f));
}

/** The index file next to a pack: medquad.pack.json.gz → medquad.index.bin.gz. */
function indexFileOf(src: PackSource): string {
  return src.file.replace(/\.pack\.json\.gz$|(\.json)?(\.gz)?$/, '.index.bin.gz');
}

type Resolved = { kind: 'zip' | 'folder'; path: string };

/** True when the file's ZIP directory can be read (nothing is decompressed). */
function readableZip(path: string): boolean {
  try {
    unzipSync(new Uint8Array(readFileSync(path)), { filter: () => false });
    return true;
  } catch {
    return false;
  }
}

function localSource(src: PackSource, override?: string): Resolved | undefined {
  const candidates = override ? [override] : [src.localArchive, src.localFolder, src.cacheFile].filter((p): p is string => !!p);
  for (const c of candidates) {
    const path = override ? resolve(process.cwd(), c) : resolve(ROOT, c);
    if (!existsSync(path)) {
      if (override) throw new BuildError(`--source ${override}: no such file or folder.`);
      continue;
    }
    return { kind: statSync(path).isDirectory() ? 'folder' : 'zip', path };
  }
  return undefined;
}

// ---------------------------------------------------------------- import

function readFolderEntries(folder: string): ArchiveEntry[] {
  const base = dirname(folder);
  const out: ArchiveEntry[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else {
        // Names like the archive's: "MedQuAD-master/1_CancerGov_QA/0000001_1.xml".
        const name = relative(base, p).split(sep).join('/');
        if (isMedQuADXmlName(name)) out.push({ name, bytes: readFileSync(p) });
      }
    }
  };
  walk(folder);
  return out;
}

/** The data set's own LICENSE.txt from the archive or folder, if it has one. */
function sourceLicense(source: Resolved): string | undefined {
  if (source.kind === 'folder') {
    const p = join(source.path, 'LICENSE.txt');
    return existsSync(p) ? readFileSync(p, 'utf8') : undefined;
  }
  const files = unzipSync(new Uint8Array(readFileSync(source.path)), { filter: (f) => /^[^/]+\/LICENSE(\.txt)?$/i.test(f.name) });
  const first = Object.values(files)[0];
  return first ? new TextDecoder().decode(first) : undefined;
}

function importSource(src: PackSource, source: Resolved): ImportResult {
  const bar = progressBar(`Importing ${src.name}`);
  const onProgress = (done: number, total: number) => bar.update(`${fmtInt(done)} / ${fmtInt(total)} files`, done / total);
  let result: ImportResult;
  if (source.kind === 'zip') {
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(readFileSync(source.path));
    } catch (err) {
      throw new BuildError(`Cannot read ${source.path}: ${(err as Error).message}`);
    }
    try {
      result = importMedQuADZip(bytes, src.id, onProgress);
    } catch (err) {
      throw new BuildError(`${source.path}: ${(err as Error).message} Delete it if it is a broken download, then run \`npm run evidence\` again.`);
    }
  } else {
    const entries = readFolderEntries(source.path);
    if (entries.length === 0) throw new BuildError(`${source.path} holds no MedQuAD XML files.`);
    result = importMedQuADEntries(entries, src.id, onProgress);
  }
  bar.done('done');
  return result;
}

// ---------------------------------------------------------------- outputs

function writeAtomic(path: string, data: string | Uint8Array): void {
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

/** The packs built before; a damaged manifest is reported and started afresh (its packs are rebuilt as needed). */
function readManifest(): PackManifest {
  if (!existsSync(MANIFEST)) return { packs: [] };
  try {
    return parseManifest(JSON.parse(readFileSync(MANIFEST, 'utf8')), MANIFEST);
  } catch (err) {
    console.warn(`warning: ${err instanceof Error ? err.message : String(err)}; it is written anew.`);
    return { packs: [] };
  }
}

function licenseText(src: PackSource, upstream: string | undefined): string {
  const lines = [
    `${src.name} evidence pack (${src.file})`,
    '',
    'Attribution',
    `  ${src.attribution}`,
    '',
    `Source:  ${src.url}`,
    ...(src.citation ? [`Cite:    ${src.citation}`] : []),
    `License: ${src.license}, ${src.licenseUrl}`,
    '',
    'Changes made by ClaimLens: the XML files were parsed, answers were split',
    'into passages of one to four sentences (white space normalised), and',
    'question/answer pairs with empty answers were left out, as were site',
    'boilerplate sentences and questions used as headings inside answers.',
    'Characters the archive lost were put back where the repair is certain',
    '(letters with accents such as "Espaol" -> "Español", apostrophes such as',
    '"the bodys cells" -> "the body\'s cells", "doesnt" -> "doesn\'t"). No answer',
    'text was otherwise altered.',
    '',
  ];
  if (upstream) lines.push('The data set\'s license file follows.', '', '-'.repeat(72), '', upstream.trim(), '');
  return lines.join('\n');
}

function isFresh(src: PackSource, source: Resolved): boolean {
  const outputs = [join(OUT_DIR, src.file), join(OUT_DIR, indexFileOf(src)), join(OUT_DIR, src.licenseFile), MANIFEST];
  if (!outputs.every((p) => existsSync(p))) return false;
  const listed = readManifest().packs.find((p) => p.id === src.id && p.file === src.file);
  if (!listed?.index || listed.index.file !== indexFileOf(src) || listed.index.fingerprint !== indexFingerprint()) return false;
  const built = Math.min(...outputs.map((p) => statSync(p).mtimeMs));
  const inputs = Math.max(newestMtime(source.path), ...builderFiles().map((f) => statSync(f).mtimeMs));
  return built > inputs;
}

async function build(src: PackSource, opts: Args): Promise<void> {
  let source = localSource(src, opts.source);
  // A broken earlier download in the cache is thrown away and fetched again.
  if (source && !opts.source && source.path === resolve(ROOT, src.cacheFile) && !readableZip(source.path)) {
    console.log(`${src.name}: ${relative(ROOT, source.path)} is not a readable ZIP archive; downloading it again.`);
    unlinkSync(source.path);
    source = undefined;
  }
  if (!source) {
    const dest = resolve(ROOT, src.cacheFile);
    console.log(`${src.name}: no local copy found (${[src.localArchive, src.localFolder].filter(Boolean).join(', ')}); downloading ${src.archiveUrl}`);
    await download(src.archiveUrl, dest);
    source = { kind: 'zip', path: dest };
  }
  if (!opts.force && isFresh(src, source)) {
    console.log(`${src.name}: ${relative(ROOT, join(OUT_DIR, src.file))} is up to date (source ${relative(ROOT, source.path)}); --force rebuilds it.`);
    return;
  }
  console.log(`${src.name}: building from ${relative(ROOT, source.path) || source.path}`);
  const t0 = performance.now();
  const result = importSource(src, source);
  const { meta, chunks } = corpusFromImport(result, {
    id: src.id,
    name: src.name,
    license: src.license,
    attribution: src.attribution,
    ...(src.description ? { description: src.description } : {}),
  });
  const pack = makePack(meta, chunks);
  const gz = encodePack(pack);
  const jsonBytes = Buffer.byteLength(packToJson(pack));
  // The search index, built here once instead of in every browser on first start.
  const tIndex = performance.now();
  const indexBar = progressBar(`Indexing ${src.name}`);
  const index = buildChunkIndex(pack.chunks, (done) => indexBar.update(`${fmtInt(done)} / ${fmtInt(pack.chunks.length)} passages`, done / pack.chunks.length));
  indexBar.done('done');
  const indexRaw = encodeIndexFile(index, meta);
  const indexGz = gzipSync(indexRaw, { level: 9, mtime: 0 });
  const indexSecs = (performance.now() - tIndex) / 1000;
  const indexFile = indexFileOf(src);
  mkdirSync(OUT_DIR, { recursive: true });
  writeAtomic(join(OUT_DIR, src.file), gz);
  writeAtomic(join(OUT_DIR, indexFile), indexGz);
  writeAtomic(join(OUT_DIR, src.licenseFile), licenseText(src, sourceLicense(source)));
  const entry: PackManifestEntry = {
    id: src.id,
    file: src.file,
    bytes: gz.length,
    sha256: createHash('sha256').update(gz).digest('hex'),
    rawBytes: jsonBytes,
    meta,
    index: {
      file: indexFile,
      bytes: indexGz.length,
      sha256: createHash('sha256').update(indexGz).digest('hex'),
      rawBytes: indexRaw.length,
      format: INDEX_FILE_FORMAT,
      formatVersion: INDEX_FILE_VERSION,
      bm25FormatVersion: BM25_FORMAT_VERSION,
      fingerprint: indexFingerprint(),
    },
  };
  const manifest = readManifest();
  manifest.packs = [...manifest.packs.filter((p) => p.id !== src.id && existsSync(join(OUT_DIR, p.file))), entry];
  writeAtomic(MANIFEST, JSON.stringify(manifest, null, 2) + '\n');
  const secs = (performance.now() - t0) / 1000;
  console.log(
    [
      `${src.name}: ${fmtInt(result.documents + result.skippedEmpty)} QA pairs, ${fmtInt(result.documents)} with answers, ` +
        `${fmtInt(result.skippedEmpty)} skipped empty, ${fmtInt(meta.chunks)} chunks (${fmtBytes(meta.bytes)} of text)`,
      `  pack ${relative(ROOT, join(OUT_DIR, src.file))}: ${fmtBytes(gz.length)} (${fmtBytes(jsonBytes)} JSON), version ${meta.version}, ${secs.toFixed(1)} s`,
      `  index ${relative(ROOT, join(OUT_DIR, indexFile))}: ${fmtBytes(indexGz.length)}, ${fmtInt(index.vocabularySize)} terms, ` +
        `${fmtInt(index.focus?.entities ?? 0)} entities, ${indexSecs.toFixed(1)} s`,
    ].join('\n'),
  );
  if (result.issues.length) {
    console.log(`  ${result.issues.length} file problem(s):`);
    for (const i of result.issues.slice(0, 10)) console.log(`    ${i.file}: ${i.message}`);
    if (result.issues.length > 10) console.log(`    … and ${result.issues.length - 10} more`);
  }
}

interface Args {
  force: boolean;
  source?: string;
  only?: string;
  out?: string;
}

const USAGE = 'Usage: npm run evidence -- [--force] [--source ZIP_OR_FOLDER] [--only ID] [--out DIR]';

function parseArgs(argv: string[]): Args {
  const out: Args = { force: false };
  const value = (i: number, flag: string): string => {
    const v = argv[i];
    if (v === undefined || v.startsWith('--')) throw new BuildError(`${flag} needs a value. ${USAGE}`);
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--force' || a === '-f') out.force = true;
    else if (a === '--source') out.source = value(++i, a);
    else if (a === '--only') out.only = value(++i, a);
    else if (a === '--out') out.out = value(++i, a);
    else if (a === '--help' || a === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else throw new BuildError(`Unknown option ${a}. ${USAGE}`);
  }
  return out;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.out) {
    OUT_DIR = resolve(process.cwd(), args.out);
    MANIFEST = join(OUT_DIR, 'manifest.json');
  }
  const sources = loadSources().filter((s) => !args.only || s.id === args.only);
  if (sources.length === 0) throw new BuildError(`No pack "${args.only}" in evidence/sources.json.`);
  for (const src of sources) await build(src, args);
}

main().catch((err: unknown) => {
  if (tty) process.stdout.write('\n');
  const e = err as Error;
  console.error(`evidence: ${e instanceof BuildError ? e.message : `${e.name}: ${e.message}`}`);
  process.exit(1);
});
