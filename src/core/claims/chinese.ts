// Chinese sentence → atomic claims. Clauses at "；" and at "，" when both
// sides are full clauses (or the right side is a verb phrase sharing the
// left side's subject); enumerations with "、" and 和/及/与/以及/或 are
// distributed: "症状包括发热、咳嗽和乏力" → three claims.
import type { RawClaim, Unit } from './unit.ts';

const OPEN = '（(「“《【[『';
const CLOSE = '）)」”》】]』';

/** Sentences that open with these are one claim up to the "；": the parts depend on each other. */
const SUBORDINATE_START =
  /^(如果|若是|若|假如|倘若|虽然|尽管|因为|由于|当|为了|只要|只有|即使|即便|除非|一旦|无论|不管|随着|对于|关于|通过|根据|经过|除了|与其|既然)/;
/** Connectives that may open a new full clause; left out of the claim's span. */
const CLAUSE_CONNECTIVE = /^(但是|但|然而|不过|可是|此外|另外|同时|而且|并且|而|且|另一方面|相反|因此|所以|因而)/;
/** A right side opening with these shares the left side's subject. */
const VP_START =
  /^(由|被|约占|约为|大约|约|占|达到|达|还|也|并|又|同时|并且|而且|且|可以|可能|能够|能|可|会|应该|应|需要|需|是|有|具有|属于|导致|引起|造成|增加|降低|减少|提高|升高|改善|减轻|缓解|加重|促进|抑制|帮助|影响|损害|损伤|预防|控制|治疗|常|易|容易|多|主要|通常|往往|一般|不|没有|无)/;
/** Result clauses stay with what causes them. */
const NO_SPLIT_START = /^(从而|进而|以便|以免|以|使得|使|让|导致|致使|甚至|尤其|特别|例如|比如|如|包括|即|也就是|等)/;
/** Where a subject ends: the first predicate word. */
const PREDICATE_START =
  /可以|可能|能够|应该|应当|需要|会|能|可|应|是|有|为|通过|主要|常|易|容易|导致|引起|造成|增加|降低|减少|属于|具有|使|让|被|也|都|还|已|不|没|在|指|表现|包括|影响|损害|控制|治疗|预防|帮助|改善|减轻|缓解|促进|抑制|提高|升高|分为|出现|发生|多见|见于|伴有|含有|富含/g;
const HAS_PREDICATE =
  /是|有|会|能|可|应|需|要|导致|引起|造成|增加|降低|减少|提高|升高|下降|包括|表现|属于|称为|发生|出现|影响|损害|帮助|控制|治疗|预防|服用|使用|患|伴|具有|含有|存在|发展|引发|促进|抑制|改善|加重|缓解|减轻|用于|容易|易|多见|常见|常|为|指|使|让|被|损伤|破坏|感染|传播|遗传|诊断|检测|分泌|吸收|代谢|恶化|持续|相关|有关|取决|依赖|必须|升|降|达|超过|低于|高于|占/;

