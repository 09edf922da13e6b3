// Vector store and nearest-neighbour search over chunk embeddings.
export { VectorDataCorruptError, VectorDimensionError } from '../errors.ts';
export * from './quantize.ts';
export * from './kernels.ts';
export * from './topk.ts';
export * from './hash.ts';
export * from './store.ts';
export * from './types.ts';
export * from './flat.ts';
export * from './ivf.ts';
export * from './choose.ts';
export * from './persist.ts';
export { sphericalKMeans } from './kmeans.ts';
export { seededRandom, sampleIndices } from './random.ts';
