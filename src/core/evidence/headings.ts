// How a passage's source reads in the evidence panel: the document's title as
// the heading and the question it answers, in plain words, as a subtitle.
//
// MedQuAD glues its questions from a template and the document's focus
// ("What is (are) " + "Glaucoma" + "?", "Who is at risk for " + "Am I at Risk
// for Type 2 Diabetes? Taking Steps…" + "?"), and an evidence title is that
// glued question. `evidenceHeading` takes the two apart again: from the
// chunk's `focus` and `question` when they are there, or from the title alone
// (reports stored before evidence carried the focus).
//
// Pure functions; nothing here changes what is indexed or checked.

export interface EvidenceHeading {
  /** The document: "Glaucoma", "Am I at Risk for Type 2 Diabetes? Taking Steps…". */
  title: string;
  /** The question the passage answers, in plain words ("What is glaucoma?"); absent when the title is no question. */
  question?: string;
}

type Template = {
  /** Matches the glued question; group 1 is the subject. */
  re: RegExp;
  /** The question about a subject in plain words. */
  plain: (subject: string, plural: boolean) => string;
  /** The question when the subject is a whole document title (no subject can be named). */
  short: string;
};

const TEMPLATES: readonly Template[] = [
  { re: /^what is \(are\)\s+(.+?)\s*\?$/i, plain: (s, p) => `What ${p ? 'are' : 'is'} ${s}?`, short: 'What is it?' },
  { re: /^what are the symptoms (?:of|for)\s+(.+?)\s*\?$/i, plain: (s) => `What are the symptoms of ${s}?`, short: 'What are the symptoms?' },
  { re: /^what are the treatments for\s+(.+?)\s*\?$/i, plain: (s) => `What are the treatments for ${s}?`, short: 'What are the treatments?' },
  { re: /^is\s+(.+?)\s+inherited\s*\?$/i, plain: (s, p) => `${p ? 'Are' : 'Is'} ${s} inherited?`, short: 'Is it inherited?' },
  { re: /^how many people are affected by\s+(.+?)\s*\?$/i, plain: (s) => `How many people are affected by ${s}?`, short: 'How many people are affected?' },
  { re: /^what are the genetic changes related to\s+(.+?)\s*\?$/i, plain: (s) => `What genetic changes are related to ${s}?`, short: 'What genetic changes are related to it?' },
  { re: /^what causes\s+(.+?)\s*\?$/i, plain: (s) => `What causes ${s}?`, short: 'What causes it?' },
  { re: /^how to diagnose\s+(.+?)\s*\?$/i, plain: (s, p) => `How ${p ? 'are' : 'is'} ${s} diagnosed?`, short: 'How is it diagnosed?' },
  { re: /^what research (?:\(or clinical trials\) )?is being done for\s+(.+?)\s*\?$/i, plain: (s) => `What research is being done on ${s}?`, short: 'What research is being done?' },
  { re: /^what is the outlook for\s+(.+?)\s*\?$/i, plain: (s) => `What is the outlook for ${s}?`, short: 'What is the outlook?' },
  { re: /^what is the prognosis for\s+(.+?)\s*\?$/i, plain: (s) => `What is the outlook for ${s}?`, short: 'What is the outlook?' },
  { re: /^who is at risk for\s+(.+?)\s*\?$/i, plain: (s) => `Who is at risk for ${s}?`, short: 'Who is at risk?' },
  { re: /^do you have information about\s+(.+?)\s*\??$/i, plain: (s) => `What is there to know about ${s}?`, short: 'What is there to know?' },
  { re: /^what to do for\s+(.+?)\s*\?$/i, plain: (s) => `What can be done for ${s}?`, short: 'What can be done?' },
  { re: /^how to prevent\s+(.+?)\s*\?$/i, plain: (s) => `How can ${s} be prevented?`, short: 'How can it be prevented?' },
  { re: /^what are the stages of\s+(.+?)\s*\?$/i, plain: (s) => `What are the stages of ${s}?`, short: 'What are the stages?' },
  { re: /^what are the complications of\s+(.+?)\s*\?$/i, plain: (s) => `What are the complications of ${s}?`, short: 'What are the complications?' },
  { re: /^is there any treatment for\s+(.+?)\s*\?$/i, plain: (s) => `Is there any treatment for ${s}?`, short: 'Is there any treatment?' },
];

