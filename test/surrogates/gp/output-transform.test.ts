import { describe, it, expect } from 'vitest';
import { Rng } from '../../../src/core/rng.js';
import {
  fitOutputTransform,
  fitYeoJohnsonLambda,
  yeoJohnson,
  yeoJohnsonLogLikelihood,
  yeoJohnsonSlope,
} from '../../../surrogates/gp/output-transform.js';

/** The inverse of ψ(·, λ), written independently from its definition (for λ ∉ {0, 2}). */
function inverseYeoJohnson(t: number, lambda: number): number {
  return t >= 0 ? Math.pow(lambda * t + 1, 1 / lambda) - 1 : 1 - Math.pow(1 - (2 - lambda) * t, 1 / (2 - lambda));
}

describe('Yeo–Johnson', () => {
  it('has the known closed forms: identity at λ = 1, log1p at λ = 0, −log1p(−z) at λ = 2', () => {
    for (const z of [-3, -0.5, 0, 0.25, 4]) expect(yeoJohnson(z, 1)).toBeCloseTo(z, 14);
    expect(yeoJohnson(3, 0)).toBeCloseTo(Math.log(4), 14);
    expect(yeoJohnson(-3, 2)).toBeCloseTo(-Math.log(4), 14);
    expect(yeoJohnson(3, 0.5)).toBeCloseTo(2, 14); // ((1+3)^0.5 − 1)/0.5
    expect(yeoJohnson(-3, 0.5)).toBeCloseTo(-(8 - 1) / 1.5, 14); // −((1+3)^1.5 − 1)/1.5
  });

  it('round-trips through its inverse and is strictly increasing with the stated slope', () => {
    for (const lambda of [-1.5, 0.3, 1.7, 3]) {
      let previous = -Infinity;
      for (let z = -4; z <= 4; z += 0.25) {
        const t = yeoJohnson(z, lambda);
        expect(t).toBeGreaterThan(previous);
        previous = t;
        expect(inverseYeoJohnson(t, lambda)).toBeCloseTo(z, 10);
        const h = 1e-6;
        expect(yeoJohnsonSlope(z, lambda)).toBeCloseTo((yeoJohnson(z + h, lambda) - yeoJohnson(z - h, lambda)) / (2 * h), 6);
      }
    }
  });

  it('maximum likelihood recovers λ from transformed normal data', () => {
    const rng = new Rng('yj-mle');
    for (const lambda of [0.2, 1, 2.5]) {
      // ψ(x, λ) ~ N(0.5, 1) exactly when x = ψ⁻¹(N(0.5, 1), λ).
      const values = Float64Array.from({ length: 4000 }, () => inverseYeoJohnson(0.5 + rng.normal(), lambda));
      const fitted = fitYeoJohnsonLambda(values)!;
      expect(Math.abs(fitted - lambda)).toBeLessThan(0.1);
      for (const delta of [-0.05, 0.05]) {
        expect(yeoJohnsonLogLikelihood(values, fitted)).toBeGreaterThanOrEqual(yeoJohnsonLogLikelihood(values, fitted + delta));
      }
    }
  });

  it('has no finite likelihood for constant data', () => {
    expect(yeoJohnsonLogLikelihood(Float64Array.of(0, 0, 0), 1)).toBe(-Infinity);
    expect(fitYeoJohnsonLambda(Float64Array.of(2, 2, 2))).toBeUndefined();
  });
});

describe('fitOutputTransform', () => {
  const skewed = Float64Array.from({ length: 40 }, (_, i) => Math.exp(i / 4)); // 1 … 1.7e4, heavily right-skewed

  it('standardize: mean 0, std 1 and an exact affine inverse', () => {
    const y = Float64Array.of(3, 5, 10);
    const transform = fitOutputTransform(y, 'standardize');
    expect(transform.name).toBe('standardize');
    const t = Array.from(y, transform.forward);
    expect(t.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 14);
    expect(t.reduce((a, b) => a + b * b, 0) / 3).toBeCloseTo(1, 14);
    const { offset, scale } = transform.tangentAt(3);
    t.forEach((v, i) => expect(offset + scale * v).toBeCloseTo(y[i], 12));
  });

  it('yeo-johnson: compresses a skewed sample to near symmetry, standardised, increasing', () => {
    const transform = fitOutputTransform(skewed, 'yeo-johnson');
    expect(transform.name).toBe('yeo-johnson');
    expect(transform.lambda!).toBeLessThan(0.5);
    const t = Array.from(skewed, transform.forward);
    const n = t.length;
    const mean = t.reduce((a, b) => a + b, 0) / n;
    expect(mean).toBeCloseTo(0, 12);
    expect(t.reduce((a, b) => a + b * b, 0) / n).toBeCloseTo(1, 12);
    const skewness = (values: number[]) => {
      const m = values.reduce((a, b) => a + b, 0) / values.length;
      const s = Math.sqrt(values.reduce((a, b) => a + (b - m) ** 2, 0) / values.length);
      return values.reduce((a, b) => a + ((b - m) / s) ** 3, 0) / values.length;
    };
    expect(Math.abs(skewness(t))).toBeLessThan(0.5 * Math.abs(skewness(Array.from(skewed))));
    for (let i = 1; i < n; i++) expect(t[i]).toBeGreaterThan(t[i - 1]);
  });

  it('yeo-johnson: the tangent map is exact at its anchor and first-order around it', () => {
    const transform = fitOutputTransform(skewed, 'yeo-johnson');
    const anchor = skewed[0];
    const { offset, scale } = transform.tangentAt(anchor);
    expect(offset + scale * transform.forward(anchor)).toBeCloseTo(anchor, 10);
    const h = 1e-4;
    const slope = (transform.forward(anchor + h) - transform.forward(anchor - h)) / (2 * h);
    expect(scale * slope).toBeCloseTo(1, 6);
  });

  it('yeo-johnson: is unchanged by the units of y', () => {
    const a = fitOutputTransform(skewed, 'yeo-johnson');
    const b = fitOutputTransform(skewed.map((v) => 1e6 * v - 3), 'yeo-johnson');
    expect(b.lambda!).toBeCloseTo(a.lambda!, 6);
    skewed.forEach((v) => expect(b.forward(1e6 * v - 3)).toBeCloseTo(a.forward(v), 6));
  });

  it('yeo-johnson falls back to standardisation for constant, single or two-valued outputs', () => {
    for (const y of [Float64Array.of(4, 4, 4), Float64Array.of(7), Float64Array.of(1, 2, 1, 2)]) {
      const transform = fitOutputTransform(y, 'yeo-johnson');
      expect(transform.name).toBe('standardize');
      y.forEach((v) => expect(Number.isFinite(transform.forward(v))).toBe(true));
    }
  });

  it('yeo-johnson stays finite for huge and tiny outputs', () => {
    expect(fitOutputTransform(skewed.map((v) => 1e100 * v), 'yeo-johnson').name).toBe('yeo-johnson');
    // Values spread by less than 1e-12 standardise to (near) constants, as with plain standardisation.
    for (const factor of [1e100, 1e-100]) {
      const y = skewed.map((v) => factor * v);
      const transform = fitOutputTransform(y, 'yeo-johnson');
      y.forEach((v) => expect(Number.isFinite(transform.forward(v))).toBe(true));
      const { offset, scale } = transform.tangentAt(y[3]);
      expect(Number.isFinite(offset) && Number.isFinite(scale) && scale > 0).toBe(true);
    }
  });
});
