// Build aliases that keep DOM-only code out of workers. The claim splitter
// (src/core/claims/markdown.ts, run in the checker worker) uses
// mdast-util-from-markdown, which decodes entities with
// decode-named-character-reference; that package's "browser" build creates a
// DOM element as soon as it is loaded, and a worker has no `document`. Its
// plain build (a lookup table) works everywhere, so every build takes that.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export const DOM_FREE_ALIASES: Record<string, string> = {
  'decode-named-character-reference': require.resolve('decode-named-character-reference'),
};
