import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { moduleObjective, parseModuleReference } from '../../src/objectives/module.js';

const dir = mkdtempSync(path.join(tmpdir(), 'tnpbo-module-'));
writeFileSync(path.join(dir, 'f.mjs'), 'export default ({ x }) => (x - 1) ** 2;\nexport const g = async ({ x, y }) => x * y;\nexport const notAFunction = 3;\n');
writeFileSync(path.join(dir, 'plain.cjs'), 'module.exports = { h: ({ x }) => -x };\n');
writeFileSync(path.join(dir, 'broken.mjs'), 'export default (;\n');

describe('parseModuleReference', () => {
  it('splits FILE#export and defaults to the default export', () => {
    expect(parseModuleReference('./f.mjs')).toEqual({ file: './f.mjs', exportName: 'default' });
    expect(parseModuleReference('./a#b.mjs#g')).toEqual({ file: './a#b.mjs', exportName: 'g' });
    expect(() => parseModuleReference('./f.mjs#')).toThrow('module: "./f.mjs#": no export name after "#"');
    expect(() => parseModuleReference('#g')).toThrow('module: "#g": expected FILE or FILE#export');
  });
});

describe('moduleObjective', () => {
  it('loads default and named exports (ESM and CommonJS) relative to cwd', async () => {
    expect(await (await moduleObjective('./f.mjs', dir))({ x: 4 })).toBe(9);
    expect(await (await moduleObjective('f.mjs#g', dir))({ x: 2, y: 3 })).toBe(6);
    expect(await (await moduleObjective(path.join(dir, 'plain.cjs#h')))({ x: 2 })).toBe(-2);
  });

  it('rejects a missing file, a module that fails to load, a missing export and a non-function', async () => {
    await expect(moduleObjective('./nope.mjs', dir)).rejects.toThrow('module: cannot find the file ./nope.mjs');
    await expect(moduleObjective('./broken.mjs', dir)).rejects.toThrow(/^module: cannot load \.\/broken\.mjs: /);
    await expect(moduleObjective('./f.mjs#h', dir)).rejects.toThrow('module: ./f.mjs has no export "h"; its exports are default, g, notAFunction');
    await expect(moduleObjective('./plain.cjs', dir)).rejects.toThrow('module: export "default" of ./plain.cjs is not a function (got object)');
    await expect(moduleObjective('./f.mjs#notAFunction', dir)).rejects.toThrow('module: export "notAFunction" of ./f.mjs is not a function (got number)');
  });
});
