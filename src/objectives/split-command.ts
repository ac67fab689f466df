/**
 * Splits a command line into arguments the way a POSIX shell would for plain words and quotes, without
 * running a shell: no variables, globs, pipes or redirections.
 *
 * - blanks (space, tab, newline) separate arguments outside quotes;
 * - `'...'` keeps everything literally; `"..."` too, except that `\"`, `\\`, `\$` and `` \` `` drop the backslash;
 * - outside quotes a backslash keeps the next character literally;
 * - `''` and `""` give an empty argument.
 */

import { ObjectiveError } from './objective-error.js';

const BLANK = /\s/;
const ESCAPABLE_IN_DOUBLE_QUOTES = new Set(['"', '\\', '$', '`']);

/** The arguments of `line`; throws {@link ObjectiveError} (`command: ...`) for an unterminated quote or escape. */
export function splitCommand(line: string): string[] {
  const args: string[] = [];
  let current = '';
  let inWord = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (BLANK.test(c)) {
      if (inWord) args.push(current);
      current = '';
      inWord = false;
      continue;
    }
    inWord = true;
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new ObjectiveError('command', `unterminated ' quote in ${line}`);
      current += line.slice(i + 1, end);
      i = end;
    } else if (c === '"') {
      let j = i + 1;
      for (; j < line.length && line[j] !== '"'; j++) {
        if (line[j] === '\\' && ESCAPABLE_IN_DOUBLE_QUOTES.has(line[j + 1])) j++;
        current += line[j];
      }
      if (j >= line.length) throw new ObjectiveError('command', `unterminated " quote in ${line}`);
      i = j;
    } else if (c === '\\') {
      if (i + 1 >= line.length) throw new ObjectiveError('command', `trailing backslash in ${line}`);
      current += line[++i];
    } else current += c;
  }
  if (inWord) args.push(current);
  return args;
}
