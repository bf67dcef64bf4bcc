// Which package provides a binary a script calls, and whether the application declares it.
// Sources, best first: the `bin` fields package-lock.json (v2/v3) records for installed packages,
// then the curated table in known-binaries.ts, then "a declared package named like the binary".
import type { Workspace } from '../../engine/workspace.js';
import { declaredDependenciesOf } from './declared.js';
import { KNOWN_BINARIES, SYSTEM_COMMANDS } from './known-binaries.js';
import { isRecord } from './package-json.js';

export const LOCK_FILES = ['package-lock.json', 'npm-shrinkwrap.json'] as const;

export interface LockBinaries {
  /** The lock file read, when it carried `packages` (lockfileVersion ≥ 2). */
  file?: string;
  /** Binary → top-level installed packages that link it into node_modules/.bin. */
  providers: ReadonlyMap<string, readonly string[]>;
  /** Installed top-level package → binaries it provides. */
  binsOf: ReadonlyMap<string, readonly string[]>;
  /** Every top-level installed package the lock file lists. */
  installed: ReadonlySet<string>;
}

/** The binaries package-lock.json says are installed for an application folder; memoised. */
export function lockBinariesOf(ws: Workspace, appDir: string): LockBinaries {
  const dir = ws.resolveDir(appDir);
  return ws.memo(`lock-binaries:${dir}`, () => {
    const providers = new Map<string, string[]>();
    const binsOf = new Map<string, string[]>();
    const installed = new Set<string>();
    for (const name of LOCK_FILES) {
      const file = dir === '' ? name : `${dir}/${name}`;
      const text = ws.readText(file);
      if (text === undefined) continue;
      let lock: unknown;
      try {
        lock = JSON.parse(text);
      } catch {
        return { providers, binsOf, installed }; // a broken lock file is another check's finding
      }
      if (!isRecord(lock) || !isRecord(lock.packages)) return { providers, binsOf, installed };
      for (const [key, entry] of Object.entries(lock.packages)) {
        // Only top-level installs are linked into the application's node_modules/.bin.
        const match = /^node_modules\/((?:@[^/]+\/)?[^/]+)$/.exec(key);
        if (!match || !isRecord(entry)) continue;
        const pkg = match[1]!;
        installed.add(pkg);
        const bins = binNames(entry.bin, pkg);
        if (bins.length === 0) continue;
        binsOf.set(pkg, bins);
        for (const bin of bins) providers.set(bin, [...(providers.get(bin) ?? []), pkg]);
      }
      return { file, providers, binsOf, installed };
    }
    return { providers, binsOf, installed };
  });
}

function binNames(bin: unknown, pkg: string): string[] {
  if (typeof bin === 'string') return [pkg.replace(/^@[^/]+\//, '')];
  if (isRecord(bin)) return Object.keys(bin);
  return [];
}

export type BinaryStatus = 'system' | 'declared' | 'undeclared' | 'unknown';

export interface BinaryResolution {
  binary: string;
  status: BinaryStatus;
  /** Packages known to provide the binary. */
  providers: string[];
  /** The declared package that provides it (status `declared`). */
  provider?: string;
  /** The providing declared package survives `npm prune --production`. */
  production?: boolean;
  /** Where the provider list came from. */
  source?: 'lockfile' | 'known' | 'name';
}

/** Resolves a binary name for an application folder. */
export function resolveBinary(ws: Workspace, appDir: string, binary: string): BinaryResolution {
  if (SYSTEM_COMMANDS.has(binary)) return { binary, status: 'system', providers: [] };
  const declared = declaredDependenciesOf(ws, appDir);
  // Binaries of a local module's dependencies are not linked into the application's .bin folder.
  const ownDeclared = (name: string): boolean => (declared.packages.get(name)?.fields.length ?? 0) > 0;
  const lock = lockBinariesOf(ws, appDir);
  const fromLock = lock.providers.get(binary) ?? [];
  const known = KNOWN_BINARIES[binary] ?? [];
  const providers = [...new Set([...fromLock, ...known])];
  let source: BinaryResolution['source'] = fromLock.length > 0 ? 'lockfile' : known.length > 0 ? 'known' : undefined;
  // A declared package whose lock entry lists the binary, or (the lock file does not know the
  // package) one named like it.
  const declaredProviders = providers.filter(ownDeclared);
  if (declaredProviders.length === 0 && ownDeclared(binary) && !lock.installed.has(binary)) {
    declaredProviders.push(binary);
    providers.push(binary);
    source ??= 'name';
  }
  if (declaredProviders.length > 0) {
    const production = declaredProviders.some((p) => declared.packages.get(p)?.production === true);
    const provider = declaredProviders.find((p) => declared.packages.get(p)?.production === true) ?? declaredProviders[0]!;
    return { binary, status: 'declared', providers, provider, production, source };
  }
  if (providers.length > 0) return { binary, status: 'undeclared', providers, source };
  return { binary, status: 'unknown', providers: [] };
}

/** Whether a package is declared by the application itself (not only via a local module). */
export function declaresPackage(ws: Workspace, appDir: string, name: string): boolean {
  return (declaredDependenciesOf(ws, appDir).packages.get(name)?.fields.length ?? 0) > 0;
}
