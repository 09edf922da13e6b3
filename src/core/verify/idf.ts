// A background inverse-document-frequency table for the verifier's weighted
// features. It is fixed (built once by scripts/build-idf.ts from medical
// text), so the features mean the same at training time and at check time,
// whatever corpus is searched. Terms are hashed into 65,536 buckets of one
// byte each (idf quantised to 1/16): ~87 KB as base64.
import table from './idf-table.json' with { type: 'json' };

export const IDF_BUCKETS = 1 << 16;
export const IDF_SCALE = 16;

export function termBucket(term: string): number {
  let h = 2166136261;
  for (let i = 0; i < term.length; i++) h = Math.imul(h ^ term.charCodeAt(i), 16777619);
  return (h >>> 0) & (IDF_BUCKETS - 1);
}

function decodeBase64(s: string): Uint8Array {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export interface IdfTableData {
  documents: number;
  /** idf of a term never seen (rare). */
  unseen: number;
  data: string;
}

export class BackgroundIdf {
  private readonly bytes: Uint8Array;
  readonly unseen: number;
  constructor(t: IdfTableData) {
    this.bytes = t.data ? decodeBase64(t.data) : new Uint8Array(IDF_BUCKETS);
    this.unseen = t.unseen;
  }
  idf(term: string): number {
    const v = this.bytes[termBucket(term)];
    return v === 0 ? this.unseen : v / IDF_SCALE;
  }
}

export const backgroundIdf = new BackgroundIdf(table as IdfTableData);
