// SARIF 2.1.0 for GitHub code scanning and other SARIF viewers: one run, one rule per check, one
// result per finding (suppressed ones carry a `suppressions` entry instead of disappearing).
// GitHub is stricter than the schema, so every result gets a physical location with a
// repository-relative URI and a region with startLine >= 1: one location-less result makes GitHub
// reject the whole upload ("locationFromSarifResult: expected at least one location").
import { CONFIG_FILE } from '../engine/config.js';
import { isRequirementCode, requirementOf } from '../engine/requirements.js';
import type { RequirementLevel } from '../engine/requirements.js';
import type { CheckDefinition, Finding, Report, RepositoryInfo } from '../engine/types.js';
import { countFindings, redactRepository } from './model.js';

export const SARIF_VERSION = '2.1.0';
export const SARIF_SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
/** The page whose rules the checks implement; the tool's `informationUri` unless the caller names another. */
export const CERTIFICATION_PAGE_URI = 'https://docs.commercetools.com/connect/certification';
/** Base id of every artifact URI: the repository root (the checkout path, for GitHub). */
export const SOURCE_ROOT_ID = 'SRCROOT';
/**
 * Where repository-level findings (no file: a missing README, an unreachable tag) are anchored:
 * connect.yaml is the connector's root manifest, the file a reviewer opens first.
 */
export const REPOSITORY_ANCHOR_FILE = 'connect.yaml';
/** The line a finding without one points at; GitHub requires a region with a start line. */
const FIRST_LINE = 1;
/** Key of our own fingerprint in `partialFingerprints` (versioned, as SARIF recommends). */
export const FINGERPRINT_KEY = 'connectCertify/v1';

/** What SARIF needs from a check: stored check metadata works as well as live definitions. */
export type CheckMetadata = Pick<CheckDefinition, 'id' | 'requirement' | 'title' | 'rationale' | 'remediation'>;

export interface SarifOptions {
  /** The tool's home page; defaults to the certification page. */
  informationUri?: string;
}

type SarifLevel = 'error' | 'warning' | 'note';

const LEVEL_BY_REQUIREMENT: Record<RequirementLevel, SarifLevel> = { MUST: 'error', SHOULD: 'warning', MANUAL: 'note' };
const LEVEL_BY_SEVERITY: Record<Finding['severity'], SarifLevel> = { error: 'error', warning: 'warning', info: 'note' };

interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string; markdown: string };
  helpUri: string;
  defaultConfiguration: { level: SarifLevel };
  properties: { tags: string[]; requirement: string; requirementLevel: RequirementLevel };
}

export function renderSarif(report: Report, checks: readonly CheckMetadata[] = [], options: SarifOptions = {}): string {
  const informationUri = options.informationUri ?? CERTIFICATION_PAGE_URI;
  const rules = rulesFor(report, checks);
  const ruleIndex = new Map(rules.map((rule, i) => [rule.id, i]));
  const counts = countFindings(report.findings);

  const run: Record<string, unknown> = {
    tool: {
      driver: {
        name: report.tool.name,
        version: report.tool.version,
        semanticVersion: report.tool.version,
        informationUri,
        rules,
      },
    },
    invocations: [invocationOf(report, ruleIndex)],
    results: report.findings.map((finding) => resultOf(finding, ruleIndex.get(finding.check) ?? 0)),
    properties: {
      verdict: report.verdict,
      errors: counts.errors,
      warnings: counts.warnings,
      manual: counts.manual,
      suppressed: counts.suppressed,
      applications: report.applications.map((a) => ({ name: a.name, applicationType: a.applicationType, path: a.path })),
    },
  };
  const provenance = provenanceOf(redactRepository(report.connector.repository));
  if (provenance) run['versionControlProvenance'] = [provenance];

  const log = { $schema: SARIF_SCHEMA_URI, version: SARIF_VERSION, runs: [run] };
  return `${JSON.stringify(log, null, 2)}\n`;
}

/** One rule per registered check, then any check the report names that the registry did not pass (engine checks). */
function rulesFor(report: Report, checks: readonly CheckMetadata[]): SarifRule[] {
  const rules: SarifRule[] = [];
  const seen = new Set<string>();
  const add = (meta: CheckMetadata) => {
    if (seen.has(meta.id)) return;
    seen.add(meta.id);
    rules.push(ruleOf(meta));
  };
  for (const check of checks) add(check);
  for (const result of report.checks) {
    const remediation = report.findings.find((f) => f.check === result.id)?.remediation ?? '';
    add({ id: result.id, requirement: result.requirement, title: result.title, rationale: '', remediation });
  }
  for (const finding of report.findings) {
    add({ id: finding.check, requirement: finding.requirement, title: finding.check, rationale: '', remediation: finding.remediation });
  }
  return rules;
}

function ruleOf(check: CheckMetadata): SarifRule {
  const requirement = isRequirementCode(check.requirement)
    ? requirementOf(check.requirement)
    : { code: check.requirement as string, level: 'MUST' as const, group: 'Other', title: check.requirement as string };
  const title = check.title.trim() || check.id;
  const remediation = check.remediation.trim() || `See requirement ${requirement.code} on the certification page.`;
  const reference = `Requirement ${requirement.code} (${requirement.level}, ${requirement.group}): ${requirement.title}.`;
  const tags = [requirement.code, requirement.level.toLowerCase(), 'connect-certification'];
  if (requirement.code.startsWith('SEC-')) tags.push('security');
  return {
    id: check.id,
    name: ruleName(check.id),
    shortDescription: { text: title },
    fullDescription: { text: check.rationale.trim() || title },
    help: {
      text: `${remediation}\n\n${reference}`,
      markdown: `**How to fix:** ${remediation}\n\n**${requirement.code}** (${requirement.level}, ${requirement.group}): ${requirement.title}.`,
    },
    helpUri: CERTIFICATION_PAGE_URI,
    defaultConfiguration: { level: LEVEL_BY_REQUIREMENT[requirement.level] },
    properties: { tags, requirement: requirement.code, requirementLevel: requirement.level },
  };
}

