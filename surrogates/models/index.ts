/**
 * The neural-process models: TNP-KR (scan attention with a kernel bias, deep kernel attention, Performer), TNP-D,
 * CNP, the latent NP and CMANP, behind one {@link NeuralProcess} interface, with presets, `createModel` and
 * checkpoints.
 */

export * from './config.js';
export * from './presets.js';
export * from './neural-process.js';
export * from './gaussian.js';
export * from './gaussian-head.js';
export * from './expand.js';
export * from './target-chunks.js';
export * from './base-model.js';
export * from './context-attention.js';
export * from './context-reader.js';
export * from './kr-block.js';
export * from './tnp-kr.js';
export * from './tnp-d-layer.js';
export * from './tnp-d.js';
export * from './pooling-encoder.js';
export * from './all-points.js';
export * from './cnp.js';
export * from './latent-np.js';
export * from './cmanp.js';
export * from './create-model.js';
export * from './model-checkpoint.js';
