// The engine's contract: what a check is, what it emits, and the report every renderer reads.
import type { RequirementCode } from './requirements.js';
import type { Workspace } from './workspace.js';

export type Severity = 'error' | 'warning' | 'info';
export type CheckStatus = 'pass' | 'fail' | 'warn' | 'manual' | 'skipped' | 'error';
export type Verdict = 'pass' | 'review' | 'fail';

export const APPLICATION_TYPES = [
  'service',
  'event',
  'job',
  'assets',
  'merchant-center-custom-application',
  'mc-app',
  'merchant-center-custom-view',
  'unknown',
] as const;
export type ApplicationType = (typeof APPLICATION_TYPES)[number];

/** What a check hands to `ctx.report`; the engine fills in check id, requirement and remediation. */
export interface FindingInput {
  severity: Severity;
  message: string;
  /** Repository-relative, forward slashes. */
  file?: string;
  line?: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
  application?: string;
  /** Overrides the check's remediation when this finding needs a more specific one. */
  remediation?: string;
  /** Overrides the check's requirement code (e.g. a connect.yaml rule that is a SEC-SECRETS error). */
  requirement?: RequirementCode;
  /** Short excerpt with secrets redacted; never a whole secret. */
  evidence?: string;
  /** Stable identity for baselines and suppressions (e.g. a secret's hash). */
  fingerprint?: string;
  /** A MANUAL item for the reviewer rather than a defect. */
  manual?: boolean;
  /** Structured extras for scripts (JSON report only). */
  data?: Record<string, unknown>;
}

export interface Finding extends FindingInput {
  check: string;
  requirement: RequirementCode;
  remediation: string;
  suppressed?: { reason: string; source: string };
}

export interface CheckContext {
  readonly workspace: Workspace;
  readonly signal: AbortSignal;
  report(finding: FindingInput): void;
  /** Mark the check as not applicable / not run, with the reason shown in the report. */
  skip(reason: string): void;
  /** Attach a section of structured output to the report (e.g. the buildpack plan). */
  attach(key: string, value: unknown): void;
  /** Say what a long-running check is doing now (shown as progress; absent in tests). */
  progress?(message: string): void;
}

/** A check is a self-describing unit: what it protects, why, how to fix, and how it runs. */
export interface CheckDefinition {
  id: string;
  requirement: RequirementCode;
  title: string;
  rationale: string;
  remediation: string;
  /** Checks that only do work when asked (e.g. the sandboxed run phase). */
  optIn?: boolean;
  run(ctx: CheckContext): void | Promise<void>;
}

export function defineCheck(definition: CheckDefinition): CheckDefinition {
  return definition;
}

export interface CheckResult {
  id: string;
  requirement: RequirementCode;
  title: string;
  status: CheckStatus;
  durationMs: number;
  /** Why a check was skipped or errored. */
  reason?: string;
}

export interface ApplicationSummary {
  name: string;
  applicationType: string;
  path: string;
}

export interface RepositoryInfo {
  url: string;
  tag: string;
  commit: string | null;
}

export interface SuppressionRecord {
  check: string;
  reason: string;
  source: string;
  file?: string;
  line?: number;
  fingerprint?: string;
}

export interface Report {
  tool: { name: 'connect-certify'; version: string };
  connector: { root: string; repository: RepositoryInfo | null };
  verdict: Verdict;
  applications: ApplicationSummary[];
  checks: CheckResult[];
  findings: Finding[];
  suppressions: SuppressionRecord[];
  skippedFiles: { path: string; reason: string }[];
  /** Structured sections attached by checks, e.g. `buildpackPlan`. */
  sections: Record<string, unknown>;
  startedAt: string;
  durationMs: number;
}
