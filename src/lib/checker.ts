// The one checker the UI talks to (a module worker).
import { createChecker } from './checker-client.ts';

export const checker = createChecker();
