// Evidence: importers, the chunker, corpora and evidence packs.
export { chunkDocument, chunkSentences, normalizeWhitespace, isSpaceCode, DEFAULT_CHUNK_OPTIONS } from './chunk.ts';
export type { ChunkBase, ChunkOptions } from './chunk.ts';
export {
  importMedQuADXml,
  importMedQuADZip,
  importMedQuADEntries,
  isMedQuADXmlName,
  isMedQuADBoilerplate,
  tidyQuestion,
  MEDQUAD_SOURCES,
  MEDQUAD_BOILERPLATE,
} from './medquad.ts';
export type { ArchiveEntry } from './medquad.ts';
export { importText, stripMarkdown, firstHeading } from './text.ts';
export { importJsonl } from './jsonl.ts';
export type { TextRecord } from './jsonl.ts';
export { importCheckCovidCorpus } from './checkcovid.ts';
export { importFile, SUPPORTED_EXTENSIONS } from './import.ts';
export { corpusFromImport, corpusVersion, uniqueDocuments } from './corpus.ts';
export type { CorpusInfo } from './corpus.ts';
export { encodePack, decodePack, decodePackAsync, parsePack, parseManifest, packToJson, packToWire, makePack, PACK_FORMAT, PACK_FORMAT_VERSION } from './pack.ts';
export type { EvidencePack, PackManifest, PackManifestEntry } from './pack.ts';
export { decodeText, utf8Length, hasNulByte } from './util.ts';
