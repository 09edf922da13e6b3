// Which writing system a claim is in, and whether the evidence that was
// searched has any text in it: a Chinese answer checked against an English
// corpus finds nothing, and the honest message is "no installed corpus has
// Chinese text; import one", not "no passage matched".
import type { ClaimResult } from '../../core/types.ts';

export type Script = 'chinese' | 'japanese' | 'korean' | 'other';

export const SCRIPT_NAME: Record<Exclude<Script, 'other'>, string> = {
  chinese: 'Chinese',
  japanese: 'Japanese',
  korean: 'Korean',
};

const HAN = /\p{Script=Han}/u;
const KANA = /[\p{Script=Hiragana}\p{Script=Katakana}]/u;
const HANGUL = /\p{Script=Hangul}/u;
const LETTER = /\p{L}/u;

/** The script most of a text's letters are in (CJK when at least a third of the letters are). */
export function textScript(text: string): Script {
  let letters = 0;
  let han = 0;
  let kana = 0;
  let hangul = 0;
  for (const ch of text) {
    if (!LETTER.test(ch)) continue;
    letters++;
    if (HAN.test(ch)) han++;
    else if (KANA.test(ch)) kana++;
    else if (HANGUL.test(ch)) hangul++;
  }
  if (letters === 0) return 'other';
  const cjk = han + kana + hangul;
  if (cjk * 3 < letters) return 'other';
  if (kana > 0 && kana >= hangul) return 'japanese';
  if (hangul > han) return 'korean';
  return 'chinese';
}

/** True when a text has any character of the script. */
function hasScript(text: string, script: Exclude<Script, 'other'>): boolean {
  if (script === 'korean') return HANGUL.test(text);
  if (script === 'japanese') return KANA.test(text) || HAN.test(text);
  return HAN.test(text);
}

/**
 * The language a claim is in when none of the evidence found for it — nor
 * for any other claim of the report — is in that language: then no corpus
 * searched has text in it. undefined otherwise (English claims, or evidence
 * in the claim's language exists).
 */
export function missingLanguage(claim: ClaimResult, all: readonly ClaimResult[] = [claim]): string | undefined {
  const script = textScript(claim.text);
  if (script === 'other') return undefined;
  const anyInScript = all.some((c) => c.evidence.some((e) => hasScript(e.passage, script)));
  return anyInScript ? undefined : SCRIPT_NAME[script];
}

/** The reason to show for a claim: for a claim in a language no corpus has, that, instead of "no passage matched". */
export function languageReason(claim: ClaimResult, all: readonly ClaimResult[], reason: string | null): string | null {
  const language = missingLanguage(claim, all);
  return language && claim.verdict === 'unverifiable' ? `No installed corpus has text in ${language}.` : reason;
}
