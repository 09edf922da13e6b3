#!/usr/bin/env node
// `claimlens` command: runs the TypeScript CLI through tsx's loader, so the
// CLI and the app share one source of truth (src/core).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/claimlens.ts');
process.exitCode = await main(process.argv.slice(2));
