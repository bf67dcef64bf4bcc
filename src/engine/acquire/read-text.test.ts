// Reading with the listed size gives what readFileSync gives, and falls back to it whenever the
// file is not the size the listing saw.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readListedText } from './read-text.js';
import { removeTempDirs, tempDir } from './__tests__/git-repos.js';

afterAll(removeTempDirs);

describe('readListedText', () => {
  const dir = tempDir();
  const file = (name: string, bytes: Buffer | string): string => {
    const p = path.join(dir, name);
    writeFileSync(p, bytes);
    return p;
  };

  it('gives the text readFileSync gives, for ASCII, other UTF-8, invalid UTF-8, a BOM and an empty file', () => {
    const samples = [
      file('a.ts', 'export const a = 1;\n'),
      file('b.ts', 'const s = "Grüße, 世界 🚀";\n'),
      file('c.ts', Buffer.from([0x66, 0xff, 0xfe, 0xc3, 0x28, 0x00, 0x41])),
      file('d.ts', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('export {};\n')])),
      file('e.ts', Buffer.from([0x78, 0x3d, 0x22, 0xc3])),
      file('f.ts', ''),
      file('g.txt', 'y'.repeat(200 * 1024)), // larger than the first buffer
    ];
    for (const p of samples) {
      const expected = readFileSync(p, 'utf8');
      expect(readListedText(p, Buffer.byteLength(readFileSync(p))), p).toBe(expected);
    }
  });

  it('reads the whole file when it grew or shrank since it was listed', () => {
    const p = file('changed.ts', 'export const changed = true;\n');
    const size = readFileSync(p).length;
    expect(readListedText(p, size - 5)).toBe('export const changed = true;\n'); // grew since
    expect(readListedText(p, size + 5)).toBe('export const changed = true;\n'); // shrank since
  });

  it('meets the errors readFileSync meets', () => {
    expect(() => readListedText(path.join(dir, 'missing.ts'), 10)).toThrow(/ENOENT/);
    expect(() => readListedText(dir, 10)).toThrow(/EISDIR/);
  });
});
