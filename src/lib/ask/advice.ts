// What to try after a model ran out of GPU memory or lost its device: its
// low-memory (1k-context) build, else the largest smaller model that the fit
// check says fits here. Pure.
import type { CatalogModel } from '../../core/engine/catalog-types.ts';
import type { ModelFit } from '../../core/engine/fit.ts';

export interface SmallerModelAdvice {
  /** The model to load instead, when there is one. */
  model?: string;
  /** One sentence naming it (or saying there is none). */
  text: string;
}

const gb = (mb: number) => `${(mb / 1024).toFixed(1)} GB`;

export function smallerModelAdvice(
  modelId: string | undefined,
  fits: readonly ModelFit[],
  catalog: readonly CatalogModel[],
): SmallerModelAdvice {
  const byId = (id: string | undefined) => catalog.find((m) => m.id === id);
  const fitOf = (id: string) => fits.find((f) => f.id === id);
  const current = byId(modelId);
  const runnable = (id: string) => fitOf(id)?.status === 'fits';

  const low = byId(current?.low_memory_variant);
  if (low && runnable(low.id)) {
    return {
      model: low.id,
      text: `Try its low-memory build ${low.id} (1k-token context, about ${gb(low.vram_required_MB)} of GPU memory).`,
    };
  }
  const limit = current?.vram_required_MB ?? Infinity;
  const smaller = catalog
    .filter((m) => m.id !== modelId && m.vram_required_MB < limit && runnable(m.id))
    .sort((a, b) => b.vram_required_MB - a.vram_required_MB);
  const sameFamily = current ? smaller.find((m) => m.family === current.family) : undefined;
  // Within the family, the largest smaller one; otherwise the largest smaller of any family.
  const pick = sameFamily ?? smaller[0];
  if (pick) {
    return {
      model: pick.id,
      text: `Try a smaller model: ${pick.id} (about ${gb(pick.vram_required_MB)} of GPU memory).`,
    };
  }
  return { text: 'No smaller model fits this GPU; connect to a model server instead.' };
}
