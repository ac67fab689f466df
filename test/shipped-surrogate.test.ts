/** Neural-process surrogates served from a weights folder: lazy loading, padding, fallbacks and errors. */

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EncodedDimension, SurrogateContext } from '../src/core/types.js';
import { LazySurrogate } from '../src/lazy-surrogate.js';
import { createSurrogate, RegistryError } from '../src/registry.js';
import { createShippedSurrogate } from '../src/shipped-surrogate.js';
import { GaussianProcess } from '../surrogates/gp/index.js';
import { createModel, loadModel, saveModel } from '../surrogates/models/index.js';
import { createNpSurrogate } from '../surrogates/np-surrogate.js';
import { useBackend } from './surrogates/backend/compare-backends.js';
import { observations, unitPoints } from './surrogates/np/fixtures.js';

const continuous: EncodedDimension = { kind: 'continuous' };
const space = (dims: EncodedDimension[]): SurrogateContext => ({ dims, seed: 'shipped' });

describe('shipped neural-process surrogates', () => {
  let dir: string;
  beforeAll(async () => {
    await useBackend('wasm');
    dir = mkdtempSync(path.join(tmpdir(), 'tnpbo-weights-'));
    // A tiny TNP-KR "trained" on BO-prior tasks of 1 to 3 dimensions, as the shipped tnp-kr-sa-bo is on 1 to 8.
    const model = createModel({ name: 'tnp-kr-sa', preset: 'tiny', xDim: 3 }, 'shipped');
    await saveModel(model, path.join(dir, 'tnp-kr-sa-bo.json'), { training: { protocol: 'bo-prior', dim: 3, minDim: 1 } });
    model.dispose();
    writeFileSync(path.join(dir, 'cnp-bo.json'), '{"format": "tnpbo-checkpoint", "model": ');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('serves tnp-kr lazily from the TNP-KR weights, padding a 2-D space as the model was trained', async () => {
    const context = space([continuous, { kind: 'integer', values: [0.25, 0.75] }]);
    const surrogate = createSurrogate('tnp-kr', context, { weightsDir: dir });
    expect(surrogate).toBeInstanceOf(LazySurrogate);
    expect(surrogate.name).toBe('tnp-kr');
    // Known before the model loads, for the loop that decides on its trust region when it is built.
    expect(surrogate.prefersTrustRegion).toBe(true);
    const { X, y } = observations('shipped', 8);
    const Xq = unitPoints('shipped/queries', 10);
    await surrogate.condition(X, y);
    const { mean, std } = await surrogate.posterior(Xq);

    const { model } = await loadModel(path.join(dir, 'tnp-kr-sa-bo.json'));
    const direct = createNpSurrogate(context, model, { inputPadding: { minInputs: 1, value: 0 } });
    await direct.condition(X, y);
    const expected = await direct.posterior(Xq);
    expect(Array.from(mean)).toEqual(Array.from(expected.mean));
    expect(Array.from(std)).toEqual(Array.from(expected.std));
    direct.dispose();
    model.dispose();

    const gradient = await surrogate.posteriorWithGradient!(Xq);
    expect((await gradient.pullback(new Float64Array(10).fill(1), new Float64Array(10))).every((g) => g.every(Number.isFinite))).toBe(true);
  });

  it("passes the neural process's own settings through (the output transform), keeping the checkpoint's name and padding", async () => {
    const context = space([continuous, continuous]);
    const { X, y } = observations('shipped/settings', 8);
    // Skewed values, so that a Yeo–Johnson fit is not the identity.
    const skewed = y.map((v) => v ** 3);
    const Xq = unitPoints('shipped/settings/queries', 6);
    const served = createShippedSurrogate('tnp-kr', context, {
      fallback: () => new GaussianProcess(context),
      weightsDir: dir,
      np: { outputTransform: 'yeo-johnson' },
    });
    await served.condition(X, skewed);
    const posterior = await served.posterior(Xq);

    const { model } = await loadModel(path.join(dir, 'tnp-kr-sa-bo.json'));
    const inputPadding = { minInputs: 1, value: 0 };
    const direct = createNpSurrogate(context, model, { inputPadding, outputTransform: 'yeo-johnson' });
    const standardized = createNpSurrogate(context, model, { inputPadding });
    await direct.condition(X, skewed);
    await standardized.condition(X, skewed);
    expect(served.name).toBe('tnp-kr');
    expect(Array.from(posterior.mean)).toEqual(Array.from((await direct.posterior(Xq)).mean));
    expect(Array.from(posterior.mean)).not.toEqual(Array.from((await standardized.posterior(Xq)).mean));
    direct.dispose();
    standardized.dispose();
    model.dispose();
  });

  it('falls back to the GP with a warning for a categorical parameter or too many parameters', () => {
    const warnings: string[] = [];
    const onWarning = (message: string) => warnings.push(message);
    const categorical = createSurrogate('tnp-kr', space([continuous, { kind: 'categorical', values: [0.25, 0.75] }]), { weightsDir: dir, onWarning });
    expect(categorical).toBeInstanceOf(GaussianProcess);
    expect(categorical.prefersTrustRegion).toBeFalsy();
    const wide = createSurrogate('tnp-kr-sa', space([continuous, continuous, continuous, continuous]), { weightsDir: dir, onWarning });
    expect(wide).toBeInstanceOf(GaussianProcess);
    expect(warnings).toEqual([
      'context.dims[1]: a categorical parameter (2 choices) cannot be served by model tnp-kr: it was not trained with one-hot categorical inputs ' +
        "(options.categorical 'one-hot'); using the GP surrogate instead",
      'model tnp-kr-sa takes 1 to 3 inputs, but the space (continuous, continuous, continuous, continuous) encodes to 4; using the GP surrogate instead',
    ]);
  });

  it('names a missing or corrupt weights file; a missing binary fails on first use, naming it', async () => {
    const context = space([continuous]);
    expect(() => createSurrogate('tnp-d', context, { weightsDir: dir })).toThrow(RegistryError);
    expect(() => createSurrogate('tnp-d', context, { weightsDir: dir })).toThrow(`surrogate: "tnp-d" cannot be used: weights file ${path.join(dir, 'tnp-d-bo.json')}: missing`);
    expect(() => createSurrogate('cnp', context, { weightsDir: dir })).toThrow(`weights file ${path.join(dir, 'cnp-bo.json')}: corrupt (not valid JSON)`);

    const broken = mkdtempSync(path.join(tmpdir(), 'tnpbo-weights-broken-'));
    const model = createModel({ name: 'np', preset: 'tiny', xDim: 1 }, 'broken');
    await saveModel(model, path.join(broken, 'np-bo.json'));
    model.dispose();
    rmSync(path.join(broken, 'np-bo.bin'));
    const surrogate = createSurrogate('np', context, { weightsDir: broken });
    await expect(surrogate.condition(unitPoints('shipped/1d', 4, 1), Float64Array.of(1, 2, 3, 4))).rejects.toThrow(/np-bo\.bin/);
    rmSync(broken, { recursive: true, force: true });
  });
});
