/** Simple regret: how far the best value found so far is from a problem's known optimum. */

import type { Trial } from '../core/optimizer.js';

/** Best-so-far minus the known optimum, one entry per trial (failed trials repeat the previous entry). */
export function regretCurve(trials: readonly Trial[], optimalValue: number): number[] {
  let best = Infinity;
  return trials.map((t) => {
    if (t.status === 'complete' && t.value! < best) best = t.value!;
    return best - optimalValue;
  });
}
