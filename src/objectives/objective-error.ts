/** The error raised when an objective cannot be set up (bad space text, expression, module or command). */

/**
 * An objective that cannot be built from what the user gave: the message starts with the field at fault
 * (`space:`, `expr:`, `module:`, `command:`) and says what is wrong in one line. Failures of single
 * evaluations are ordinary errors instead: the loop records them as failed trials.
 */
export class ObjectiveError extends Error {
  /** The error's class name. */
  override readonly name = 'ObjectiveError';

  /** An error about `field` (e.g. `expr`), with a one-line `problem`. */
  constructor(
    /** The field at fault: `space`, `expr`, `module` or `command`. */
    readonly field: 'space' | 'expr' | 'module' | 'command',
    /** What is wrong, without the field name. */
    readonly problem: string,
  ) {
    super(`${field}: ${problem}`);
  }
}