const TRIGGERS = [
  '主要包括', '包括', '包含', '例如', '比如', '譬如', '诸如', '表现为', '表现在', '伴有', '伴随', '常见的有', '主要有',
  '导致', '引起', '造成', '增加', '降低', '减少', '影响', '损害', '损伤', '治疗', '使用', '服用', '避免', '预防', '控制',
  '减轻', '缓解', '改善', '提高', '升高', '见于', '注意', '多吃', '少吃', '限制', '摄入', '食用', '含有', '富含', '涉及',
  '累及', '用于', '采用', '选择', '需要', '进行', '出现', '发生', '患有', '存在', '具有', '分为', '属于',
  '：', ':', '有', '是', '为', '如', '像', '对', '在',
];
/** A one-character trigger followed by these is part of a word: 有氧, 为了, 如何… */
const FALSE_SINGLE: Record<string, string> = {
  有: '氧效助关益些时点利害机所的',
  是: '否',
  为: '了何什主',
  如: '何果此今',
  像: '是',
  对: '于此称',
  在: '于内此',
};
const CONNECTORS = ['以及', '或者', '还有', '和', '及', '与', '或', '跟', '同'];
/** Characters around a connector that make it part of a word. */
const CONNECTOR_WORDS = /共和|和蔼|和善|和缓|调和|和谐|缓和|温和|柔和|饱和|总和|中和|和平|暖和|平和|参与|给与|与其|与否|及时|及早|涉及|普及|危及|波及|来不及|及格|顾及|提及|或许|或多或少|不可或缺|同时|同样|同一|相同|不同|共同|如同|同意/g;
/** After these a list is one relation: "A与B有关", "A和B之间". */
const RELATIONAL = /有关|相关|相比|之间|结合|不同|一样|类似|区别|关系|相互|联合|配合|共同|合并|并用|比较|对比|一起|相似|同时/;
const SUBJECT_END =
  /都|均|皆|会|可以|可能|可|能|是|也|易|容易|常|导致|引起|造成|增加|降低|为|属于|有|被|通常|往往|一般|均可|需要|应|在|对|将|已|正|不|没/g;
const MODAL_AFTER_SUBJECT = /^(应该|应当|需要|可以|能够|应|需|能|会|可)/;
const MODAL_START = /^(还|也|并|又)?(应该|应当|需要|可以|能够|应|需|能|会|可)/;
const MAX_ITEM = 14;
const MAX_CLAUSE = 600;

/** Clean Chinese claim text: no spaces from masking, no edge punctuation. */
export function cleanChinese(s: string, fullStop: boolean): string {
  let t = s
    .replace(/\s+/g, ' ')
    .replace(/ ?([\u3000-\u303f\uff00-\uffef\u3400-\u9fff]) ?/g, '$1')
    .replace(/^[\s，、；：,;:。]+|[\s，、；：,;:]+$/g, '');
  const m = CLAUSE_CONNECTIVE.exec(t);
  if (m && m[0].length < t.length - 2 && !/^(因此|所以|因而)/.test(m[0])) t = t.slice(m[0].length);
  t = t.replace(/^[，,]/, '');
  if (fullStop && !/[。！？!?]$/.test(t)) t += '。';
  return t;
}

interface Seg {
  s: number;
  e: number;
}

/** Splits one Chinese sentence (analysis text of `unit`) into claims. */
export function splitChinese(unit: Unit): RawClaim[] {
  const A = unit.text;
  const P = unit.prefixLen;
  const toAnswer = (p: number) => unit.base + p - P;
  const fullStop = /[。！!]\s*$/.test(A);
  const out: RawClaim[] = [];

  // Top-level separators.
  const semis: number[] = [];
  const commas: number[] = [];
  let depth = 0;
  for (let i = 0; i < A.length; i++) {
    const ch = A[i];
    if (OPEN.includes(ch)) depth++;
    else if (CLOSE.includes(ch)) depth = Math.max(0, depth - 1);
    else if (depth === 0 && (ch === '；' || ch === ';')) semis.push(i);
    else if (depth === 0 && (ch === '，' || (ch === ',' && !/\d/.test(A[i + 1] ?? '')))) commas.push(i);
  }

  const parts: Seg[] = [];
  let a = 0;
  for (const p of semis) {
    parts.push({ s: a, e: p });
    a = p + 1;
  }
  parts.push({ s: a, e: A.length });

  for (const part of parts) {
    const partCommas = commas.filter((c) => c > part.s && c < part.e);
    for (const cl of clauses(A, part, partCommas)) {
      emitClause(A, cl, fullStop, P, toAnswer, out);
    }
  }
  return out;
}

interface ClauseSeg extends Seg {
  /** Text to put before the clause (a shared subject). */
  lead: string;
}

function trimSeg(A: string, s: number, e: number): Seg {
  while (s < e && /[\s，,、；;：:]/.test(A[s])) s++;
  while (e > s && /[\s，,、；;：:。！？!?]/.test(A[e - 1])) e--;
  return { s, e };
}

