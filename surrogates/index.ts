/**
 * Surrogates of tnpbo (`tnpbo/surrogates`): the exact float64 Gaussian process and the random-search baseline.
 */

export * from './gp/index.js';
export { RandomSearch } from './random.js';
