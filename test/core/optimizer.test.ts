import { describe, expect, it } from 'vitest';
import { createMaximizer } from '../../acquisition/maximize.js';
import { ThompsonSampling } from '../../acquisition/ts.js';
import { AskTellLoop, OptimizerError, type OptimizerConfig } from '../../src/core/optimizer.js';
import { float, categorical, int, SearchSpace, containsPoint } from '../../src/core/space.js';
import type { Point } from '../../src/core/types.js';
import { RandomSearch } from '../../surrogates/random.js';
import { loopConfig, runLoop } from '../helpers/quadratic-loop.js';
import { QuadraticSurrogate } from '../helpers/quadratic-surrogate.js';

/** Records what the loop shows the surrogate. */
class RecordingSurrogate extends QuadraticSurrogate {
  seen: Float64Array[] = [];
  override async condition(_X: readonly Point[] = [], y: Float64Array = new Float64Array()): Promise<void> {
    this.seen.push(Float64Array.from(y));
    await super.condition();
  }
}

const config = loopConfig;

describe('AskTellLoop configuration', () => {
  it('rejects bad settings, naming the field', () => {
    expect(() => new AskTellLoop(config({ budget: 0 }))).toThrow(/budget: must be an integer >= 1/);
    expect(() => new AskTellLoop(config({ initialDesign: 1.5 }))).toThrow(/initialDesign/);
    expect(() => new AskTellLoop(config({ maximize: undefined }))).toThrow(/maximize: required/);
    expect(() => new AskTellLoop(config({ surrogate: {} as never }))).toThrow(/surrogate: not a Surrogate/);
    expect(() => new AskTellLoop(config({ space: {} }))).toThrow(/space/);
    expect(() => new AskTellLoop(config({ resume: { version: 2 } as never }))).toThrow(/resume: not a tnpbo optimizer state/);
    expect(() => new AskTellLoop(config({ incumbent: 'best' as never }))).toThrow(/incumbent: must be one of best-observed, best-mean \(got "best"\)/);
  });

  it('sizes the initial design max(5, 2d), capped at half the budget', () => {
    expect(new AskTellLoop(config()).initialDesign).toBe(6);
    expect(new AskTellLoop(config({ budget: 8 })).initialDesign).toBe(4);
    expect(new AskTellLoop(config({ space: { x: float(0, 1) } })).initialDesign).toBe(5);
  });
});

describe('AskTellLoop ask/tell', () => {
  it('starts with distinct valid design points, then asks the model', async () => {
    const loop = new AskTellLoop(config());
    const first = await loop.ask(6);
    expect(first.map((s) => loop.trials[s.id].source)).toEqual(Array(6).fill('design'));
    const encoded = first.map((s) => loop.space.encode(s.params));
    encoded.forEach((p, i) => expect(containsPoint(encoded.slice(0, i), p)).toBe(false));
    first.forEach((s, i) => loop.tell(s.id, i));
    const [next] = await loop.ask();
    expect(loop.trials[next.id].source).toBe('model');
    expect(() => loop.space.encode(next.params)).not.toThrow();
  });

  it('records failures and never shows them to the surrogate', async () => {
    const surrogate = new RecordingSurrogate([0.3, 0.6, 0.5]);
    const loop = new AskTellLoop(config({ surrogate }));
    const design = await loop.ask(6);
    loop.tell(design[0].id, 1);
    loop.tell(design[1].id, Number.NaN);
    loop.tell(design[2].id, new Error('worker crashed'));
    loop.tell(design[3].id, { error: 'timeout after 5 s' });
    loop.tell(design[4].id, Infinity);
    loop.tell(design[5].id, 2);
    await loop.ask();
    expect(surrogate.seen.at(-1)).toEqual(Float64Array.of(1, 2));
    const trials = loop.trials;
    expect(trials.map((t) => t.status)).toEqual(['complete', 'failed', 'failed', 'failed', 'failed', 'complete', 'pending']);
    expect(trials.map((t) => t.error)).toEqual([undefined, 'objective returned NaN', 'worker crashed', 'timeout after 5 s', 'objective returned Infinity', undefined, undefined]);
    expect(loop.best?.value).toBe(1);
  });

  it('rejects unknown and repeated ids', async () => {
    const loop = new AskTellLoop(config());
    const [s] = await loop.ask();
    expect(() => loop.tell(99, 1)).toThrow(/id: no trial 99/);
    loop.tell(s.id, 1);
    expect(() => loop.tell(s.id, 1)).toThrow(/id: trial 0 was already told/);
    await expect(loop.ask(0)).rejects.toThrow(OptimizerError);
  });

  it('fantasises pending points so parallel workers never get the same point', async () => {
    const surrogate = new QuadraticSurrogate([0.3, 0.6, 0.5]);
    const loop = new AskTellLoop(config({ surrogate }));
    for (const s of await loop.ask(6)) loop.tell(s.id, s.id);
    const pendingA = await loop.ask(2);
    const pendingB = await loop.ask(2);
    expect(surrogate.appended.map((p) => [...p])).toEqual([...pendingA.map((s) => [...loop.space.encode(s.params)]), [...loop.space.encode(pendingB[0].params)]]);
    const points = [...pendingA, ...pendingB].map((s) => loop.space.encode(s.params));
    points.forEach((p, i) => expect(containsPoint(points.slice(0, i), p)).toBe(false));
  });

  it('accepts warm-start evaluations as part of the design', async () => {
    const loop = new AskTellLoop(config());
    for (let i = 0; i < 6; i++) loop.add({ x: i / 3 - 1, y: 0.5, n: 2 }, i);
    const [s] = await loop.ask();
    expect(loop.trials[s.id].source).toBe('model');
    expect(loop.trials.slice(0, 6).every((t) => t.source === 'user' && t.status === 'complete')).toBe(true);
    expect(() => loop.add({ x: 5, y: 0.5, n: 2 }, 1)).toThrow(/parameter "x": 5 is outside/);
  });

  it('keeps drawing design points for a model-free surrogate', async () => {
    const loop = new AskTellLoop(config({ surrogate: new RandomSearch() }));
    for (let i = 0; i < 12; i++) for (const s of await loop.ask()) loop.tell(s.id, i);
    expect(loop.trials.every((t) => t.source === 'design')).toBe(true);
  });

  it('falls back to design points with a warning when the model fails', async () => {
    const warnings: string[] = [];
    const broken = new QuadraticSurrogate([0.5, 0.5, 0.5]);
    broken.condition = async () => {
      throw new Error('factorisation failed');
    };
    const loop = new AskTellLoop(config({ surrogate: broken, onWarning: (m) => warnings.push(m) }));
    for (let i = 0; i < 8; i++) for (const s of await loop.ask()) loop.tell(s.id, i);
    expect(loop.trials.slice(6).map((t) => t.source)).toEqual(['fallback', 'fallback']);
    expect(warnings[0]).toMatch(/factorisation failed/);
  });

  it('supports sampling acquisitions with batches', async () => {
    const loop = new AskTellLoop(config({ acquisition: new ThompsonSampling(), maximize: undefined }));
    for (const s of await loop.ask(6)) loop.tell(s.id, s.id);
    const batch = await loop.ask(3);
    expect(batch.map((s) => loop.trials[s.id].source)).toEqual(['model', 'model', 'model']);
  });
});