/** Words that are common nouns and adjectives when a title capitalises every word ("High Blood Pressure"). */
const COMMON = new Set(
  (
    'a an and or of the in on for to with without by at from ' +
    'disease diseases disorder disorders syndrome syndromes cancer cancers tumor tumors tumour tumours infection infections ' +
    'deficiency failure pressure blood high low heart kidney kidneys lung lungs bone bones bowel bladder skin eye eyes liver ' +
    'brain nerve nerves muscle muscles cell cells artery arteries vein veins chronic acute adult adults childhood child children ' +
    'type attack attacks stroke pain loss hearing vision dry eating problems problem health care injury injuries ' +
    'anxiety depression sleep memory fever virus viral bacterial poisoning allergy allergies asthma diabetes obesity ' +
    'stones stone cyst cysts ulcer ulcers gum oral mouth teeth tooth throat head neck back breast prostate colon ' +
    'colorectal stomach thyroid urinary tract incontinence balance falls fall exercise diet nutrition hepatitis ' +
    'glaucoma cataract cataracts shingles osteoporosis arthritis gout psoriasis lupus leukemia lymphoma melanoma ' +
    'macular degeneration retinopathy diabetic periodontal age-related related gestational'
  ).split(' '),
);

/** True when every letter-led word starts with a capital ("Chronic Kidney Disease"), small words aside. */
function isTitleCase(words: string[]): boolean {
  const significant = words.filter((w) => /^[A-Za-z]/.test(w) && !/^(a|an|and|or|of|the|in|on|for|to|with|by|at|from)$/.test(w));
  return significant.length > 0 && significant.every((w) => /^[A-Z]/.test(w));
}

/** A plain-word form of a title-cased subject: "Chronic Kidney Disease" → "chronic kidney disease", "Parkinson's Disease" → "Parkinson's disease". Acronyms and names stay. */
export function plainSubject(subject: string): string {
  const words = subject.split(/(\s+)/);
  const tokens = words.filter((w) => w.trim());
  if (!isTitleCase(tokens)) return subject;
  const lowerable = (w: string) => /^[A-Z][a-z]+(?:-[a-z]+)*$/.test(w) && (COMMON.has(w.toLowerCase()) || tokens.length === 1);
  // All words common (or one plain word): the whole subject in lower case.
  if (tokens.every((w) => lowerable(w) || !/^[A-Za-z]/.test(w) || /^[a-z]/.test(w))) {
    return words.map((w) => (lowerable(w) ? w.toLowerCase() : w)).join('');
  }
  // Otherwise only a name that leads alone keeps its capitals: "Parkinson's Disease" → "Parkinson's disease",
  // "Kearns-Sayre Syndrome" → "Kearns-Sayre syndrome". Anything else stays as written.
  const [first, ...rest] = tokens;
  if (rest.length > 0 && !lowerable(first) && rest.every((w) => lowerable(w) || !/^[A-Za-z]/.test(w) || /^[a-z]/.test(w))) {
    let i = 0;
    return words.map((w) => (!w.trim() ? w : i++ === 0 ? w : lowerable(w) ? w.toLowerCase() : w)).join('');
  }
  return subject;
}

/** Words that end in s and are one thing ("diabetes", "glaucoma" needs no rule). */
const SINGULAR_S = new Set(
  (
    'diabetes herpes rabies measles mumps shingles scabies rickets hives aids sepsis lupus tetanus mellitus psoriasis ' +
    'arthritis hepatitis meningitis bronchitis osteoporosis tuberculosis cystitis syphilis gas news series species'
  ).split(' '),
);

