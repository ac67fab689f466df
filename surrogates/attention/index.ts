/**
 * Attention mechanisms for the NP surrogates: dense softmax attention with a distance bias, scan attention
 * (chunked, exact, bounded memory), multi-head attention, deep kernel attention, Performer (FAVOR+) attention
 * and CMANP's constant-memory attention block with streaming updates.
 */

export * from './chunking.js';
export * from './distance.js';
export * from './distance-bias.js';
export * from './tisa-bias.js';
export * from './quadratic-bias.js';
export * from './scores.js';
export * from './dense-attention.js';
export * from './softmax-summary.js';
export * from './scan-attention.js';
export * from './heads.js';
export * from './multi-head-attention.js';
export * from './deep-kernel-attention.js';
export * from './orthogonal-features.js';
export * from './performer-attention.js';
export * from './latent-attention.js';
export * from './geglu-feed-forward.js';
export * from './cmab.js';
