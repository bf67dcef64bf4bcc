// The Node.js applications of a connector: connect.yaml applications whose folder holds a
// package.json, grouped by folder (two applications may share one folder through a symlink).
import { connectSpecOf, type ConnectApplication } from '../connect-spec/parse.js';
import type { Workspace } from '../../engine/workspace.js';
import { packageJsonOf, type PackageJson } from './package-json.js';

/**
 * Application types whose runtime is a browser bundle built at build time (static files served
 * as they are), not Node.js code importing packages at run time.
 */
export const BROWSER_BUNDLE_TYPES: ReadonlySet<string> = new Set([
  'assets',
  'merchant-center-custom-application',
  'mc-app',
  'merchant-center-custom-view',
]);

export interface NodeApplicationFolder {
  /** Repository-relative folder (symlinks resolved). */
  dir: string;
  /** The connect.yaml applications built from this folder (usually one). */
  applications: ConnectApplication[];
  packageJson: PackageJson;
}

export function nodeApplicationFoldersOf(ws: Workspace): NodeApplicationFolder[] {
  return ws.memo('node-application-folders', () => {
    const byDir = new Map<string, NodeApplicationFolder>();
    for (const app of connectSpecOf(ws).spec.applications) {
      if (app.name === '' || app.name.includes('..')) continue;
      const dir = ws.resolveDir(app.name);
      const packageJson = packageJsonOf(ws, dir);
      if (!packageJson.present) continue;
      const existing = byDir.get(dir);
      if (existing) existing.applications.push(app);
      else byDir.set(dir, { dir, applications: [app], packageJson });
    }
    return [...byDir.values()];
  });
}

/** Name(s) for findings about a folder: the first application, as the report groups by application. */
export function applicationNameOf(folder: NodeApplicationFolder): string {
  return folder.applications[0]!.name;
}

/** True when every application built from the folder is browser-bundled (assets, Merchant Center). */
export function isBrowserBundled(folder: NodeApplicationFolder): boolean {
  return folder.applications.every((a) => BROWSER_BUNDLE_TYPES.has(a.applicationType));
}
