// Suppressions: from the repository config file, or inline in code as
//   // connect-certify-ignore <check-id> <reason>
// on the finding's line or the line above. A reason is required; every suppression is listed in the
// report, and a suppressed finding no longer counts toward the verdict.
import type { RepositoryConfig } from './config.js';
import { CONFIG_FILE } from './config.js';
import type { Finding, SuppressionRecord } from './types.js';

const INLINE_MARKER = 'connect-certify-ignore';
const INLINE_PATTERN = /connect-certify-ignore\s+([\w./-]+)(?:\s+(.*?))?\s*(?:\*\/|-->)?\s*$/;

export interface SuppressionOutcome {
  findings: Finding[];
  suppressions: SuppressionRecord[];
  /** Inline markers without a reason: reported so they cannot silently hide findings. */
  invalid: { file: string; line: number; check: string }[];
}

export function applySuppressions(
  findings: Finding[],
  config: RepositoryConfig,
  readText: (file: string) => string | undefined,
): SuppressionOutcome {
  const suppressions: SuppressionRecord[] = [];
  const invalid: SuppressionOutcome['invalid'] = [];
  const invalidSeen = new Set<string>();
  const linesCache = new Map<string, string[] | null>();
  const linesOf = (file: string): string[] | null => {
    if (!linesCache.has(file)) {
      const text = readText(file);
      linesCache.set(file, text !== undefined && text.includes(INLINE_MARKER) ? text.split('\n') : null);
    }
    return linesCache.get(file) ?? null;
  };

  const out = findings.map((finding) => {
    const rule = (config.suppressions ?? []).find(
      (s) =>
        s.check === finding.check &&
        (s.file === undefined || matchesFile(s.file, finding.file)) &&
        (s.fingerprint === undefined || s.fingerprint === finding.fingerprint),
    );
    if (rule) {
      const source = CONFIG_FILE;
      suppressions.push({ check: finding.check, reason: rule.reason, source, file: finding.file, line: finding.line, fingerprint: finding.fingerprint });
      return { ...finding, suppressed: { reason: rule.reason, source } };
    }
    if (finding.file && finding.line) {
      const lines = linesOf(finding.file);
      if (lines) {
        for (const lineNo of [finding.line, finding.line - 1]) {
          const text = lines[lineNo - 1];
          if (text === undefined || !text.includes(INLINE_MARKER)) continue;
          const match = INLINE_PATTERN.exec(text);
          if (!match || match[1] !== finding.check) continue;
          const reason = (match[2] ?? '').trim();
          if (reason.length < 3) {
            const key = `${finding.file}:${lineNo}`;
            if (!invalidSeen.has(key)) {
              invalidSeen.add(key);
              invalid.push({ file: finding.file, line: lineNo, check: match[1] });
            }
            continue;
          }
          const source = `${finding.file}:${lineNo}`;
          suppressions.push({ check: finding.check, reason, source, file: finding.file, line: finding.line, fingerprint: finding.fingerprint });
          return { ...finding, suppressed: { reason, source } };
        }
      }
    }
    return finding;
  });
  return { findings: out, suppressions, invalid };
}

function matchesFile(pattern: string, file: string | undefined): boolean {
  if (file === undefined) return false;
  return pattern.endsWith('/') ? file.startsWith(pattern) : file === pattern;
}
