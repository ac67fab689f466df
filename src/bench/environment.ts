/** A one-line description of the machine a benchmark ran on, for the reports. */

import os from 'node:os';

/** CPU model, core count, memory and Node version, e.g. `2 × Intel Xeon ..., 24 GiB, Node v20.20.2`. */
export function describeMachine(): string {
  const cpus = os.cpus();
  const memory = Math.round(os.totalmem() / 2 ** 30);
  return `${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${memory} GiB, Node ${process.version}, ${os.platform()}-${os.arch()}`;
}
