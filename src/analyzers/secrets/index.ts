// The secret scan of a whole workspace, computed once per run and shared by the checks that need it
// (secrets/hardcoded, secrets/dotenv). The repository's allow-list for secrets lives in
// `.connect-certify.json` under `allow["secrets/hardcoded"]`: each entry is either a fingerprint as
// reported (16 hex characters) or a regular expression a secret must match to be accepted.
import { createRequire } from 'node:module';
import type { Workspace } from '../../engine/workspace.js';
import { classifyPath } from './files.js';
import { scanFile, type AllowList, type SecretMatch } from './scan.js';

export { scanFile, scanText, looksLikeSecretValue, assignmentsIn, type AllowList, type SecretMatch, type FileScan, type ScanOptions } from './scan.js';
export { classifyPath, isDotenvFile, isDotenvTemplate, isTestPath, type SecretContext } from './files.js';
export { SECRET_RULES, type SecretRule } from './rules.js';
export { redact, fingerprintOf } from './redact.js';
export { placeholderReason } from './placeholders.js';

/** The allow-list key in `.connect-certify.json`. */
export const SECRETS_ALLOW_KEY = 'secrets/hardcoded';
/** An allow-list pattern longer than this is refused: it is a list of secrets, not a pattern. */
export const MAX_ALLOW_PATTERN_LENGTH = 500;

export interface WorkspaceSecretScan {
  matches: SecretMatch[];
  /** Files read and scanned (fully or for provider formats only). */
  filesScanned: number;
  bytesScanned: number;
  /** Files not scanned, or scanned for provider formats only, with the reason. */
  notes: { path: string; mode: 'skip' | 'restricted'; reason: string }[];
  /** Secrets found but accepted by the repository allow-list. */
  allowed: number;
  /** Allow-list entries that could not be used, with why. */
  allowListProblems: { entry: string; problem: string }[];
}

export interface ParsedAllowList {
  allow: AllowList;
  problems: { entry: string; problem: string }[];
}

/** Fingerprints are taken literally; everything else must be a safe regular expression. */
export function parseAllowList(entries: readonly string[] | undefined): ParsedAllowList {
  const fingerprints: string[] = [];
  const patterns: RegExp[] = [];
  const problems: ParsedAllowList['problems'] = [];
  for (const entry of entries ?? []) {
    if (/^[0-9a-f]{16}$/.test(entry)) {
      fingerprints.push(entry);
      continue;
    }
    if (entry.length > MAX_ALLOW_PATTERN_LENGTH) {
      problems.push({ entry: entry.slice(0, 40), problem: `longer than ${MAX_ALLOW_PATTERN_LENGTH} characters` });
      continue;
    }
    let re: RegExp;
    try {
      re = new RegExp(entry);
    } catch (error) {
      problems.push({ entry, problem: `not a valid regular expression (${(error as Error).message})` });
      continue;
    }
    // The repository under certification supplies these patterns: refuse ones that could hang the run.
    // Loaded only when a repository brings its own allow patterns.
    const safeRegex = createRequire(import.meta.url)('safe-regex2') as typeof import('safe-regex2').default;
    if (!safeRegex(re)) {
      problems.push({ entry, problem: 'could not be verified as linear-time (nested quantifiers or unsupported syntax such as lookbehind); simplify it' });
      continue;
    }
    patterns.push(re);
  }
  return { allow: { fingerprints, patterns }, problems };
}

/** Scans every indexed text file of the workspace once; later calls return the same result. */
export function secretScanOf(ws: Workspace): WorkspaceSecretScan {
  return ws.memo('secrets/scan', () => {
    const { allow, problems } = parseAllowList(ws.config.allow?.[SECRETS_ALLOW_KEY]);
    const result: WorkspaceSecretScan = { matches: [], filesScanned: 0, bytesScanned: 0, notes: [], allowed: 0, allowListProblems: problems };
    for (const file of ws.files) {
      const fileClass = classifyPath(file.path);
      if (fileClass.mode === 'skip') {
        // Binary files and installed dependencies are expected; only note what a reader might miss.
        if (fileClass.note && !/binary|installed/.test(fileClass.note)) result.notes.push({ path: file.path, mode: 'skip', reason: fileClass.note });
        continue;
      }
      let text: string | undefined;
      try {
        text = ws.readText(file.path);
      } catch (error) {
        result.notes.push({ path: file.path, mode: 'skip', reason: `unreadable: ${(error as Error).message}` });
        continue;
      }
      if (text === undefined) continue;
      const scan = scanFile(file.path, text, { allow, fileClass });
      if (scan.mode === 'skip') continue;
      result.filesScanned++;
      result.bytesScanned += file.size;
      if (scan.mode === 'restricted' && scan.note) result.notes.push({ path: file.path, mode: 'restricted', reason: scan.note });
      result.allowed += scan.allowed;
      result.matches.push(...scan.matches);
    }
    return result;
  });
}