/** `buildpack/start-command` → `BuildpackStartCommand` (SARIF rule names are identifier-like). */
function ruleName(id: string): string {
  const name = id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');
  return name || 'Check';
}

function resultOf(finding: Finding, ruleIndex: number): Record<string, unknown> {
  const result: Record<string, unknown> = {
    ruleId: finding.check,
    ruleIndex,
    level: finding.manual ? 'note' : LEVEL_BY_SEVERITY[finding.severity],
    message: { text: finding.message.trim() || finding.check },
    locations: [locationOf(finding)],
  };
  if (finding.fingerprint) result['partialFingerprints'] = { [FINGERPRINT_KEY]: finding.fingerprint };
  if (finding.suppressed) {
    result['suppressions'] = [
      {
        kind: finding.suppressed.source === CONFIG_FILE ? 'external' : 'inSource',
        status: 'accepted',
        justification: finding.suppressed.reason,
      },
    ];
  }
  const properties: Record<string, unknown> = { requirement: finding.requirement, severity: finding.severity };
  if (finding.manual) properties['manual'] = true;
  if (finding.application) properties['application'] = finding.application;
  if (finding.evidence) properties['evidence'] = finding.evidence;
  if (!finding.file) properties['repositoryLevel'] = true;
  if (finding.suppressed) properties['suppressedBy'] = finding.suppressed.source;
  properties['remediation'] = finding.remediation;
  result['properties'] = properties;
  return result;
}

function locationOf(finding: Finding): Record<string, unknown> {
  const uri = finding.file ? artifactUri(finding.file) : undefined;
  const region: Record<string, number> = { startLine: FIRST_LINE };
  if (uri && isPositive(finding.line)) {
    region['startLine'] = finding.line;
    if (isPositive(finding.column)) region['startColumn'] = finding.column;
    if (isPositive(finding.endLine) && finding.endLine >= finding.line) {
      region['endLine'] = finding.endLine;
      if (isPositive(finding.endColumn)) region['endColumn'] = finding.endColumn;
    }
  }
  return {
    physicalLocation: {
      artifactLocation: { uri: uri ?? REPOSITORY_ANCHOR_FILE, uriBaseId: SOURCE_ROOT_ID },
      region,
    },
  };
}

function isPositive(value: number | undefined): value is number {
  return value !== undefined && Number.isInteger(value) && value >= 1;
}

/**
 * A repository-relative path as a relative URI reference: forward slashes, no leading `./` or `/`,
 * each segment percent-encoded (spaces, `#`, `%`, and a `:` that would otherwise read as a scheme).
 */
export function artifactUri(file: string): string | undefined {
  const segments = file
    .replace(/\\/g, '/')
    .split('/')
    .filter((s) => s !== '' && s !== '.');
  if (segments.length === 0 || segments.includes('..')) return undefined;
  return segments.map((s) => encodeURIComponent(s)).join('/');
}

function invocationOf(report: Report, ruleIndex: Map<string, number>): Record<string, unknown> {
  const failed = report.checks.filter((c) => c.status === 'error');
  const invocation: Record<string, unknown> = {
    executionSuccessful: failed.length === 0,
    toolExecutionNotifications: failed.map((check) => ({
      level: 'error',
      message: { text: `check ${check.id} failed to run${check.reason ? `: ${check.reason}` : ''}` },
      associatedRule: { id: check.id, index: ruleIndex.get(check.id) ?? 0 },
    })),
  };
  const started = Date.parse(report.startedAt);
  if (Number.isFinite(started)) {
    invocation['startTimeUtc'] = new Date(started).toISOString();
    if (Number.isFinite(report.durationMs) && report.durationMs >= 0) {
      invocation['endTimeUtc'] = new Date(started + report.durationMs).toISOString();
    }
  }
  return invocation;
}

/** The repository as SARIF wants it: an absolute URI (scp-like `git@host:path` becomes `ssh://`). */
function provenanceOf(repository: RepositoryInfo | null): Record<string, unknown> | undefined {
  if (!repository) return undefined;
  const repositoryUri = absoluteRepositoryUri(repository.url);
  if (!repositoryUri) return undefined;
  const details: Record<string, unknown> = { repositoryUri };
  if (repository.commit) details['revisionId'] = repository.commit;
  if (repository.tag) {
    // Connect certifies a tag, not a branch; `revisionTag` says so, `branch` is what GitHub reads.
    details['revisionTag'] = repository.tag;
    details['branch'] = repository.tag;
  }
  return details;
}

const SCP_LIKE_URL = /^([\w.-]+)@([\w.-]+):(?!\/\/)(.+)$/;

export function absoluteRepositoryUri(url: string): string | undefined {
  const scp = SCP_LIKE_URL.exec(url);
  const candidate = scp ? `ssh://${scp[1]}@${scp[2]}/${scp[3]!.replace(/^\/+/, '')}` : url;
  try {
    const parsed = new URL(candidate);
    return /^[a-z][a-z0-9+.-]*:$/i.test(parsed.protocol) && parsed.host !== '' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}