describe('AskTellLoop incumbent rule', () => {
  /** The incumbent the loop hands the maximiser on its first model suggestion, after six design points. */
  async function firstIncumbent(rule: OptimizerConfig['incumbent'], surrogate: QuadraticSurrogate): Promise<{ incumbent: number; loop: AskTellLoop }> {
    const seen: number[] = [];
    const inner = createMaximizer({ rawSamples: 64, starts: 2, maxIterations: 5 });
    const loop = new AskTellLoop(config({ surrogate, incumbent: rule, maximize: (acquisition, context) => (seen.push(context.incumbent), inner(acquisition, context)) }));
    const design = await loop.ask(6);
    design.forEach((s, i) => loop.tell(s.id, 10 + i));
    await loop.ask();
    return { incumbent: seen[0], loop };
  }

  it('improves on the best observed value by default', async () => {
    const { incumbent } = await firstIncumbent(undefined, new QuadraticSurrogate([0.3, 0.6, 0.5]));
    expect(incumbent).toBe(10);
  });

  it('improves on the smallest posterior mean at the observed points with best-mean', async () => {
    const surrogate = new QuadraticSurrogate([0.3, 0.6, 0.5]);
    const { incumbent, loop } = await firstIncumbent('best-mean', surrogate);
    const observedMeans = loop.trials.filter((t) => t.status === 'complete').map((t) => surrogate.mean(loop.space.encode(t.params)));
    expect(incumbent).toBeCloseTo(Math.min(...observedMeans), 12);
    expect(incumbent).not.toBe(10);
    expect(loop.toJSON().incumbent).toBe('best-mean');
  });
});

describe('AskTellLoop resume', () => {
  it('continues exactly where a saved run stopped', async () => {
    const straight = new AskTellLoop(config());
    await runLoop(straight, 10);
    const first = new AskTellLoop(config());
    await runLoop(first, 7);
    const state = JSON.parse(JSON.stringify(first.toJSON()));
    const resumed = new AskTellLoop({ ...config({ space: undefined, seed: 999 }), resume: state });
    await runLoop(resumed, 3);
    expect(resumed.trials.map((t) => t.params)).toEqual(straight.trials.map((t) => t.params));
    expect(state.surrogate).toBe('quadratic');
    expect(state.acquisition).toBe('logei');
    expect(state.incumbent).toBe('best-observed');
  });

  it('keeps the saved incumbent rule unless the config names one', () => {
    const state = JSON.parse(JSON.stringify(new AskTellLoop(config({ incumbent: 'best-mean' })).toJSON()));
    expect(new AskTellLoop({ ...config({ space: undefined }), resume: state }).toJSON().incumbent).toBe('best-mean');
    expect(new AskTellLoop({ ...config({ space: undefined, incumbent: 'best-observed' }), resume: state }).toJSON().incumbent).toBe('best-observed');
    const { incumbent: _dropped, ...older } = state;
    expect(new AskTellLoop({ ...config({ space: undefined }), resume: older }).toJSON().incumbent).toBe('best-observed');
  });

  it('space of mixed types round-trips through JSON', () => {
    const loop = new AskTellLoop(config({ space: { c: categorical(['a', 'b']), n: int(1, 9, { log: true }) } }));
    const state = JSON.parse(JSON.stringify(loop.toJSON()));
    expect(new SearchSpace(state.space).dims).toEqual(loop.space.dims);
  });
});
