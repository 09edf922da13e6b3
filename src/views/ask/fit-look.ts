// How each fit verdict looks in the model picker: a chip tone and a short word.
import type { FitStatus } from '../../core/engine/fit.ts';

export const FIT_LOOK: Record<FitStatus, { tone: 'supported' | 'unverifiable' | 'contradicted'; label: string }> = {
  fits: { tone: 'supported', label: 'Fits' },
  'fits-low-resource': { tone: 'unverifiable', label: '1k build fits' },
  'too-big': { tone: 'contradicted', label: 'Will not fit' },
  'needs-shader-f16': { tone: 'contradicted', label: 'Needs shader-f16' },
  'no-webgpu': { tone: 'contradicted', label: 'No WebGPU' },
  'no-storage': { tone: 'contradicted', label: 'No room to store' },
};

export function sizeMB(mb: number): string {
  return mb >= 1000 ? `${(mb / 1000).toFixed(1)} GB` : `${Math.round(mb)} MB`;
}
