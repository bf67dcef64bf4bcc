// Verdict rules from requirements.md: `fail` on any live (unsuppressed) error, else `review` when a
// MANUAL item is open, else `pass`. A check's status follows the same rules over its own findings.
import type { CheckStatus, Finding, Verdict } from './types.js';

export function verdictOf(findings: readonly Finding[]): Verdict {
  const live = findings.filter((f) => !f.suppressed);
  if (live.some((f) => f.severity === 'error' && !f.manual)) return 'fail';
  if (live.some((f) => f.manual)) return 'review';
  return 'pass';
}

export function statusFrom(findings: readonly Finding[]): CheckStatus {
  const live = findings.filter((f) => !f.suppressed);
  if (live.some((f) => f.severity === 'error' && !f.manual)) return 'fail';
  if (live.some((f) => f.manual)) return 'manual';
  if (live.some((f) => f.severity === 'warning')) return 'warn';
  return 'pass';
}
