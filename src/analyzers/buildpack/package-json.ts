// package.json of a folder, parsed once per run with positions, plus the typed subset the Google
// Node.js buildpack itself reads. The buildpack unmarshals package.json into a Go struct
// (name, main, type, version, engines.{node,npm,yarn,pnpm}, scripts, dependencies,
// devDependencies, packageManager — all strings or string maps): a value of another type there
// fails the build with "unmarshalling package.json", so those are reported as type errors.
import type { Workspace } from '../../engine/workspace.js';
import { isRecord, joinPath, readRepoFile } from './files.js';
import { parseJsonWithPositions, type JsonPath, type JsonPosition, type JsonSyntaxError } from './json-source.js';

export const PACKAGE_JSON = 'package.json';

export const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'optionalDependencies'] as const;
export type DependencyField = (typeof DEPENDENCY_FIELDS)[number];

export interface PackageManifest {
  name?: string;
  version?: string;
  main?: string;
  type?: string;
  packageManager?: string;
  engines: { node?: string; npm?: string; yarn?: string; pnpm?: string };
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  optionalDependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
  /** `workspaces` as globs (array form or `{ packages: [...] }`). */
  workspaces?: string[];
}

export interface ManifestTypeError {
  field: string;
  message: string;
  position?: JsonPosition;
}

export interface PackageJsonFile {
  /** Repository-relative path of the file. */
  file: string;
  present: boolean;
  /** Present but not read (too large, unreadable). */
  unreadable?: string;
  syntaxError?: JsonSyntaxError;
  /** The document is valid JSON but not an object. */
  notAnObject?: boolean;
  manifest?: PackageManifest;
  /** Fields the buildpack's Go reader would fail on. */
  typeErrors: ManifestTypeError[];
  positionOf(path: JsonPath): JsonPosition | undefined;
}

const NO_POSITION = (): undefined => undefined;

/** The package.json in `dir` (a real, resolved folder; '' = repository root), parsed once per run. */
export function packageJsonOf(ws: Workspace, dir: string): PackageJsonFile {
  const file = joinPath(dir, PACKAGE_JSON);
  return ws.memo(`buildpack:package-json:${file}`, () => {
    const read = readRepoFile(ws, file);
    if (!read.present) return { file, present: false, typeErrors: [], positionOf: NO_POSITION };
    if (read.text === undefined) return { file, present: true, unreadable: read.unreadable ?? 'not readable', typeErrors: [], positionOf: NO_POSITION };
    return parsePackageJson(read.text, file);
  });
}

export function parsePackageJson(text: string, file = PACKAGE_JSON): PackageJsonFile {
  const parsed = parseJsonWithPositions(text);
  if (!parsed.ok) return { file, present: true, syntaxError: parsed.error, typeErrors: [], positionOf: NO_POSITION };
  const { value, positionOf } = parsed;
  if (!isRecord(value)) return { file, present: true, notAnObject: true, typeErrors: [], positionOf };

  const typeErrors: ManifestTypeError[] = [];
  const typeError = (path: (string | number)[], expected: string, actual: unknown): void => {
    const field = path.join('.');
    typeErrors.push({ field, message: `"${field}" must be ${expected}, found ${typeName(actual)}`, position: positionOf(path) });
  };
  const str = (key: string): string | undefined => {
    const v = value[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'string') return v;
    typeError([key], 'a string', v);
    return undefined;
  };
  // `strict` maps are the ones the buildpack's Go struct reads; others are read leniently.
  const stringMap = (key: string, strict: boolean): Record<string, string> => {
    const v = value[key];
    const out: Record<string, string> = {};
    if (v === undefined || v === null) return out;
    if (!isRecord(v)) {
      if (strict) typeError([key], 'an object of strings', v);
      return out;
    }
    for (const [k, item] of Object.entries(v)) {
      if (typeof item === 'string') out[k] = item;
      else if (strict && item !== null) typeError([key, k], 'a string', item);
    }
    return out;
  };

  const engines: PackageManifest['engines'] = {};
  const rawEngines = value.engines;
  if (rawEngines !== undefined && rawEngines !== null) {
    if (!isRecord(rawEngines)) typeError(['engines'], 'an object', rawEngines);
    else {
      for (const key of ['node', 'npm', 'yarn', 'pnpm'] as const) {
        const v = rawEngines[key];
        if (typeof v === 'string') engines[key] = v;
        else if (v !== undefined && v !== null) typeError(['engines', key], 'a string', v);
      }
    }
  }

  const manifest: PackageManifest = {
    engines,
    scripts: stringMap('scripts', true),
    dependencies: stringMap('dependencies', true),
    devDependencies: stringMap('devDependencies', true),
    optionalDependencies: stringMap('optionalDependencies', false),
    peerDependencies: stringMap('peerDependencies', false),
  };
  const assign = <K extends 'name' | 'version' | 'main' | 'type' | 'packageManager'>(key: K): void => {
    const v = str(key);
    if (v !== undefined) manifest[key] = v;
  };
  assign('name');
  assign('version');
  assign('main');
  assign('type');
  assign('packageManager');

  const ws = value.workspaces;
  if (Array.isArray(ws)) manifest.workspaces = ws.filter((g): g is string => typeof g === 'string');
  else if (isRecord(ws) && Array.isArray(ws.packages)) manifest.workspaces = ws.packages.filter((g): g is string => typeof g === 'string');

  return { file, present: true, manifest, typeErrors, positionOf };
}

/** Every declared dependency, in package.json order per field. */
export function declaredDependencies(manifest: PackageManifest): { name: string; range: string; field: DependencyField }[] {
  const out: { name: string; range: string; field: DependencyField }[] = [];
  for (const field of DEPENDENCY_FIELDS) {
    for (const [name, range] of Object.entries(manifest[field])) out.push({ name, range, field });
  }
  return out;
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  return `a ${typeof v} (${JSON.stringify(v)})`;
}
