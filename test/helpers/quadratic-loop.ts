/**
 * A small ask/tell loop for tests: a mixed space of three parameters, the {@link QuadraticSurrogate}, log-EI with a
 * cheap maximiser, and an objective to run it on.
 */

import { LogExpectedImprovement } from '../../acquisition/logei.js';
import { createMaximizer } from '../../acquisition/maximize.js';
import type { AskTellLoop, OptimizerConfig } from '../../src/core/optimizer.js';
import { float, int } from '../../src/core/space.js';
import { QuadraticSurrogate } from './quadratic-surrogate.js';

/** The space of {@link loopConfig}: two floats and an integer. */
export const loopSpace = { x: float(-2, 2), y: float(0, 1), n: int(1, 3) };

/** A loop configuration on {@link loopSpace} with seed 1, with `overrides` applied. */
export const loopConfig = (overrides: Partial<OptimizerConfig> = {}): OptimizerConfig => ({
  space: loopSpace,
  surrogate: new QuadraticSurrogate([0.3, 0.6, 0.5]),
  acquisition: new LogExpectedImprovement(),
  maximize: createMaximizer({ rawSamples: 256, starts: 3, maxIterations: 30 }),
  seed: 1,
  ...overrides,
});

/** Asks and tells `steps` times, evaluating a smooth function of the three parameters. */
export async function runLoop(loop: AskTellLoop, steps: number): Promise<void> {
  const f = (p: Record<string, unknown>): number => ((p.x as number) - 0.5) ** 2 + (p.y as number) + (p.n as number);
  for (let i = 0; i < steps; i++) for (const s of await loop.ask()) loop.tell(s.id, f(s.params));
}