function clauses(A: string, part: Seg, commas: number[]): ClauseSeg[] {
  const segs: Seg[] = [];
  let a = part.s;
  for (const c of commas) {
    segs.push({ s: a, e: c });
    a = c + 1;
  }
  segs.push({ s: a, e: part.e });

  const out: ClauseSeg[] = [];
  const first = trimSeg(A, segs[0].s, segs[0].e);
  let cur: ClauseSeg = { ...first, lead: '' };
  // Subject of the clause that opened the current chain of verb phrases.
  let subject = '';
  const subordinate = SUBORDINATE_START.test(A.slice(first.s, first.e));
  for (let n = 1; n < segs.length; n++) {
    const seg = trimSeg(A, segs[n].s, segs[n].e);
    const L = A.slice(cur.s, cur.e);
    const R = A.slice(seg.s, seg.e);
    if (!R) continue;
    const lFull = HAS_PREDICATE.test(L) && han(L) >= 4;
    if (subordinate || !lFull || NO_SPLIT_START.test(R) || han(R) < 3) {
      cur.e = seg.e;
      continue;
    }
    const conn = CLAUSE_CONNECTIVE.exec(R);
    const rBody = conn ? R.slice(conn[0].length) : R;
    const bodyStart = seg.s + (conn ? conn[0].length : 0);
    if (!subject) subject = subjectOf(cur.lead ? cur.lead + L : L);
    const joined = conn && /^(而且|并且|且|同时)$/.test(conn[0]) && !hasSubject(rBody);
    if (VP_START.test(rBody) || joined) {
      if (subject && (HAS_PREDICATE.test(rBody) || (joined && han(rBody) >= 2))) {
        out.push(cur);
        // "患者应减少盐的摄入，并且规律运动" → "患者应规律运动": the modal is shared too.
        const modal = MODAL_AFTER_SUBJECT.exec(L.slice(subject.length - cur.lead.length));
        const lead = subject + (modal && !MODAL_START.test(rBody) ? modal[0] : '');
        cur = { s: bodyStart, e: seg.e, lead };
        continue;
      }
      cur.e = seg.e;
      continue;
    }
    if (hasSubject(rBody) && HAS_PREDICATE.test(rBody.slice(1)) && han(rBody) >= 4) {
      out.push(cur);
      cur = { s: bodyStart, e: seg.e, lead: '' };
      subject = '';
      continue;
    }
    cur.e = seg.e;
  }
  out.push(cur);
  return out;
}

function han(s: string): number {
  let n = 0;
  for (const ch of s) if (/[\u3400-\u9fff]/.test(ch)) n++;
  return n;
}

/** The words before the first predicate, if they look like a subject. */
export function subjectOf(L: string): string {
  PREDICATE_START.lastIndex = 0;
  const m = PREDICATE_START.exec(L);
  if (!m || m.index < 1 || m.index > 16) return '';
  if (m.index === 1 && !/[它其他她]/.test(L[0])) return '';
  const s = L.slice(0, m.index);
  if (SUBORDINATE_START.test(s) || /[，,；;]/.test(s)) return '';
  return s;
}

/** Text opens with a subject, not a verb or adverb ("约占90%" has none). */
export function zhHasSubject(text: string): boolean {
  return !VP_START.test(text) && !NO_SPLIT_START.test(text);
}

/** Right side opens with a subject rather than a verb or adverb. */
function hasSubject(R: string): boolean {
  if (VP_START.test(R) || NO_SPLIT_START.test(R) || SUBORDINATE_START.test(R)) return false;
  PREDICATE_START.lastIndex = 0;
  const m = PREDICATE_START.exec(R);
  return !!m && m.index >= 1;
}

