// Lock files: which ones exist, which package manager the buildpack derives from them, and whether
// a lock file still matches package.json closely enough for the frozen install the buildpack runs
// (`npm ci`, `yarn install --frozen-lockfile` / `--immutable`, `pnpm install` with CI=true,
// `bun install --frozen-lockfile`). Only the application's own (direct) dependencies are compared.
//
// What "in sync" means differs per manager, and the rules below follow each one's behaviour:
// - npm ci: every dependency in package.json must resolve to a locked package whose version
//   satisfies the range (arborist's validateLockfile); stale extra entries do not fail it.
// - Yarn 1 --frozen-lockfile: every `name@range` pattern of package.json must be a key of
//   yarn.lock (extra entries are tolerated, yarnpkg/yarn#5840).
// - Yarn 2+ --immutable: every descriptor (`name@npm:range`, …) must be a key of yarn.lock.
// - pnpm / bun frozen installs: the lock's importer specifiers must equal package.json exactly,
//   in the same dependency field, with nothing extra.
import semver from 'semver';
import { isMap, LineCounter, parseDocument } from 'yaml';
import { isRecord } from './files.js';
import { locateJsonError } from './json-source.js';
import { DEPENDENCY_FIELDS, declaredDependencies, type DependencyField, type PackageManifest } from './package-json.js';

export type PackageManagerName = 'npm' | 'yarn' | 'pnpm' | 'bun';

export interface LockFileKind {
  file: string;
  manager: PackageManagerName;
}

/** In the buildpack's detection order: the yarn group opts in first, then pnpm, bun, npm. */
export const LOCK_FILES: readonly LockFileKind[] = [
  { file: 'yarn.lock', manager: 'yarn' },
  { file: 'pnpm-lock.yaml', manager: 'pnpm' },
  { file: 'bun.lockb', manager: 'bun' },
  { file: 'bun.lock', manager: 'bun' },
  // npm prefers npm-shrinkwrap.json over package-lock.json.
  { file: 'npm-shrinkwrap.json', manager: 'npm' },
  { file: 'package-lock.json', manager: 'npm' },
];

/** Alias expansion limit for pnpm-lock.yaml (the `yaml` package's guard against alias bombs). */
export const MAX_LOCK_ALIAS_COUNT = 100;

export type LockProblemKind = 'missing' | 'unsatisfied' | 'specifier-differs' | 'field-differs' | 'extra';

export interface LockDependencyProblem {
  name: string;
  kind: LockProblemKind;
  /** Field of package.json (for `extra`: the lock's field). */
  field: DependencyField;
  /** Range in package.json (absent for `extra`). */
  wanted?: string;
  /** What the lock file holds: a version, a specifier, or other keys for the name. */
  locked?: string;
  message: string;
}

export interface LockSync {
  lockFile: string;
  /** e.g. "package-lock.json v3", "yarn.lock v1", "yarn.lock (Yarn 2+)", "pnpm-lock.yaml 9.0". */
  format: string;
  parseError?: { message: string; line?: number; column?: number };
  /** Why no comparison was made (binary lock, unreadable). */
  notVerified?: string;
  problems: LockDependencyProblem[];
  /** Number of package.json dependencies compared. */
  checked: number;
}

export interface LockInput {
  /** Repository path of the lock file. */
  path: string;
  manager: PackageManagerName;
  text: string;
  /**
   * The application folder relative to the lock file's folder: '' when the lock sits in the
   * application folder, e.g. 'processor' for a lock at a workspace root.
   */
  importer: string;
}

export function checkLockSync(lock: LockInput, manifest: PackageManifest): LockSync {
  const name = lock.path.slice(lock.path.lastIndexOf('/') + 1);
  switch (name) {
    case 'package-lock.json':
    case 'npm-shrinkwrap.json':
      return npmLockSync(lock, manifest);
    case 'yarn.lock':
      return yarnLockSync(lock, manifest);
    case 'pnpm-lock.yaml':
      return pnpmLockSync(lock, manifest);
    case 'bun.lock':
      return bunLockSync(lock, manifest);
    default:
      return { lockFile: lock.path, format: name, notVerified: `${name} is a binary lock file; its contents are not compared`, problems: [], checked: 0 };
  }
}

// ---------------------------------------------------------------------------------------------
// npm

