// Reading ahead on a worker: every text the workspace gets is the one readFileSync gives, whoever
// read it; what the worker cannot read is read (and fails) on the main thread as before.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Workspace } from '../workspace.js';
import { indexLocalFolder } from './local.js';
import { MIN_PREFETCH_FILES, PREFETCH_MAX_FILE_BYTES, prefetchTexts, TextPrefetch } from './prefetch.js';
import { removeTempDirs, tempDir, writeFiles } from './__tests__/git-repos.js';

afterAll(removeTempDirs);

/** A folder of `count` files of varied content: ASCII, non-Latin-1, empty, invalid UTF-8, large. */
function varied(count: number): string {
  const dir = tempDir();
  const files: Record<string, string> = {};
  for (let i = 0; i < count; i++) {
    const name = `src/m${String(i).padStart(4, '0')}.ts`;
    files[name] =
      i % 7 === 0 ? '' : i % 5 === 0 ? `export const greeting${i} = 'Grüße, 世界 🚀 ${i}';\n` : `export const value${i} = ${i};\n`.repeat(1 + (i % 40));
  }
  files['src/large.txt'] = 'x'.repeat(600 * 1024); // more than one batch on its own
  writeFiles(dir, files);
  writeFileSync(path.join(dir, 'src/invalid.bin'), Buffer.from([0x66, 0xff, 0xfe, 0xc3, 0x28, 0x00, 0x41]));
  // Text files whose bytes are not plain UTF-8 text: invalid sequences, a BOM (kept, as readFileSync
  // keeps it), a lone Latin-1 byte, a character cut at the end.
  writeFileSync(path.join(dir, 'src/invalid.ts'), Buffer.from([0x66, 0xff, 0xfe, 0xc3, 0x28, 0x00, 0x41]));
  writeFileSync(path.join(dir, 'src/bom.ts'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('export {};\n')]));
  writeFileSync(path.join(dir, 'src/latin1.ts'), Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]));
  writeFileSync(path.join(dir, 'src/cut.ts'), Buffer.from([0x78, 0x3d, 0x22, 0xc3]));
  return dir;
}

describe('TextPrefetch', () => {
  it('hands over exactly what readFileSync reads, for every file, in any order of asking', () => {
    const dir = varied(MIN_PREFETCH_FILES + 50);
    const index = indexLocalFolder(dir);
    const prefetch = prefetchTexts(index)!;
    expect(prefetch).toBeInstanceOf(TextPrefetch);
    const ws = new Workspace({ index, prefetch });
    try {
      // Backwards: the first files asked for are the worker's last, so some are read on this thread.
      for (const file of [...index.files].reverse()) {
        expect(ws.readText(file.path), file.path).toBe(readFileSync(path.join(dir, file.path), 'utf8'));
      }
    } finally {
      prefetch.close();
    }
  });

  it('gives a file over once; asked again it says "read it yourself" at once, without waiting', async () => {
    const dir = varied(10);
    const index = indexLocalFolder(dir);
    const prefetch = new TextPrefetch(
      index.files.map((f) => path.join(dir, f.path)),
      index.files.map((f) => f.size),
      new Map(index.files.map((f, i) => [f.path, i])),
    );
    try {
      await prefetch.stopped; // the worker has read every file
      const first = index.files[1]!.path;
      expect(prefetch.take(first)).toBe(readFileSync(path.join(dir, first), 'utf8'));
      const started = performance.now();
      expect(prefetch.take(first)).toBeUndefined();
      expect(prefetch.take('not/listed.ts')).toBeUndefined();
      expect(performance.now() - started).toBeLessThan(1_000); // far below the 5 s "worker stuck" wait
    } finally {
      prefetch.close();
    }
  });

  it('leaves a file the worker could not read to the main thread, which meets the same error', () => {
    const dir = varied(MIN_PREFETCH_FILES);
    const index = indexLocalFolder(dir);
    const gone = index.files[index.files.length - 1]!.path;
    rmSync(path.join(dir, gone)); // deleted between listing and reading
    const prefetch = prefetchTexts(index)!;
    const ws = new Workspace({ index, prefetch });
    try {
      expect(() => ws.readText(gone)).toThrow(/ENOENT/);
      expect(ws.readText(index.files[0]!.path)).toBe(readFileSync(path.join(dir, index.files[0]!.path), 'utf8'));
    } finally {
      prefetch.close();
    }
  });

  it('after close, every file is read on the main thread', () => {
    const dir = varied(MIN_PREFETCH_FILES);
    const index = indexLocalFolder(dir);
    const prefetch = prefetchTexts(index)!;
    prefetch.close();
    expect(prefetch.take(index.files[0]!.path)).toBeUndefined();
    const ws = new Workspace({ index, prefetch });
    expect(ws.readText(index.files[3]!.path)).toBe(readFileSync(path.join(dir, index.files[3]!.path), 'utf8'));
  });

  it('leaves binary files and files over 1 MiB to be read on demand (texts not taken are held)', async () => {
    const dir = varied(MIN_PREFETCH_FILES);
    writeFileSync(path.join(dir, 'assets-logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]));
    writeFileSync(path.join(dir, 'data.csv'), 'a,b\n'.repeat(PREFETCH_MAX_FILE_BYTES / 4 + 1));
    const index = indexLocalFolder(dir);
    const prefetch = prefetchTexts(index)!;
    try {
      await prefetch.stopped;
      expect(prefetch.take('assets-logo.png')).toBeUndefined();
      expect(prefetch.take('data.csv')).toBeUndefined();
      expect(prefetch.take('src/large.txt')).toBe('x'.repeat(600 * 1024));
    } finally {
      prefetch.close();
    }
  });

  it('is not started for small repositories, where a worker costs more than it saves', () => {
    const dir = tempDir();
    writeFiles(dir, { 'connect.yaml': 'deployAs: []\n', 'README.md': '# x\n' });
    expect(prefetchTexts(indexLocalFolder(dir))).toBeUndefined();
  });
});