function emitClause(
  A: string,
  cl: ClauseSeg,
  fullStop: boolean,
  P: number,
  toAnswer: (p: number) => number,
  out: RawClaim[],
): void {
  const { s, e } = trimSeg(A, cl.s, cl.e);
  if (e <= s) return;
  // No real clause is this long: a dump is kept whole.
  const list = e - s > MAX_CLAUSE ? null : findEnumeration(A, s, e);
  const push = (text: string, a: number, b: number) => {
    const cs = Math.max(a, P);
    if (b <= cs) return;
    out.push({ text: cleanChinese(text, fullStop), start: toAnswer(cs), end: toAnswer(b) });
  };
  if (!list || list.items.some(([a, b]) => a < P || b <= a)) {
    // Keep a final "。" inside the span of the clause that ends the sentence.
    let end = e;
    if (/[。！!]/.test(A[end] ?? '') && !/\S/.test(A.slice(end + 1))) end++;
    push(cl.lead + A.slice(s, e), s, end);
    return;
  }
  const before = A.slice(s, list.start);
  let after = A.slice(list.end, e);
  after = after.replace(/^等等?/, '');
  if (list.subject) after = after.replace(/^(都|均|皆)/, '');
  list.items.forEach(([a, b], n) => {
    const shared = n < list.items.length - 1 ? list.head : '';
    push(cl.lead + before + A.slice(a, b) + shared + after, a, b);
  });
}

interface ZhList {
  items: [number, number][];
  /** Head noun shared from the last item ("糖尿病和高血压[患者]"), or ''. */
  head: string;
  start: number;
  end: number;
  subject: boolean;
}