interface NpmLockedPackage {
  version?: string;
  link?: boolean;
  resolved?: string;
}

function npmLockSync(lock: LockInput, manifest: PackageManifest): LockSync {
  const file = lock.path.slice(lock.path.lastIndexOf('/') + 1);
  let data: unknown;
  try {
    data = JSON.parse(lock.text);
  } catch (error) {
    const located = locateJsonError(lock.text);
    return {
      lockFile: lock.path,
      format: file,
      parseError: located ?? { message: (error as Error).message },
      problems: [],
      checked: 0,
    };
  }
  if (!isRecord(data)) return { lockFile: lock.path, format: file, parseError: { message: 'the file is not a JSON object' }, problems: [], checked: 0 };
  const version = typeof data.lockfileVersion === 'number' ? data.lockfileVersion : undefined;
  const format = `${file} v${version ?? '?'}`;
  const packages = isRecord(data.packages) ? data.packages : undefined;
  const legacy = isRecord(data.dependencies) ? data.dependencies : undefined;
  if (!packages && !legacy) {
    // An empty lock of a package without dependencies is fine; with dependencies nothing is locked.
    const declared = declaredDependencies(manifest);
    return {
      lockFile: lock.path,
      format,
      problems: declared.map((d) => ({
        name: d.name,
        kind: 'missing' as const,
        field: d.field,
        wanted: d.range,
        message: `${d.name} (${d.field}: "${d.range}") is not in ${file}, which locks no packages at all`,
      })),
      checked: declared.length,
    };
  }

  const lookup = (name: string): NpmLockedPackage | undefined => {
    if (packages) {
      const keys = lock.importer ? [`${lock.importer}/node_modules/${name}`, `node_modules/${name}`] : [`node_modules/${name}`];
      for (const key of keys) {
        const entry = packages[key];
        if (isRecord(entry)) return entry as NpmLockedPackage;
      }
      return undefined;
    }
    const entry = legacy?.[name];
    return isRecord(entry) ? (entry as NpmLockedPackage) : undefined;
  };

  const problems: LockDependencyProblem[] = [];
  const declared = declaredDependencies(manifest);
  for (const dep of declared) {
    const locked = lookup(dep.name);
    if (!locked) {
      if (dep.field === 'optionalDependencies') continue; // an optional package that failed to install is not locked
      problems.push({
        name: dep.name,
        kind: 'missing',
        field: dep.field,
        wanted: dep.range,
        message: `${dep.name} (${dep.field}: "${dep.range}") is not in ${file}`,
      });
      continue;
    }
    const verdict = npmSpecSatisfied(dep.range, locked);
    if (!verdict.ok) {
      problems.push({
        name: dep.name,
        kind: 'unsatisfied',
        field: dep.field,
        wanted: dep.range,
        locked: locked.version,
        message: `${dep.name} is locked at ${locked.version ?? '(no version)'} in ${file}, which does not satisfy "${dep.range}" (${dep.field})`,
      });
    }
  }
  return { lockFile: lock.path, format, problems, checked: declared.length };
}

/** Mirrors arborist's dependency validity for the spec types a package.json normally holds. */
function npmSpecSatisfied(spec: string, locked: NpmLockedPackage): { ok: boolean } {
  let range = spec.trim();
  if (range.startsWith('npm:')) {
    const aliased = range.slice('npm:'.length);
    const at = aliased.lastIndexOf('@');
    range = at > 0 ? aliased.slice(at + 1) : '*';
  }
  if (/^(file|link):/.test(range)) return { ok: true }; // a local folder: present is all npm checks
  if (range === '' || range === '*' || range === 'latest') return { ok: true };
  if (semver.validRange(range, { loose: true }) === null) return { ok: true }; // git, URL, tag: taken on faith
  if (locked.version === undefined) return { ok: true };
  if (/^(file|link):/.test(locked.version)) return { ok: true };
  return { ok: semver.satisfies(locked.version, range, { loose: true }) };
}

// ---------------------------------------------------------------------------------------------
// Yarn

