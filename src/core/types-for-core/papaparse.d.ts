// The part of papaparse's API that src/core uses (src/core/batch/import.ts),
// for `tsc -p tsconfig.core.json` only (its `paths` point "papaparse" here).
// @types/papaparse references Node's types (streams), which would bring
// Node's globals into the core's compile; everywhere else (svelte-check,
// Vite, vitest) the real package and its own types are used.
declare const Papa: {
  parse<T>(
    input: string,
    config: {
      header?: boolean;
      skipEmptyLines?: boolean;
      step?: (results: {
        data: T;
        errors: { type: 'Quotes' | 'Delimiter' | 'FieldMismatch'; code: string; message: string; row?: number }[];
        meta: { cursor: number };
      }) => void;
    },
  ): void;
};
export default Papa;
