/**
 * Black-box objectives from anywhere: a benchmark problem, a math.js expression, a function exported by a
 * JavaScript/TypeScript module or an external command, and the one-line search-space syntax they share.
 */

export { commandObjective, type CommandOptions } from './command.js';
export { expressionObjective, type ExpressionObjective } from './expression.js';
export { lastNumber } from './last-number.js';
export { moduleObjective, parseModuleReference, type ModuleReference } from './module.js';
export { ObjectiveError } from './objective-error.js';
export { problemObjective } from './problem.js';
export { stopRunningPrograms } from './run-program.js';
export { formatSpace, parseSpace } from './space-syntax.js';
export { splitCommand } from './split-command.js';