/** The entry keys of a yarn.lock (`name@range` patterns, Yarn 1; descriptors, Yarn 2+). */
export function yarnLockKeys(text: string): Set<string> {
  const keys = new Set<string>();
  for (const line of text.split(/\r?\n/)) {
    if (line === '' || line.startsWith('#') || /^\s/.test(line) || !line.endsWith(':')) continue;
    const body = line.slice(0, -1);
    for (const part of body.split(/,\s*/)) {
      const key = part.trim().replace(/^"|"$/g, '');
      if (key !== '' && key !== '__metadata') keys.add(key);
    }
  }
  return keys;
}

/** Yarn 2+ writes a `__metadata:` block with the lock file version; Yarn 1 never does. */
export function isYarnBerryLock(text: string): boolean {
  return /^__metadata:\s*$/m.test(text);
}

const PROTOCOL = /^[a-z][a-z0-9+.-]*:/i;
/** How many other lock entries of a name a message quotes. */
const MAX_LISTED_KEYS = 3;

function yarnLockSync(lock: LockInput, manifest: PackageManifest): LockSync {
  const berry = isYarnBerryLock(lock.text);
  const format = berry ? 'yarn.lock (Yarn 2+)' : 'yarn.lock v1';
  const keys = yarnLockKeys(lock.text);
  const problems: LockDependencyProblem[] = [];
  const declared = declaredDependencies(manifest);
  for (const dep of declared) {
    const range = dep.range.trim();
    const hasProtocol = PROTOCOL.test(range);
    // Yarn 1 keys are the package.json pattern verbatim; Yarn 2+ prefixes registry ranges with
    // `npm:` and suffixes local folders with `::locator=…`, and rewrites Git/URL specs.
    const expected = berry && !hasProtocol ? `${dep.name}@npm:${range}` : `${dep.name}@${range}`;
    const verifiable = !berry || !hasProtocol || /^(npm|file|link|portal|workspace):/.test(range);
    const found = keys.has(expected) || (berry && [...keys].some((k) => k.startsWith(`${expected}::`)));
    if (found) continue;
    const sameName = [...keys].filter((k) => k.startsWith(`${dep.name}@`));
    if (!verifiable && sameName.length > 0) continue;
    if (dep.field === 'optionalDependencies' && sameName.length === 0) continue;
    const shown = sameName.slice(0, MAX_LISTED_KEYS);
    problems.push({
      name: dep.name,
      kind: sameName.length > 0 ? 'specifier-differs' : 'missing',
      field: dep.field,
      wanted: dep.range,
      ...(sameName.length > 0 ? { locked: shown.join(', ') } : {}),
      message:
        sameName.length > 0
          ? `yarn.lock has no entry "${expected}" for ${dep.name} (${dep.field}: "${dep.range}"); it only locks ${shown.map((k) => `"${k}"`).join(', ')}`
          : `${dep.name} (${dep.field}: "${dep.range}") is not in yarn.lock`,
    });
  }
  return { lockFile: lock.path, format, problems, checked: declared.length };
}

// ---------------------------------------------------------------------------------------------
// pnpm and bun: exact specifier comparison

type SpecifierMap = Map<string, { specifier: string; field: DependencyField }>;

