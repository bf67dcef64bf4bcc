// The repository's own licence: the licence files at its root (LICENSE, LICENCE, COPYING, any
// extension or suffix such as LICENSE-MIT, any case) or, failing those, a REUSE `LICENSES/` folder,
// each identified against the SPDX list once per run.
import path from 'node:path';
import type { Workspace } from '../../engine/workspace.js';
import { identifyLicenseText, type LicenseIdentification } from './identify.js';
import { compareCodeUnits } from '../text/compare.js';

/** `LICENSE`, `licence.md`, `COPYING.txt`, `LICENSE-APACHE`, `LICENSE_MIT.txt`… at the root. */
const LICENSE_FILE_NAME = /^(?:licen[cs]e|copying)(?:[-_.][\w.+-]*)?$/i;
/** Suffixes that make a LICENSE-* file a list of other people's licences, not the connector's. */
const NOT_OWN_LICENSE = /third|3rd|notice|dependenc|vendor|bundle/i;
/** Tool configuration that happens to start with "license" (license-checker.json…). */
const NOT_A_TEXT_FILE = /\.(?:json|[cm]?[jt]sx?|ya?ml|toml|lock|sh|py|xml)$/i;
/** REUSE-style folder of licence texts (`LICENSES/MIT.txt`). */
const REUSE_FOLDER = 'LICENSES';
/** More licence files than this at the root is not a licence, it is a dump; only the first are read. */
export const MAX_LICENSE_FILES = 8;

export interface RepositoryLicenseFile {
  path: string;
  /** Why the file was not read (too large, outside symlink…); no identification then. */
  unread?: string;
  text?: string;
  identification?: LicenseIdentification;
}

export interface RepositoryLicenses {
  files: RepositoryLicenseFile[];
  /** Every SPDX id the files were identified as (including same-text alternatives). */
  identifiedIds: string[];
}

export function isLicenseFileName(name: string): boolean {
  return LICENSE_FILE_NAME.test(name) && !NOT_OWN_LICENSE.test(name) && !NOT_A_TEXT_FILE.test(name);
}

/** Root licence files, identified; computed once per run. */
export function repositoryLicensesOf(ws: Workspace): RepositoryLicenses {
  return ws.memo('licenses/repository', () => {
    const listed = ws.files.filter((f) => !f.path.includes('/') && isLicenseFileName(f.path)).map((f) => f.path);
    const unread = ws.problems.filter((p) => !p.path.includes('/') && isLicenseFileName(p.path));
    let paths = listed;
    if (paths.length === 0 && unread.length === 0) {
      paths = ws.filesUnder(REUSE_FOLDER).filter((f) => /\.(?:txt|md)$/i.test(f.path) || !path.posix.basename(f.path).includes('.')).map((f) => f.path);
    }
    const files: RepositoryLicenseFile[] = [];
    for (const p of unread) files.push({ path: p.path, unread: p.detail });
    for (const p of [...paths].sort(byPreference).slice(0, MAX_LICENSE_FILES)) {
      const text = ws.readText(p);
      if (text === undefined) {
        files.push({ path: p, unread: 'could not be read' });
        continue;
      }
      files.push({ path: p, text, identification: identifyLicenseText(text) });
    }
    const identifiedIds = files.flatMap((f) => (f.identification?.id ? [f.identification.id, ...f.identification.sameText] : []));
    return { files, identifiedIds };
  });
}

/** Plain `LICENSE` first, then LICENSE.md/.txt, then suffixed variants, then COPYING. */
function byPreference(a: string, b: string): number {
  const rank = (p: string) => {
    const name = p.toLowerCase().replace(/^licenses\//, '');
    if (/^licen[cs]e$/.test(name)) return 0;
    if (/^licen[cs]e\.(?:md|txt|markdown|rst)$/.test(name)) return 1;
    if (name.startsWith('licen')) return 2;
    return 3;
  };
  return rank(a) - rank(b) || compareCodeUnits(a, b);
}
