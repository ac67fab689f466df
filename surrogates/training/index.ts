/**
 * Data for neural-process training and evaluation: prior kernels, seeded task samplers of the GP
 * meta-regression protocols (models.md §9) and of the d-dimensional BO prior, and the oracle GP scores.
 */

export * from './kernels.js';
export * from './task-batch.js';
export * from './tasks.js';
export * from './bo-prior.js';
export * from './oracle.js';
export * from './np-batch.js';
export * from './optimizers.js';
export * from './training-config.js';
export * from './training-state.js';
export * from './evaluate.js';
export * from './trainer.js';