function pnpmLockSync(lock: LockInput, manifest: PackageManifest): LockSync {
  const lineCounter = new LineCounter();
  const doc = parseDocument(lock.text, { lineCounter, uniqueKeys: false, prettyErrors: false });
  if (doc.errors.length > 0) {
    const err = doc.errors[0]!;
    const p = lineCounter.linePos(err.pos[0]);
    return { lockFile: lock.path, format: 'pnpm-lock.yaml', parseError: { message: err.message.split('\n')[0] ?? err.message, line: p.line, column: p.col }, problems: [], checked: 0 };
  }
  let data: unknown;
  try {
    data = isMap(doc.contents) ? doc.toJS({ maxAliasCount: MAX_LOCK_ALIAS_COUNT }) : undefined;
  } catch (error) {
    return { lockFile: lock.path, format: 'pnpm-lock.yaml', parseError: { message: (error as Error).message }, problems: [], checked: 0 };
  }
  if (!isRecord(data)) return { lockFile: lock.path, format: 'pnpm-lock.yaml', parseError: { message: 'the file is not a YAML mapping' }, problems: [], checked: 0 };
  const version = data.lockfileVersion === undefined ? '?' : String(data.lockfileVersion);
  const format = `pnpm-lock.yaml ${version}`;
  const importers = isRecord(data.importers) ? data.importers : undefined;
  const section = importers ? importers[lock.importer === '' ? '.' : lock.importer] : data;
  if (!isRecord(section)) {
    return {
      lockFile: lock.path,
      format,
      problems: declaredDependencies(manifest).map((d) => ({
        name: d.name,
        kind: 'missing' as const,
        field: d.field,
        wanted: d.range,
        message: `pnpm-lock.yaml has no importer "${lock.importer || '.'}", so ${d.name} is not locked`,
      })),
      checked: declaredDependencies(manifest).length,
    };
  }
  const locked: SpecifierMap = new Map();
  const flatSpecifiers = isRecord(section.specifiers) ? section.specifiers : undefined; // lockfile v5
  for (const field of DEPENDENCY_FIELDS) {
    const entries = section[field];
    if (!isRecord(entries)) continue;
    for (const [name, entry] of Object.entries(entries)) {
      const specifier = isRecord(entry) && typeof entry.specifier === 'string' ? entry.specifier : typeof flatSpecifiers?.[name] === 'string' ? (flatSpecifiers[name] as string) : undefined;
      if (specifier !== undefined) locked.set(name, { specifier, field });
    }
  }
  return compareExact(lock.path, format, 'pnpm-lock.yaml', locked, manifest, 'pnpm install --frozen-lockfile');
}

function bunLockSync(lock: LockInput, manifest: PackageManifest): LockSync {
  // bun.lock is JSON with trailing commas allowed.
  let data: unknown;
  try {
    data = JSON.parse(lock.text.replace(/,(\s*[}\]])/g, '$1'));
  } catch (error) {
    return { lockFile: lock.path, format: 'bun.lock', parseError: { message: (error as Error).message }, problems: [], checked: 0 };
  }
  const workspaces = isRecord(data) && isRecord(data.workspaces) ? data.workspaces : undefined;
  const section = workspaces?.[lock.importer];
  if (!isRecord(section)) return { lockFile: lock.path, format: 'bun.lock', notVerified: `bun.lock has no workspace entry "${lock.importer}"`, problems: [], checked: 0 };
  const locked: SpecifierMap = new Map();
  for (const field of DEPENDENCY_FIELDS) {
    const entries = section[field];
    if (!isRecord(entries)) continue;
    for (const [name, specifier] of Object.entries(entries)) if (typeof specifier === 'string') locked.set(name, { specifier, field });
  }
  return compareExact(lock.path, 'bun.lock', 'bun.lock', locked, manifest, 'bun install --frozen-lockfile');
}

function compareExact(path: string, format: string, file: string, locked: SpecifierMap, manifest: PackageManifest, command: string): LockSync {
  const problems: LockDependencyProblem[] = [];
  const declared = declaredDependencies(manifest);
  const declaredNames = new Set(declared.map((d) => d.name));
  for (const dep of declared) {
    const entry = locked.get(dep.name);
    if (!entry) {
      problems.push({ name: dep.name, kind: 'missing', field: dep.field, wanted: dep.range, message: `${dep.name} (${dep.field}: "${dep.range}") is not in ${file}` });
    } else if (entry.specifier !== dep.range) {
      problems.push({
        name: dep.name,
        kind: 'specifier-differs',
        field: dep.field,
        wanted: dep.range,
        locked: entry.specifier,
        message: `${file} locks ${dep.name} for "${entry.specifier}" but package.json asks for "${dep.range}" (${dep.field}); ${command} refuses an outdated lock file`,
      });
    } else if (entry.field !== dep.field) {
      problems.push({
        name: dep.name,
        kind: 'field-differs',
        field: dep.field,
        wanted: dep.range,
        locked: entry.field,
        message: `${dep.name} is under ${dep.field} in package.json but under ${entry.field} in ${file}`,
      });
    }
  }
  for (const [name, entry] of locked) {
    if (declaredNames.has(name) || manifest.peerDependencies[name] !== undefined) continue;
    problems.push({
      name,
      kind: 'extra',
      field: entry.field,
      locked: entry.specifier,
      message: `${file} still lists ${name} ("${entry.specifier}", ${entry.field}) which package.json no longer declares`,
    });
  }
  return { lockFile: path, format, problems, checked: declared.length };
}