/** Whether a subject is plural ("Kidney Stones", "Anxiety Disorders") — for "is"/"are". Unsure → singular. */
export function isPluralSubject(subject: string): boolean {
  // The head noun comes before "in", "of", "with"…: "Kidney Stones in Adults" → "stones".
  const core = subject.replace(/\([^)]*\)/g, ' ').split(/\s+(?:in|of|with|without|for|from|during|after|and|or|to)\s+/i)[0];
  const head = core.trim().split(/[\s,;:-]+/).filter(Boolean).pop()?.toLowerCase() ?? '';
  if (!/^[a-z]+$/.test(head) || SINGULAR_S.has(head)) return false;
  if (/(ss|is|us|ics|ia|ous)$/.test(head)) return false;
  return /[^s]s$/.test(head) || /ies$/.test(head);
}

/** Capitalises the first letter: "trimethylaminuria" → "Trimethylaminuria". */
function capitalize(s: string): string {
  return s ? s[0].toUpperCase() + s.slice(1) : s;
}

/** A subject that is itself a document title, not a name: "Am I at Risk for …? Taking Steps…", "Causes of Diabetes". */
function isDocumentTitle(subject: string): boolean {
  return /\?/.test(subject) || /^(causes|symptoms|diagnosis|treatment|treatments|prevention|what i need to know)\b/i.test(subject) || subject.split(/\s+/).length > 12;
}

/** "What I need to know about Gas" → "Gas": the subject a document title names. */
function subjectOfDocumentTitle(title: string): string | undefined {
  const m = /^what i need to know about\s+(.+)$/i.exec(title.trim());
  return m && !/\?/.test(m[1]) ? m[1] : undefined;
}

/**
 * The question in plain words: "What is (are) Glaucoma?" → "What is glaucoma?",
 * "How to diagnose Cystic Fibrosis?" → "How is cystic fibrosis diagnosed?",
 * "Who is at risk for Am I at Risk for Type 2 Diabetes? Taking Steps…?" →
 * "Who is at risk?". A question of no known form is returned tidied (first
 * letter capitalised, one "?").
 */
export function plainQuestion(question: string, focus?: string): string {
  const q = question.replace(/\s+/g, ' ').trim();
  for (const t of TEMPLATES) {
    const m = t.re.exec(q);
    if (!m) continue;
    let subject = m[1].trim();
    if (focus && q.toLowerCase().includes(focus.trim().toLowerCase())) subject = focus.trim();
    if (isDocumentTitle(subject)) {
      const named = subjectOfDocumentTitle(subject);
      if (!named) return t.short;
      subject = named;
    }
    return t.plain(plainSubject(subject), isPluralSubject(subject));
  }
  return capitalize(q);
}

/** The subject a glued MedQuAD question names ("What causes Causes of Diabetes?" → "Causes of Diabetes"), or undefined. */
export function questionSubject(question: string): string | undefined {
  const q = question.replace(/\s+/g, ' ').trim();
  for (const t of TEMPLATES) {
    const m = t.re.exec(q);
    if (m) return m[1].trim();
  }
  return undefined;
}

/**
 * Heading and subtitle for a passage's document. With `focus` (MedQuAD
 * chunks and evidence), the title is the focus and the question its plain
 * form; without it, a title of a known question form is taken apart; any
 * other title (a file name, a JSONL title) is the heading as it is.
 */
export function evidenceHeading(ev: { title: string; focus?: string; question?: string }): EvidenceHeading {
  const title = ev.title.replace(/\s+/g, ' ').trim();
  const question = (ev.question ?? (ev.focus ? title : undefined))?.replace(/\s+/g, ' ').trim();
  const focus = ev.focus?.replace(/\s+/g, ' ').trim() || questionSubject(question ?? title);
  if (!focus) return { title };
  const q = question ?? title;
  const plain = questionSubject(q) !== undefined ? plainQuestion(q, focus) : undefined;
  const heading = capitalize(focus);
  return plain ? { title: heading, question: plain } : { title: heading };
}