function trimItem(A: string, a: number, b: number): [number, number] {
  while (a < b && /[\s“”"'「」]/.test(A[a])) a++;
  while (b > a && /[\s“”"'「」]/.test(A[b - 1])) b--;
  return [a, b];
}

/** Where the item that begins the list starts: after the nearest trigger. */
function firstItemStart(A: string, s: number, end: number): { start: number; trigger: boolean } | null {
  let depth = 0;
  for (let p = end - 1; p >= s && end - p <= MAX_ITEM + 12; p--) {
    // "ACE抑制剂（如依那普利）": a trigger inside brackets is not one.
    if (CLOSE.includes(A[p])) depth++;
    else if (OPEN.includes(A[p])) depth = Math.max(0, depth - 1);
    if (depth > 0 || CLOSE.includes(A[p])) continue;
    for (const t of TRIGGERS) {
      const ts = p - t.length + 1;
      if (ts < s || A.slice(ts, p + 1) !== t) continue;
      if (t.length === 1 && FALSE_SINGLE[t]?.includes(A[p + 1] ?? '')) continue;
      if (p + 1 >= end) continue;
      return { start: p + 1, trigger: true };
    }
  }
  if (itemLen(A, s, end) <= MAX_ITEM) return { start: s, trigger: false };
  return null;
}

/** Nouns that a list of conditions shares: "糖尿病和高血压患者" are both patients. */
const HEAD_NOUN = /(患者|病人|病患|人群|人士|儿童|老人|老年人|孕妇|女性|男性|家族史)$/;

function sharedHead(A: string, items: [number, number][]): string {
  const last = A.slice(...items[items.length - 1]);
  const m = HEAD_NOUN.exec(last);
  if (!m || m.index < 2) return '';
  return items.slice(0, -1).every(([a, b]) => !HEAD_NOUN.test(A.slice(a, b))) ? m[0] : '';
}

/** Length of an item without what is in brackets ("ACE抑制剂（如依那普利）" → 5). */
function itemLen(A: string, a: number, b: number): number {
  let n = 0;
  let depth = 0;
  for (let i = a; i < b; i++) {
    if (OPEN.includes(A[i])) depth++;
    else if (CLOSE.includes(A[i])) depth = Math.max(0, depth - 1);
    else if (depth === 0) n++;
  }
  return n;
}

/** Where the last item ends, from `from` on. */
function lastItemEnd(A: string, from: number, e: number, subject: boolean): number {
  let end = e;
  const stop = /[等的（(）)]/g;
  stop.lastIndex = from + 1;
  const m = stop.exec(A);
  if (m && m.index < end) end = m.index;
  if (subject) {
    SUBJECT_END.lastIndex = from + 1;
    const v = SUBJECT_END.exec(A);
    if (v && v.index < end) end = v.index;
  }
  return end;
}

/** "生活方式干预：" before the items: a label, so the items are the subject. */
function labelOnly(A: string, s: number, itemStart: number): boolean {
  const head = A.slice(s, itemStart);
  return /[:：]\s*$/.test(head) && !HAS_PREDICATE.test(head.slice(0, -1));
}

function connectorAt(A: string, i: number, words: Set<number>): string | null {
  if (words.has(i)) return null;
  for (const c of CONNECTORS) if (A.startsWith(c, i)) return c;
  return null;
}

/** The enumeration (A、B、C, or A和B) in the clause A[s..e), or null. (English lists: findCoordinatedList in lists.ts.) */
function findEnumeration(A: string, s: number, e: number): ZhList | null {
  const clause = A.slice(s, e);
  // Positions that are inside words like 及时, 和平.
  const inWord = new Set<number>();
  for (const m of clause.matchAll(CONNECTOR_WORDS)) for (let k = 0; k < m[0].length; k++) inWord.add(s + m.index + k);

  let depth = 0;
  const dun: number[] = [];
  let firstConn = -1;
  let connLen = 0;
  for (let i = s; i < e; i++) {
    const ch = A[i];
    if (OPEN.includes(ch)) depth++;
    else if (CLOSE.includes(ch)) depth = Math.max(0, depth - 1);
    else if (depth === 0 && ch === '、') dun.push(i);
    else if (depth === 0 && firstConn < 0) {
      const c = connectorAt(A, i, inWord);
      if (c) {
        firstConn = i;
        connLen = c.length;
      }
    }
  }

  if (dun.length) {
    // Enumeration: A、B、C(和D)
    const first = dun[0];
    const fs = firstItemStart(A, s, first);
    if (!fs) return null;
    const items: [number, number][] = [trimItem(A, fs.start, first)];
    for (let k = 0; k + 1 < dun.length; k++) items.push(trimItem(A, dun[k] + 1, dun[k + 1]));
    const lastStart = dun[dun.length - 1] + 1;
    const subject = !fs.trigger || labelOnly(A, s, fs.start);
    let conn = -1;
    let cl = 0;
    for (let i = lastStart + 1; i < e && i - lastStart <= MAX_ITEM; i++) {
      const c = connectorAt(A, i, inWord);
      if (c) {
        conn = i;
        cl = c.length;
        break;
      }
    }
    let end: number;
    if (conn > 0 && lastItemEnd(A, lastStart, e, subject) > conn) {
      items.push(trimItem(A, lastStart, conn));
      end = lastItemEnd(A, conn + cl, e, subject);
      items.push(trimItem(A, conn + cl, end));
    } else {
      end = lastItemEnd(A, lastStart, e, subject);
      items.push(trimItem(A, lastStart, end));
    }
    if (items.some(([a, b]) => b <= a || itemLen(A, a, b) > MAX_ITEM)) return null;
    if (RELATIONAL.test(A.slice(end, e))) return null;
    return { items, start: items[0][0], end, subject, head: sharedHead(A, items) };
  }

  if (firstConn > s) {
    // Two items: A和B
    const fs = firstItemStart(A, s, firstConn);
    if (!fs) return null;
    const subject = !fs.trigger || labelOnly(A, s, fs.start);
    const end = lastItemEnd(A, firstConn + connLen, e, subject);
    const items: [number, number][] = [trimItem(A, fs.start, firstConn), trimItem(A, firstConn + connLen, end)];
    if (items.some(([a, b]) => b <= a || itemLen(A, a, b) > 10)) return null;
    if (RELATIONAL.test(A.slice(end, e)) || RELATIONAL.test(A.slice(s, fs.start))) return null;
    if (/之间|在/.test(A.slice(Math.max(s, fs.start - 1), fs.start))) return null;
    if (subject && end >= e) return null; // no predicate after: a noun phrase, not a list of claims
    return { items, start: items[0][0], end, subject, head: sharedHead(A, items) };
  }
  return null;
}
