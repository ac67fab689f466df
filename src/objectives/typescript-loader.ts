/**
 * Node module hooks (registered with `module.register`) that let `--module` load TypeScript files on Node
 * versions without built-in type stripping: `.ts` and `.mts` files are transpiled to JavaScript with the
 * `typescript` package (types removed, nothing checked), and a relative `./x.js` import from a TypeScript file
 * falls back to `./x.ts` when only the TypeScript source exists.
 */

import { readFile } from 'node:fs/promises';

type Resolve = (specifier: string, context: unknown) => Promise<{ url: string }>;
type Load = (url: string, context: unknown) => Promise<{ format?: string | null; source?: unknown }>;

const TYPESCRIPT_FILE = /\.m?ts$/;

/** Resolves like Node, with `./x.js` -> `./x.ts` for imports from TypeScript files that name the output file. */
export async function resolve(specifier: string, context: { parentURL?: string }, nextResolve: Resolve): Promise<{ url: string }> {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    const fromTypeScript = context.parentURL !== undefined && TYPESCRIPT_FILE.test(new URL(context.parentURL).pathname);
    if (!fromTypeScript || !specifier.startsWith('.') || !/\.m?js$/.test(specifier)) throw error;
    return nextResolve(specifier.replace(/js$/, 'ts'), context);
  }
}

/** Loads `.ts` / `.mts` files as ES modules transpiled by the `typescript` package; anything else as Node does. */
export async function load(url: string, context: unknown, nextLoad: Load): Promise<{ format?: string | null; source?: unknown; shortCircuit?: boolean }> {
  if (!url.startsWith('file:') || !TYPESCRIPT_FILE.test(new URL(url).pathname)) return nextLoad(url, context);
  let ts: typeof import('typescript');
  try {
    ts = (await import('typescript')).default;
  } catch {
    throw new Error('loading a TypeScript module needs Node >= 22.6 with type stripping or the "typescript" package installed');
  }
  const text = await readFile(new URL(url), 'utf8');
  const output = ts.transpileModule(text, {
    fileName: new URL(url).pathname,
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, inlineSourceMap: true },
  });
  return { format: 'module', source: output.outputText, shortCircuit: true };
}
