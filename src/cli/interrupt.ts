/**
 * Graceful interruption of the CLI. A command that can stop cleanly (the trainer saves its state and returns)
 * asks for a {@link gracefulStopSignal}; the first SIGINT or SIGTERM then aborts that signal instead of ending the
 * process, and a second one ends it at once. Without such a command every signal ends the process at once.
 */

const controllers = new Set<AbortController>();

/** A signal that the next SIGINT or SIGTERM aborts, and a function to release it when the command is done. */
export function gracefulStopSignal(): { signal: AbortSignal; release: () => void } {
  const controller = new AbortController();
  controllers.add(controller);
  return { signal: controller.signal, release: () => controllers.delete(controller) };
}

/**
 * Handles a received signal: aborts the pending graceful-stop signals and returns true, or returns false when
 * there are none (or they were aborted by an earlier signal), in which case the caller should exit.
 */
export function requestGracefulStop(): boolean {
  const pending = [...controllers].filter((c) => !c.signal.aborted);
  for (const controller of pending) controller.abort();
  return pending.length > 0;
}
