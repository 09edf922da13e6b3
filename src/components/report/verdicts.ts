// How each verdict looks: a symbol and a word, so colour is never the only cue.
import type { Verdict } from '../../core/types.ts';

export const VERDICT_LOOK: Record<Verdict, { symbol: string; label: string; help: string }> = {
  supported: { symbol: '✓', label: 'Supported', help: 'The evidence says the same.' },
  contradicted: { symbol: '✗', label: 'Contradicted', help: 'The evidence says otherwise.' },
  unverifiable: { symbol: '?', label: 'Unverifiable', help: 'No evidence found either way.' },
};
