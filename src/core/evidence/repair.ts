// MedQuAD's XML lost every non-ASCII character and most apostrophes when it
// was made: "Espaol", "Sjgren syndrome", "the bodys cells", "a persons risk",
// "doesnt". `repairMedQuADText` puts back what can be put back with
// certainty — whole words that are no English word as they stand and have
// one reading only — and leaves everything else alone ("its", "were", "lets",
// "patients" and "Graves" are words as they stand and stay as written).
//
// Applied by the MedQuAD importer to answers, questions and focus.

/** Whole words, case-sensitive, mapped to what they lost. */
const WORDS: Readonly<Record<string, string>> = {
  // Letters with accents, in names and loan words.
  Espaol: 'Español',
  Sjgren: 'Sjögren',
  Sjgrens: "Sjögren's",
  Mnire: 'Ménière',
  Mnires: "Ménière's",
  Mntrier: 'Ménétrier',
  Mntriers: "Ménétrier's",
  Waldenstrm: 'Waldenström',
  Waldenstrms: "Waldenström's",
  Schnlein: 'Schönlein',
  Behet: 'Behçet',
  Behets: "Behçet's",
  'Guillain-Barr': 'Guillain-Barré',
  Mllerian: 'Müllerian',
  'anti-Mllerian': 'anti-Müllerian',
  caf: 'café',
  // Possessives of eponyms: no such plural exists.
  Alzheimers: "Alzheimer's",
  Parkinsons: "Parkinson's",
  Crohns: "Crohn's",
  Huntingtons: "Huntington's",
  Addisons: "Addison's",
  Cushings: "Cushing's",
  Hashimotos: "Hashimoto's",
  Peyronies: "Peyronie's",
  Hodgkins: "Hodgkin's",
  Raynauds: "Raynaud's",
  Aspergers: "Asperger's",
  // Possessives of nouns whose plural is spelled otherwise.
  bodys: "body's",
  childs: "child's",
  babys: "baby's",
  womans: "woman's",
  womens: "women's",
  childrens: "children's",
  // Contractions that are no word without their apostrophe.
  doesnt: "doesn't",
  dont: "don't",
  cant: "can't",
  isnt: "isn't",
  arent: "aren't",
  didnt: "didn't",
  wasnt: "wasn't",
  werent: "weren't",
  havent: "haven't",
  hasnt: "hasn't",
  couldnt: "couldn't",
  shouldnt: "shouldn't",
  wouldnt: "wouldn't",
  youre: "you're",
  youll: "you'll",
  youve: "you've",
  theyre: "they're",
  thats: "that's",
  whats: "what's",
  theres: "there's",
  Ive: "I've",
  Im: "I'm",
};

/** First-letter capitals of the lower-case entries too ("Dont" → "Don't"). */
const TABLE: ReadonlyMap<string, string> = (() => {
  const m = new Map<string, string>();
  for (const [k, v] of Object.entries(WORDS)) {
    m.set(k, v);
    if (/^[a-z]/.test(k)) m.set(k[0].toUpperCase() + k.slice(1), v[0].toUpperCase() + v.slice(1));
  }
  return m;
})();

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// Longest first, so "anti-Mllerian" wins over "Mllerian"; a word ends where no letter, digit, hyphen or apostrophe follows.
const WORD_RE = new RegExp(
  `(?<![\\p{L}\\p{N}'’-])(${[...TABLE.keys()].sort((a, b) => b.length - a.length).map(escape).join('|')})(?![\\p{L}\\p{N}'’])`,
  'gu',
);

/** "a persons risk" → "a person's risk": after a singular determiner "persons" is no plural. */
const PERSONS_RE = /\b([Aa]|[Ee]ach|[Oo]ne|[Aa]nother|[Ee]very) persons(?= [a-z])/g;

/** Puts back the characters MedQuAD lost where the repair is certain; returns other text unchanged. */
export function repairMedQuADText(text: string): string {
  if (!text) return text;
  return text.replace(WORD_RE, (w) => TABLE.get(w) ?? w).replace(PERSONS_RE, "$1 person's");
}
