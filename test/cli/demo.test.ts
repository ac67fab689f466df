import { describe, expect, it } from 'vitest';
import { getProblem } from '../../src/problems/index.js';
import { tnpbo } from './tnpbo.js';

/** The figure after `label` on its own line of the demo's summary. */
function summaryNumber(stdout: string, label: string): number {
  const match = new RegExp(`^${label}\\s+(\\S+)`, 'm').exec(stdout);
  if (!match) throw new Error(`no "${label}" line in the demo's summary:\n${stdout}`);
  return Number(match[1]);
}

describe('tnpbo demo (npm start)', () => {
  it("minimises Branin with tnp-kr from the shipped weights and ends in one of the optimum's basins", () => {
    const r = tnpbo(['demo']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/minimising branin .* with tnp-kr \+ logei, 50 evaluations, seed 0/);
    expect(r.stderr).toMatch(/\[50\/50\]/);
    const branin = getProblem('branin');
    const best = summaryNumber(r.stdout, 'best value');
    expect(summaryNumber(r.stdout, 'regret')).toBeCloseTo(best - branin.optimalValue, 3);
    expect(best - branin.optimalValue).toBeLessThan(0.2);
    const point = /^best point\s+x1=(\S+), x2=(\S+)$/m.exec(r.stdout)!.slice(1).map(Number);
    const distance = Math.min(...branin.optimizers.map((x) => Math.hypot(x[0] - point[0], x[1] - point[1])));
    expect(distance).toBeLessThan(0.5);
  });
});
