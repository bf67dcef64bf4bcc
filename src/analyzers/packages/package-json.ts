// Per-application package.json, read once per run: the fields the checks use, typed leniently
// (a wrong type counts as absent), with the position of any key for findings.
import path from 'node:path';
import type { Workspace } from '../../engine/workspace.js';

export const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'] as const;
export type DependencyField = (typeof DEPENDENCY_FIELDS)[number];

export interface PackageJson {
  /** Repository-relative path of the package.json (after resolving directory symlinks). */
  file: string;
  /** Repository-relative folder holding it. */
  dir: string;
  present: boolean;
  /** Why the file could not be used: JSON syntax error or a non-object document. */
  error?: string;
  value: Record<string, unknown> | undefined;
  name?: string;
  main?: string;
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
  optionalDependencies: Record<string, string>;
  /** 1-based position of a key such as ['scripts', 'test'], or of its nearest existing ancestor. */
  positionOf(keyPath: readonly string[]): { line: number; column: number };
}

/** The package.json of an application folder (or any folder), parsed once per run. */
export function packageJsonOf(ws: Workspace, appDir: string): PackageJson {
  const dir = ws.resolveDir(appDir);
  return ws.memo(`package-json:${dir}`, () => {
    const file = dir === '' ? 'package.json' : `${dir}/package.json`;
    const text = ws.readText(file);
    if (text === undefined) return parsePackageJson('', file, dir, false);
    return parsePackageJson(text, file, dir, true);
  });
}

/** Parses package.json text; never throws. */
export function parsePackageJson(text: string, file: string, dir = path.posix.dirname(file), present = true): PackageJson {
  const base: PackageJson = {
    file,
    dir: dir === '.' ? '' : dir,
    present,
    value: undefined,
    scripts: {},
    dependencies: {},
    devDependencies: {},
    peerDependencies: {},
    optionalDependencies: {},
    positionOf: (keyPath) => keyPosition(text, keyPath),
  };
  if (!present) return base;
  let value: unknown;
  try {
    value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    return { ...base, error: `${file} is not valid JSON: ${(error as Error).message}` };
  }
  if (!isRecord(value)) return { ...base, error: `${file} must hold a JSON object` };
  const out: PackageJson = { ...base, value, scripts: stringMap(value.scripts) };
  if (typeof value.name === 'string') out.name = value.name;
  if (typeof value.main === 'string') out.main = value.main;
  for (const field of DEPENDENCY_FIELDS) out[field] = stringMap(value[field]);
  return out;
}

function stringMap(value: unknown): Record<string, string> {
  if (!isRecord(value)) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) if (typeof v === 'string') out[k] = v;
  return out;
}

/**
 * Best-effort position of a key path in JSON text: finds `"key":` for each segment in turn, each
 * after the previous one. Good enough for package.json, where keys are unique per object.
 */
function keyPosition(text: string, keyPath: readonly string[]): { line: number; column: number } {
  let offset = 0;
  let found = 0;
  for (const key of keyPath) {
    const pattern = new RegExp(`"${escapeRegExp(JSON.stringify(key).slice(1, -1))}"\\s*:`, 'g');
    pattern.lastIndex = offset;
    const match = pattern.exec(text);
    if (!match) break;
    offset = match.index;
    found = match.index;
  }
  const before = text.slice(0, found);
  const line = before.split('\n').length;
  const column = found - before.lastIndexOf('\n');
  return { line, column };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
