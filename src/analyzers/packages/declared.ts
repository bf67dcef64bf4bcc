// What an application declares it depends on: its own package.json, plus the dependencies of the
// local modules it declares (`"shared": "file:../shared"`, Connect's "common modules"), which npm
// installs along with the module.
import path from 'node:path';
import type { Workspace } from '../../engine/workspace.js';
import { DEPENDENCY_FIELDS, packageJsonOf, type DependencyField } from './package-json.js';

/** Local modules that declare local modules: follow at most this deep (and never in a cycle). */
export const MAX_LOCAL_MODULE_DEPTH = 5;

export interface DeclaredPackage {
  name: string;
  /** The field(s) of the application's package.json that declare it; empty when only a local module does. */
  fields: DependencyField[];
  /** Survives `npm prune --production`: declared outside devDependencies (directly or via a production local module). */
  production: boolean;
  /** The local module folder that declares it, when the application itself does not. */
  via?: string;
}

export interface LocalModule {
  /** The dependency name the application imports it by. */
  name: string;
  /** Repository-relative folder of the module. */
  dir: string;
  spec: string;
  production: boolean;
}

export interface DeclaredDependencies {
  dir: string;
  packages: ReadonlyMap<string, DeclaredPackage>;
  localModules: readonly LocalModule[];
  has(name: string): boolean;
}

/** The application's declared dependencies, memoised per folder. */
export function declaredDependenciesOf(ws: Workspace, appDir: string): DeclaredDependencies {
  const dir = ws.resolveDir(appDir);
  return ws.memo(`declared-dependencies:${dir}`, () => {
    const packages = new Map<string, DeclaredPackage>();
    const localModules: LocalModule[] = [];
    const pkg = packageJsonOf(ws, dir);
    for (const field of DEPENDENCY_FIELDS) {
      for (const name of Object.keys(pkg[field])) {
        const entry = packages.get(name) ?? { name, fields: [], production: false };
        entry.fields.push(field);
        if (field !== 'devDependencies') entry.production = true;
        packages.set(name, entry);
      }
    }
    // Local modules: breadth-first, their non-dev dependencies count for the application.
    const queue: { dir: string; deps: Record<string, string>; production: boolean; depth: number }[] = [];
    const seen = new Set<string>([dir]);
    const enqueue = (fromDir: string, name: string, spec: string, production: boolean, depth: number): void => {
      const target = localModuleDir(fromDir, spec);
      if (target === undefined) return;
      const real = ws.resolveDir(target);
      if (seen.has(real)) return;
      seen.add(real);
      localModules.push({ name, dir: real, spec, production });
      const modulePkg = packageJsonOf(ws, real);
      if (!modulePkg.present || depth >= MAX_LOCAL_MODULE_DEPTH) return;
      // npm installs a linked module's dependencies, not its devDependencies.
      queue.push({ dir: real, deps: { ...modulePkg.peerDependencies, ...modulePkg.optionalDependencies, ...modulePkg.dependencies }, production, depth: depth + 1 });
    };
    for (const field of DEPENDENCY_FIELDS) {
      for (const [name, spec] of Object.entries(pkg[field])) enqueue(dir, name, spec, field !== 'devDependencies', 0);
    }
    while (queue.length > 0) {
      const mod = queue.shift()!;
      for (const [name, spec] of Object.entries(mod.deps)) {
        const existing = packages.get(name);
        if (existing) {
          if (mod.production && !existing.production) existing.production = true;
        } else {
          packages.set(name, { name, fields: [], production: mod.production, via: mod.dir });
        }
        enqueue(mod.dir, name, spec, mod.production, mod.depth);
      }
    }
    return { dir, packages, localModules, has: (name: string) => packages.has(name) };
  });
}

/**
 * Folder of a local dependency spec (`file:../shared`, `link:../x`, `../x`), repository-relative,
 * or undefined for registry/git/tarball specs and folders outside the repository.
 */
export function localModuleDir(fromDir: string, spec: string): string | undefined {
  let target: string;
  if (spec.startsWith('file:')) target = spec.slice(5);
  else if (spec.startsWith('link:')) target = spec.slice(5);
  else if (spec.startsWith('./') || spec.startsWith('../')) target = spec;
  else return undefined;
  if (/\.(tgz|tar\.gz|tar)$/i.test(target)) return undefined;
  if (target.startsWith('//')) target = target.slice(2);
  if (path.posix.isAbsolute(target)) return undefined;
  const joined = path.posix.normalize(path.posix.join(fromDir === '' ? '.' : fromDir, target));
  if (joined === '..' || joined.startsWith('../')) return undefined;
  return joined === '.' ? '' : joined.replace(/\/$/, '');
}
