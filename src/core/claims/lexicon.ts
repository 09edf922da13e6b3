// A small English lexicon for the claim splitter: enough verbs to find the
// predicate of the sentences medical answers are made of, without a tagger.
// Deliberately modest: words that are mostly nouns in this domain (risk,
// fever, cough, stroke, exercise…) are left out.

export const AUX = new Set([
  'is', 'are', 'was', 'were', 'am', 'be', 'been', 'being', 'has', 'have', 'had', 'do', 'does', 'did',
  "isn't", "aren't", "wasn't", "weren't", "hasn't", "haven't", "hadn't", "doesn't", "don't", "didn't",
]);

export const MODALS = new Set([
  'can', 'could', 'may', 'might', 'must', 'shall', 'should', 'will', 'would', 'cannot',
  "can't", "couldn't", "won't", "wouldn't", "shouldn't", "mustn't",
]);

/** Pronoun contractions that carry a verb ("it's", "they're"). */
const CONTRACTION = /^(it|that|there|here|what|he|she|who|they|we|you|i)(['’](s|re|ve|ll|d|m))$/;

const BASE_VERBS = (
  'absorb accompany account ache act activate adjust affect aggravate alleviate allow alter appear apply ' +
  'arise attack attach avoid balance become begin benefit bind bleed block boost break bring build burn ' +
  'carry cause change characterize clear clog combine come compare compensate compress constrict consist ' +
  'constitute contain contribute control convert correlate counteract cross cure damage decline decrease ' +
  'define delay deliver demonstrate depend deplete describe destroy detect determine develop diagnose die ' +
  'differ dilate diminish disappear disrupt dissolve drain drink drop ease eat elevate eliminate emerge enable ' +
  'encourage enhance enlarge enter estimate excrete exhibit exist expand experience explain expose express ' +
  'fail fall feel fight filter find flow follow form function gain generate get give go grow harden harm ' +
  'heal help hinder identify impair improve include increase indicate induce infect inflame influence inherit ' +
  'inhibit injure interact interfere involve irritate keep kill last lead leak lessen let limit link live ' +
  'lose lower maintain make manage mean measure metabolize mimic minimize modify monitor move narrow need ' +
  'neutralize obstruct occur offer originate outweigh overproduce pass peak permit persist play point predict ' +
  'present prevent produce progress prolong promote protect provide raise range reach recommend recover recur ' +
  'reduce refer reflect regulate relate relax release relieve remain remove repair replace represent require ' +
  'resemble resist resolve respond restore restrict result return reveal reverse rise rupture say secrete ' +
  'seem serve show shrink signal slow soothe speed spread stabilize start stay stiffen stimulate stop store ' +
  'strengthen stress suffer suggest supply support suppress surround sustain swell take target tend thicken ' +
  'thin tighten tolerate transmit transport travel treat trigger turn undergo use vary weaken widen work worsen ' +
  'yield address discuss explain list cover study examine review observe note classify consider estimate ' +
  'administer prescribe inject infuse swallow inhale breathe digest excrete urinate sweat itch ache vomit ' +
  'weigh cost save advise warn approve ban contact visit call answer ask learn teach understand notice ' +
  'happen belong seek waste spend continue look try want wait hope plan decide choose recognize confuse mistake mask hide cover fit match exceed approach double triple halve'
).split(/\s+/);

const IRREGULAR: Record<string, [string, string]> = {
  // base: [past, participle]
  arise: ['arose', 'arisen'], become: ['became', 'become'], begin: ['began', 'begun'], bind: ['bound', 'bound'],
  bleed: ['bled', 'bled'], break: ['broke', 'broken'], bring: ['brought', 'brought'], build: ['built', 'built'],
  burn: ['burned', 'burnt'], come: ['came', 'come'], drink: ['drank', 'drunk'], eat: ['ate', 'eaten'],
  fall: ['fell', 'fallen'], feel: ['felt', 'felt'], fight: ['fought', 'fought'], find: ['found', 'found'],
  get: ['got', 'gotten'], choose: ['chose', 'chosen'], give: ['gave', 'given'], go: ['went', 'gone'], grow: ['grew', 'grown'],
  keep: ['kept', 'kept'], lead: ['led', 'led'], let: ['let', 'let'], lose: ['lost', 'lost'],
  make: ['made', 'made'], mean: ['meant', 'meant'], rise: ['rose', 'risen'], say: ['said', 'said'],
  show: ['showed', 'shown'], shrink: ['shrank', 'shrunk'], speed: ['sped', 'sped'], spread: ['spread', 'spread'],
  swell: ['swelled', 'swollen'], take: ['took', 'taken'], undergo: ['underwent', 'undergone'],
};

/** Third person singular of a base verb: cause → causes, carry → carries. */
export function thirdPerson(base: string): string {
  if (base === 'have') return 'has';
  if (base === 'do') return 'does';
  if (base === 'be') return 'is';
  if (base === 'go') return 'goes';
  if (/(s|sh|ch|x|z|o)$/.test(base)) return base + 'es';
  if (/[^aeiou]y$/.test(base)) return base.slice(0, -1) + 'ies';
  return base + 's';
}

function regularPast(base: string): string {
  if (base.endsWith('e')) return base + 'd';
  if (/[^aeiou]y$/.test(base)) return base.slice(0, -1) + 'ied';
  // stop → stopped, but not for long words ending in a stressed-less syllable
  if (/^(stop|drop|clog|plan)$/.test(base)) return base + base[base.length - 1] + 'ed';
  return base + 'ed';
}

function ingForm(base: string): string {
  if (/ie$/.test(base)) return base.slice(0, -2) + 'ying';
  if (/[^e]e$/.test(base) && base !== 'be') return base.slice(0, -1) + 'ing';
  if (/^(stop|drop|clog|plan)$/.test(base)) return base + base[base.length - 1] + 'ing';
  return base + 'ing';
}

export type VerbForm = 'base' | 'third' | 'past' | 'participle' | 'ing';

const FORMS = new Map<string, { base: string; forms: Set<VerbForm> }>();
function addForm(word: string, base: string, form: VerbForm): void {
  let e = FORMS.get(word);
  if (!e) {
    e = { base, forms: new Set() };
    FORMS.set(word, e);
  }
  e.forms.add(form);
}
for (const base of BASE_VERBS) {
  addForm(base, base, 'base');
  addForm(thirdPerson(base), base, 'third');
  const irr = IRREGULAR[base];
  addForm(irr ? irr[0] : regularPast(base), base, 'past');
  addForm(irr ? irr[1] : regularPast(base), base, 'participle');
  addForm(ingForm(base), base, 'ing');
}

/** Lexicon entry for a lower-case word, if it is a known verb form. */
export function verbForms(word: string): { base: string; forms: Set<VerbForm> } | undefined {
  return FORMS.get(word);
}

export function isAux(word: string): boolean {
  return AUX.has(word) || CONTRACTION.test(word);
}

export function isModal(word: string): boolean {
  return MODALS.has(word);
}

/** Plural auxiliaries and their singular forms, for subject agreement. */
export const SINGULAR_AUX: Record<string, string> = {
  are: 'is', were: 'was', have: 'has', do: 'does',
  "aren't": "isn't", "weren't": "wasn't", "haven't": "hasn't", "don't": "doesn't",
};

/** Words before a noun that show the next word is a noun, not a verb. */
export const DETERMINERS = new Set([
  'a', 'an', 'the', 'this', 'these', 'those', 'its', 'their', 'his', 'her', 'our', 'your', 'my', 'some', 'many',
  'several', 'common', 'main', 'other', 'possible', 'various', 'major', 'certain', 'potential', 'such', 'no', 'all',
  'any', 'each', 'every', 'most', 'few', 'more', 'less', 'further', 'significant', 'rare', 'serious', 'minor', 'early',
  'late', 'initial', 'first', 'second', 'primary', 'underlying', 'typical', 'usual', 'frequent', 'similar',
]);

export const PREPOSITIONS = new Set([
  'of', 'in', 'with', 'for', 'on', 'to', 'from', 'about', 'among', 'at', 'by', 'into', 'onto', 'through',
  'throughout', 'over', 'under', 'within', 'without', 'against', 'during', 'after', 'before', 'across', 'around',
  'toward', 'towards', 'via', 'per', 'near', 'upon', 'between', 'beyond', 'despite', 'like', 'unlike', 'versus', 'until',
]);

/** Words that open a dependent clause: a split never happens after them. */
export const SUBORDINATORS = new Set([
  'because', 'since', 'if', 'when', 'whenever', 'unless', 'until', 'although', 'though', 'while', 'whereas',
  'after', 'before', 'once', 'as', 'so', 'that', 'which', 'who', 'whom', 'whose', 'where', 'whether',
]);

export const PRONOUNS = new Set([
  'it', 'they', 'he', 'she', 'we', 'you', 'i', 'this', 'these', 'those', 'that', 'there', 'one', 'both', 'each',
  'some', 'many', 'most', 'others', 'all',
]);

/** Nouns ending in -s that are singular (for subject agreement). */
export const SINGULAR_S = new Set([
  'diabetes', 'measles', 'mumps', 'rabies', 'herpes', 'news', 'aids', 'lupus', 'sepsis', 'genetics',
  'physics', 'economics', 'mathematics', 'statistics', 'pediatrics', 'geriatrics', 'obstetrics', 'orthopedics', 'obesity', 'series', 'species', 'tetanus', 'virus', 'status', 'pancreas', 'mellitus',
  'stress', 'glucose', 'insulin', 'fitness', 'illness', 'sickness', 'weakness', 'dizziness', 'shortness',
  'mass', 'gas', 'bias', 'atlas', 'analysis', 'diagnosis', 'prognosis', 'thrombosis', 'arthritis', 'hepatitis',
  'psoriasis', 'osteoporosis', 'tuberculosis', 'sclerosis', 'fibrosis', 'cirrhosis', 'nephritis', 'bronchitis',
  'meningitis', 'dermatitis', 'gastritis', 'colitis', 'pneumonia', 'ketoacidosis', 'acidosis', 'apnea', 'nephropathy',
  'neuropathy', 'retinopathy', 'its', 'this', 'his', 'alcoholism', 'smoking', 'rickets', 'shingles',
]);

/** Pairs that are one notion: never distributed. */
export const FIXED_PAIRS = new Set([
  'signs and symptoms', 'signs or symptoms', 'pros and cons', 'trial and error', 'research and development',
  'wear and tear', 'back and forth', 'up and down', 'ups and downs', 'more and more', 'less and less',
  'again and again', 'over and over', 'sooner or later', 'more or less', 'black and white', 'salt and pepper',
  'bread and butter', 'odds and ends', 'by and large', 'first and foremost', 'each and every', 'in and out',
  'nuts and bolts', 'dos and don\'ts', 'rock and roll', 'on and off', 'off and on', 'here and there',
  'now and then', 'rest and digest', 'fight or flight', 'fight-or-flight', 'hit or miss', 'give and take',
  'checks and balances', 'supply and demand', 'nausea and vomiting', 'diagnosis and treatment',
]);

/** Words before a list that make it one relation, not several claims. */
export const RELATIONAL = new Set([
  'between', 'among', 'amongst', 'combination', 'combinations', 'mixture', 'mix', 'ratio', 'balance',
  'interaction', 'interactions', 'relationship', 'relationships', 'difference', 'differences', 'link',
  'connection', 'correlation', 'association', 'contrast', 'comparison', 'compared', 'both-and', 'sum', 'product',
]);

/** Words after "and"/"or" that end a list rather than add an item. */
export const LIST_ENDERS = new Set([
  'older', 'over', 'above', 'up', 'younger', 'under', 'below', 'beyond', 'later', 'so', 'then', 'others',
  'etc', 'vice', 'thereafter', 'onwards', 'after', 'forth', 'elsewhere', 'not', 'also', 'therefore', 'thus',
  'higher', 'lower', 'greater', 'less', 'fewer', 'longer', 'shorter', 'earlier', 'worse', 'better', 'so-called', 'similar',
]);

/** Adjectives that may share a head noun: "physical and mental health". */
const ADJECTIVES = new Set([
  'dry', 'red', 'high', 'low', 'mild', 'severe', 'acute', 'chronic', 'physical', 'mental', 'emotional', 'social',
  'short', 'long', 'small', 'large', 'big', 'fast', 'slow', 'hot', 'cold', 'warm', 'sharp', 'dull', 'blurry',
  'itchy', 'swollen', 'painful', 'stiff', 'weak', 'pale', 'yellow', 'dark', 'light', 'heavy', 'upper', 'lower',
  'left', 'right', 'inner', 'outer', 'early', 'late', 'new', 'old', 'young', 'male', 'female', 'oral', 'topical',
  'fresh', 'whole', 'raw', 'fatty', 'lean', 'saturated', 'unsaturated', 'trans', 'systolic', 'diastolic',
  'fasting', 'random', 'total', 'good', 'bad', 'normal', 'abnormal', 'healthy', 'unhealthy', 'viral',
  'bacterial', 'fungal', 'genetic', 'environmental', 'frequent', 'rare', 'common', 'soluble', 'insoluble', 'full',
  'empty', 'difficult', 'easy', 'safe', 'unsafe', 'possible', 'likely', 'unlikely', 'sexual', 'verbal', 'written', 'spoken', 'open', 'closed', 'hard', 'soft', 'wet', 'thick', 'deep', 'shallow',
]);
const ADJECTIVE_SUFFIX = /(al|ic|ous|ive|ful|less|able|ible|ary|ory|ish|ular|ent|ant)$/;

export function isAdjective(word: string): boolean {
  return ADJECTIVES.has(word) || (word.length > 4 && ADJECTIVE_SUFFIX.test(word) && !verbForms(word));
}
