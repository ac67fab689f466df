/**
 * The one-line search-space syntax of the command line, e.g. `x=-2:2,lr=1e-5:1e-1:log,n=int:1:8,act=cat:relu|tanh`.
 *
 * ```
 * space   := entry ( ',' entry )*
 * entry   := name '=' ( ['float:'] low ':' high | 'int:' low ':' high ) ( ':log' | ':step=' number )*
 *          | name '=' 'cat:' choice ( '|' choice )*
 * ```
 *
 * Names are identifiers (`[A-Za-z_][A-Za-z0-9_]*`), so they can be used as `--expr` variables and `{name}`
 * placeholders. Categorical choices are strings, or numbers when every choice of the parameter is a number.
 */

import { categorical, float, int, SearchSpace, SearchSpaceError, type NumericOptions, type ParamSpec, type SpaceSpec } from '../core/space.js';
import { ObjectiveError } from './objective-error.js';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const FORMS = 'expected name=low:high[:log], name=int:low:high[:log] or name=cat:a|b|c';

function fail(problem: string): never {
  throw new ObjectiveError('space', problem);
}

function parseNumber(entry: string, what: string, text: string): number {
  const value = text.trim() === '' ? NaN : Number(text);
  if (!Number.isFinite(value)) fail(`"${entry}": ${what} "${text}" is not a number`);
  return value;
}

function parseNumeric(entry: string, type: 'float' | 'int', fields: string[]): ParamSpec {
  if (fields.length < 2) fail(`"${entry}": ${FORMS}`);
  const [low, high] = [parseNumber(entry, 'low', fields[0]), parseNumber(entry, 'high', fields[1])];
  const options: { log?: boolean; step?: number } = {};
  for (const option of fields.slice(2)) {
    if (option === 'log') options.log = true;
    else if (option.startsWith('step=')) options.step = parseNumber(entry, 'step', option.slice('step='.length));
    else fail(`"${entry}": unknown option "${option}" (expected log or step=S)`);
  }
  return (type === 'int' ? int : float)(low, high, options as NumericOptions);
}

function parseChoices(entry: string, text: string): ParamSpec {
  const choices = text.split('|').map((c) => c.trim());
  if (choices.some((c) => c === '')) fail(`"${entry}": empty categorical choice`);
  const numbers = choices.map((c) => Number(c));
  return numbers.every((v) => Number.isFinite(v)) ? categorical(numbers) : categorical(choices);
}

function parseEntry(entry: string): [string, ParamSpec] {
  const equals = entry.indexOf('=');
  if (equals < 0) fail(`"${entry}": missing "=" (${FORMS})`);
  const name = entry.slice(0, equals).trim();
  const body = entry.slice(equals + 1).trim();
  if (!NAME.test(name)) fail(`"${entry}": parameter name "${name}" must be an identifier (letters, digits, _)`);
  if (body.startsWith('cat:')) return [name, parseChoices(entry, body.slice('cat:'.length))];
  const fields = body.split(':').map((f) => f.trim());
  if (fields[0] === 'int' || fields[0] === 'float') return [name, parseNumeric(entry, fields[0], fields.slice(1))];
  return [name, parseNumeric(entry, 'float', fields)];
}

/**
 * Parses the space syntax into a validated {@link SpaceSpec}; throws {@link ObjectiveError} (`space: ...`)
 * naming the entry at fault.
 */
export function parseSpace(text: string): SpaceSpec {
  if (typeof text !== 'string' || text.trim() === '') fail('empty; e.g. "x=-2:2,n=int:1:8,act=cat:relu|tanh"');
  const spec: Record<string, ParamSpec> = {};
  for (const entry of text.split(',').map((e) => e.trim())) {
    if (entry === '') fail(`empty entry in "${text}"`);
    const [name, param] = parseEntry(entry);
    if (Object.hasOwn(spec, name)) fail(`parameter "${name}" is declared twice`);
    spec[name] = param;
  }
  try {
    new SearchSpace(spec);
  } catch (error) {
    if (error instanceof SearchSpaceError) fail(error.message);
    throw error;
  }
  return spec;
}

function formatParam(param: ParamSpec): string {
  if (param.type === 'categorical') return `cat:${param.choices.join('|')}`;
  const options = `${param.log ? ':log' : ''}${param.step !== undefined ? `:step=${param.step}` : ''}`;
  return `${param.type === 'int' ? 'int:' : ''}${param.low}:${param.high}${options}`;
}

/** Writes a space in the syntax {@link parseSpace} reads (the inverse of parsing, up to spacing). */
export function formatSpace(spec: SpaceSpec): string {
  return Object.entries(spec)
    .map(([name, param]) => `${name}=${formatParam(param)}`)
    .join(',');
}
