// English stop words for retrieval. Negations (no, not, never, without…) are
// deliberately NOT here: they matter for verification and are handled by the
// verifier's own features; retrieval drops them separately.
export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'a about above after again against all am an and any are aren as at be because been before being below ' +
    'between both but by can could did do does doing down during each few for from further had has have having he ' +
    'her here hers herself him himself his how i if in into is it its itself just let me more most my myself of off ' +
    'on once only or other ought our ours ourselves out over own same she should so some such than that the their ' +
    'theirs them themselves then there these they this those through to too under until up very was we were what ' +
    'when where which while who whom why will with would you your yours yourself yourselves also may might must ' +
    'shall us many much often usually generally however therefore thus well one two within upon via per'
  ).split(/\s+/),
);

/** Negation cues, kept apart from stop words. */
export const NEGATION_WORDS: ReadonlySet<string> = new Set([
  'no', 'not', 'never', 'none', 'nor', 'neither', 'without', 'cannot', "can't", "don't", "doesn't", "didn't",
  "isn't", "aren't", "wasn't", "weren't", "won't", "wouldn't", "shouldn't", "couldn't", "hasn't", "haven't",
  "hadn't", 'lack', 'lacks', 'absence', 'absent', 'fail', 'fails', 'failed', 'unable', 'nothing', 'nobody',
]);
