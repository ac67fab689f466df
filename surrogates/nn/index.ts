/**
 * Neural-network parts for the NP surrogates: seeded parameters, dense layers and MLPs, LayerNorm, activations,
 * and the checkpoint format.
 */

export * from './initializers.js';
export * from './parameters.js';
export * from './activations.js';
export * from './linear.js';
export * from './dense.js';
export * from './mlp.js';
export * from './layer-norm.js';
export * from './custom-gradient.js';
export * from './stop-gradient.js';
export * from './checkpoint.js';
