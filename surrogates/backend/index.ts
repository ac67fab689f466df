/**
 * TensorFlow.js backend layer: backend selection (`initBackend`), the fast wasm kernels, and elementwise helpers
 * that stay on the wasm backend's vectorised kernels.
 */

export * from './select-backend.js';
export * from './fast-kernels.js';
export * from './fast-math.js';
