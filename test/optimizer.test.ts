/** The package's Optimizer: components by name, and its trust region shaped by a GP's lengthscales. */

import { describe, expect, it } from 'vitest';
import { float, Optimizer } from '../src/index.js';

const space = { x: float(0, 1), y: float(0, 1) };
/** Fast along x, nearly flat along y. */
const objective = (p: Record<string, unknown>): number => Math.sin(12 * (p.x as number)) + 0.01 * (p.y as number);

async function run(optimizer: Optimizer, steps: number): Promise<void> {
  for (let i = 0; i < steps; i++) for (const s of await optimizer.ask()) optimizer.tell(s.id, objective(s.params));
}

describe('Optimizer', () => {
  it('shapes its trust region by default, and not when told', () => {
    expect(new Optimizer({ space, surrogate: 'gp', trustRegion: true }).trustRegion?.shaped).toBe(true);
    expect(new Optimizer({ space, surrogate: 'gp', trustRegion: { shaped: false } }).trustRegion?.shaped).toBe(false);
    expect(new Optimizer({ space, surrogate: 'gp' }).trustRegion).toBeUndefined();
  });

  it('resumes a run in a shaped trust region exactly', async () => {
    const straight = new Optimizer({ space, surrogate: 'gp', trustRegion: true, seed: 3 });
    await run(straight, 14);
    const first = new Optimizer({ space, surrogate: 'gp', trustRegion: true, seed: 3 });
    await run(first, 9);
    const resumed = Optimizer.fromJSON(JSON.parse(JSON.stringify(first.toJSON())));
    await run(resumed, 5);
    expect(resumed.trials.map((t) => t.params)).toEqual(straight.trials.map((t) => t.params));
    expect(straight.trials.filter((t) => t.source === 'model').length).toBeGreaterThanOrEqual(8);
  });
});
