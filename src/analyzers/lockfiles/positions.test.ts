import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseLockFile, type LockFileName, type RootManifest } from './graph.js';
import { packageEntryPosition } from './positions.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const read = (rel: string): string => readFileSync(path.join(FIXTURES, rel), 'utf8');

const FORMATS: [string, LockFileName][] = [
  ['npm-v1', 'package-lock.json'],
  ['npm-v2', 'package-lock.json'],
  ['npm-v3', 'package-lock.json'],
  ['npm-shrinkwrap', 'npm-shrinkwrap.json'],
  ['yarn-v1', 'yarn.lock'],
  ['yarn-berry', 'yarn.lock'],
  ['pnpm-v5', 'pnpm-lock.yaml'],
  ['pnpm-v6', 'pnpm-lock.yaml'],
  ['pnpm-v9', 'pnpm-lock.yaml'],
];

/**
 * The version the lock-file entry starting at `line` (1-based) is about: in its key (pnpm, Berry
 * descriptors), a `version` field of its own (Yarn 1, Berry, npm v1), or its npm location key.
 */
function entryAt(lines: readonly string[], line: number): { key: string; version?: string } {
  const key = lines[line - 1]!;
  const indent = /^\s*/.exec(key)![0].length;
  for (let i = line; i < lines.length; i++) {
    const l = lines[i]!;
    if (l.trim() === '') continue;
    const own = /^\s*/.exec(l)![0].length;
    if (own <= indent) break;
    const v = /^\s*"?version"?:?\s+["']?([^"',\s]+)/.exec(l);
    if (v) return { key, version: v[1]! };
  }
  return { key };
}

describe('packageEntryPosition', () => {
  it.each(FORMATS)('%s: every package points at the entry of its own version', (dir, lock) => {
    const text = read(`${dir}/${lock}`);
    const lines = text.split('\n');
    const graph = parseLockFile(lock, text, `${dir}/${lock}`, JSON.parse(read(`${dir}/package.json`)) as RootManifest);
    expect(graph.nodes.size).toBeGreaterThan(50);
    for (const node of graph.nodes.values()) {
      const position = packageEntryPosition(text, node);
      expect(position.line, node.id).toBeGreaterThan(0);
      const entry = entryAt(lines, position.line!);
      const keyNamesVersion = new RegExp(`${node.name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}(@(npm:)?|/)${node.version.replace(/\./g, '\\.')}(?![\\w.+-])`).test(entry.key);
      const keyIsLocation = node.locations.some((l) => entry.key.includes(JSON.stringify(l)));
      expect(keyNamesVersion || keyIsLocation || entry.version === node.version, `${dir} ${node.id} → line ${position.line}: ${entry.key.trim()} (${entry.version})`).toBe(true);
      expect(entry.key, node.id).toContain(node.name);
    }
  });

  it('picks the entry of the locked version when a name has several (Yarn 1 ranges, npm v1 nesting)', () => {
    const yarn = read('yarn-v1/yarn.lock');
    const yarnLine = (n: number) => yarn.split('\n')[n - 1];
    expect(yarnLine(packageEntryPosition(yarn, { name: 'ms', version: '2.1.3', locations: [] }).line!)).toBe('ms@2.1.3, ms@^2.1.3:');
    expect(yarnLine(packageEntryPosition(yarn, { name: 'ms', version: '2.0.0', locations: [] }).line!)).toBe('ms@2.0.0:');
    const v1 = read('npm-v1/package-lock.json');
    const at = packageEntryPosition(v1, { name: 'ms', version: '2.1.3', locations: [] });
    expect(entryAt(v1.split('\n'), at.line!).version).toBe('2.1.3');
    // A `requires` entry ("ms": "2.0.0") is not an entry.
    expect(v1.split('\n')[at.line! - 1]).toMatch(/"ms": \{/);
  });

  it('says nothing rather than guess for a name the lock file does not have', () => {
    expect(packageEntryPosition(read('pnpm-v9/pnpm-lock.yaml'), { name: 'not-there', version: '1.0.0', locations: [] })).toEqual({});
  });
});
