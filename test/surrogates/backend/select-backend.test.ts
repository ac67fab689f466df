import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it } from 'vitest';
import { BACKEND_ENV_VAR, backendFromEnv, initBackend, NATIVE_PACKAGES } from '../../../surrogates/backend/index.js';

describe('backend selection', () => {
  const saved = process.env[BACKEND_ENV_VAR];
  afterEach(() => {
    if (saved === undefined) delete process.env[BACKEND_ENV_VAR];
    else process.env[BACKEND_ENV_VAR] = saved;
  });

  it('reads TNPBO_BACKEND and rejects unknown names, naming the variable', () => {
    expect(backendFromEnv({})).toBeUndefined();
    expect(backendFromEnv({ TNPBO_BACKEND: '' })).toBeUndefined();
    expect(backendFromEnv({ TNPBO_BACKEND: 'cpu' })).toBe('cpu');
    expect(backendFromEnv({ TNPBO_BACKEND: ' wasm ' })).toBe('wasm');
    expect(() => backendFromEnv({ TNPBO_BACKEND: 'gpu' })).toThrow(/TNPBO_BACKEND=gpu .*tensorflow, wasm, cpu/);
  });

  it('falls through the missing native packages to wasm with the fast kernels, reporting once', async () => {
    delete process.env[BACKEND_ENV_VAR];
    await initBackend({ backend: 'cpu', report: () => {} });
    const lines: string[] = [];
    const info = await initBackend({ report: (line) => lines.push(line) });
    expect(info.name).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(info.fastKernels).toBe(true);
    expect(info.simd).toBe(true);
    expect(info.tfjsVersion).toBe(tf.version.tfjs);
    expect(info.skipped.map((s) => s.split(':')[0])).toEqual([...NATIVE_PACKAGES]);
    expect(lines).toEqual([`tnpbo: TensorFlow.js backend wasm (tfjs ${tf.version.tfjs}, SIMD, fast kernels)`]);
    await initBackend({ report: (line) => lines.push(line) });
    expect(lines).toHaveLength(1);
  });

  it('follows TNPBO_BACKEND, and the option overrides it', async () => {
    process.env[BACKEND_ENV_VAR] = 'cpu';
    expect((await initBackend({ report: () => {} })).name).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect((await initBackend({ backend: 'wasm', report: () => {} })).name).toBe('wasm');
  });

  it('fails clearly when the native backend is requested but not installed', async () => {
    await expect(initBackend({ backend: 'tensorflow', report: () => {} })).rejects.toThrow(
      /backend 'tensorflow' requested.*@tensorflow\/tfjs-node-gpu.*@tensorflow\/tfjs-node/,
    );
    await expect(initBackend({ backend: 'metal' as never, report: () => {} })).rejects.toThrow(/backend 'metal' is not a backend/);
  });

  it('can run wasm with the stock kernels', async () => {
    const info = await initBackend({ backend: 'wasm', fastKernels: false, report: () => {} });
    expect(info.fastKernels).toBe(false);
    expect((await initBackend({ backend: 'wasm', report: () => {} })).fastKernels).toBe(true);
  });
});
