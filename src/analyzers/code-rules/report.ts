// Turning rule hits into findings the same way in every check: the message starts with the place
// (`file:line:`), the application is named, and browser-bundled applications (assets, Merchant
// Center), whose code never runs in Connect's containers, can get a lower severity.
import type { CheckContext, FindingInput, Severity } from '../../engine/types.js';
import { codeApplicationsOf, ruleHitsOf, SHIPPED_ROLES, type LocatedHit } from './index.js';
import type { FileRole } from '../imports/files.js';

export const NO_APPLICATIONS = 'no Node.js application (a connect.yaml application folder with a package.json) to analyse';

export function findingOfHit(hit: LocatedHit, severity: Severity = hit.severity): FindingInput {
  return {
    severity,
    message: `${hit.file}:${hit.line}: ${hit.message}`,
    file: hit.file,
    line: hit.line,
    column: hit.column,
    endLine: hit.endLine,
    endColumn: hit.endColumn,
    application: hit.application,
    ...(hit.remediation !== undefined ? { remediation: hit.remediation } : {}),
    ...(hit.evidence !== undefined ? { evidence: hit.evidence } : {}),
    data: { rule: hit.rule, ...(hit.data ?? {}) },
  };
}

export interface RuleCheckOptions {
  roles?: readonly FileRole[];
  /** Severity for browser-bundled applications; `undefined` keeps the hit's. */
  browserSeverity?: Severity;
}

/** Reports every hit of `rule` in shipped code; skips when there is no Node.js application. */
export function reportRuleHits(ctx: CheckContext, rule: string, options: RuleCheckOptions = {}): void {
  const ws = ctx.workspace;
  if (codeApplicationsOf(ws).length === 0) return ctx.skip(NO_APPLICATIONS);
  for (const hit of ruleHitsOf(ws, rule, options.roles ?? SHIPPED_ROLES)) {
    if (ctx.signal.aborted) return;
    ctx.report(findingOfHit(hit, hit.browser && options.browserSeverity !== undefined ? lower(hit.severity, options.browserSeverity) : hit.severity));
  }
}

const RANK: Readonly<Record<Severity, number>> = { info: 0, warning: 1, error: 2 };

/** The lower of two severities (a browser cap never raises an info). */
export function lower(a: Severity, b: Severity): Severity {
  return RANK[a] <= RANK[b] ? a : b;
}
