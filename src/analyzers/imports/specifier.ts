// What a module specifier refers to: a file of the repository, a Node.js built-in, a package (and
// which), or something a bundler resolves (URLs, `virtual:` modules) that is nobody's dependency.
import { builtinModules } from 'node:module';

const BUILTINS: ReadonlySet<string> = new Set(builtinModules);

/** npm package names: optional scope, URL-safe characters, not starting with `.` or `_`. Uppercase is legacy but exists. */
const PACKAGE_NAME = /^(?:@[a-zA-Z0-9~-][a-zA-Z0-9._~-]*\/)?[a-zA-Z0-9~-][a-zA-Z0-9._~-]*$/;

export type SpecifierKind = 'relative' | 'builtin' | 'subpath-import' | 'url' | 'package' | 'invalid';

export interface SpecifierInfo {
  kind: SpecifierKind;
  /** For `package`: the package name (`@a/b` of `@a/b/c`, `lodash` of `lodash/fp`). */
  packageName?: string;
}

const RELATIVE: SpecifierInfo = { kind: 'relative' };
/** Bare specifiers repeat across a code base (`express`, `zod`…): classify each once. */
const cache = new Map<string, SpecifierInfo>();
const MAX_CACHED_SPECIFIERS = 50_000;

export function classifySpecifier(specifier: string): SpecifierInfo {
  const c = specifier.charCodeAt(0);
  if (c === 46 /* . */ || c === 47 /* / */) return RELATIVE;
  let info = cache.get(specifier);
  if (info === undefined) {
    info = classifyBare(specifier);
    if (cache.size >= MAX_CACHED_SPECIFIERS) cache.clear();
    cache.set(specifier, info);
  }
  return info;
}

function classifyBare(specifier: string): SpecifierInfo {
  if (isBuiltinModule(specifier)) return { kind: 'builtin' };
  if (specifier.startsWith('#')) return { kind: 'subpath-import' };
  // `https:`, `data:`, `virtual:`, `bun:`… a scheme is never a package name (package names have no `:`).
  if (/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(specifier)) return { kind: 'url' };
  const packageName = packageNameOf(specifier);
  if (packageName === undefined) return { kind: 'invalid' };
  return { kind: 'package', packageName };
}

/** The package a bare specifier names, or undefined when it cannot be a package name (`@/x`, `~/x`). */
export function packageNameOf(specifier: string): string | undefined {
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? (parts.length >= 2 ? `${parts[0]}/${parts[1]}` : undefined) : parts[0];
  if (name === undefined || !PACKAGE_NAME.test(name) || name.startsWith('~')) return undefined;
  return name;
}

/** `node:x` (never a package, whether or not this Node.js knows x, e.g. `node:sqlite`) or a listed built-in. */
export function isBuiltinModule(specifier: string): boolean {
  return specifier.startsWith('node:') || BUILTINS.has(specifier);
}
