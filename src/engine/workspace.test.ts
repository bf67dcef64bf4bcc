// The workspace's file access: the shortcuts it takes for paths from the index (no normalising,
// joining by concatenation, folder listings filtered once) must answer as the general path would.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { workspaceFromFiles } from './testing.js';

describe('Workspace', () => {
  const ws = workspaceFromFiles({
    'app/src/a.ts': 'export const a = 1;\n',
    'app/src/b.ts': 'export const b = 2;\n',
    'app/package.json': '{}\n',
    'other/c.ts': 'c\n',
    'alias': { symlink: 'app' },
    'linked.ts': { symlink: 'other/c.ts' },
  });

  it('lists a folder the same way each time, and through a folder symlink', () => {
    const first = ws.filesUnder('app').map((f) => f.path);
    expect(first).toEqual(['app/package.json', 'app/src/a.ts', 'app/src/b.ts']);
    expect(ws.filesUnder('alias').map((f) => f.path)).toEqual(first);
    expect(ws.filesUnder('./app/').map((f) => f.path)).toEqual(first);
  });

  it('hands out a copy of a folder listing: a caller changing it does not change the next one', () => {
    const listing = ws.filesUnder('app/src');
    listing.pop();
    listing.sort((a, b) => (a.path < b.path ? 1 : -1));
    expect(ws.filesUnder('app/src').map((f) => f.path)).toEqual(['app/src/a.ts', 'app/src/b.ts']);
  });

  it('reads a file under every spelling of its path', () => {
    for (const spelling of ['app/src/a.ts', './app/src/a.ts', 'app\\src\\a.ts', '././app/src/a.ts']) {
      expect(ws.readText(spelling)).toBe('export const a = 1;\n');
    }
    expect(ws.readText('app/src/missing.ts')).toBeUndefined();
  });

  it('gives indexed files the path path.join would, symlinked files their target', () => {
    expect(ws.absolute('app/src/a.ts')).toBe(path.join(ws.root, 'app/src/a.ts'));
    expect(ws.absolute('./app/src/a.ts')).toBe(path.join(ws.root, 'app/src/a.ts'));
    expect(ws.absolute('linked.ts')).toBe(path.join(ws.root, 'other/c.ts'));
    expect(readFileSync(ws.absolute('linked.ts'), 'utf8')).toBe('c\n');
    // Not indexed: normalised as a path, `..` and all.
    expect(ws.absolute('app/../other/x.ts')).toBe(path.join(ws.root, 'other/x.ts'));
  });
});
