// SEC-VULN-DEPS: no locked dependency version with a known vulnerability. The versions come from
// each application's lock file (no node_modules, no install); the advisories from OSV data
// (`--advisories PATH`: a folder or osv-scanner's npm/all.zip) and, when online, the OSV API.
//
// Severity follows Connect's own gate (Trivy `--severity HIGH,CRITICAL --ignore-unfixed
// --include-dev-deps` over the whole repository): a high or critical vulnerability with a fixed
// version blocks (error); everything else (medium, low, unknown severity, or no fix yet) is a
// warning. Dev-only packages are scanned and rated the same way, because Connect scans them too;
// their messages say so. One finding per vulnerability and package version, whatever number of
// databases describe it (aliases are merged by the advisory store).
import semver from 'semver';
import { advisoryDataOf, vulnerabilitiesFor, type AdvisoryMatch } from '../../analyzers/advisories/index.js';
import type { SeverityLevel } from '../../analyzers/cvss/index.js';
import { dependencyGraphOf, type DependencyGraph, type DependencyNode } from '../../analyzers/lockfiles/graph.js';
import { packageEntryPosition } from '../../analyzers/lockfiles/positions.js';
import { applicationNameOf, nodeApplicationFoldersOf } from '../../analyzers/packages/applications.js';
import { DEPENDENCY_FIELDS, type PackageJson } from '../../analyzers/packages/package-json.js';
import { defineCheck, type FindingInput } from '../../engine/types.js';
import { compareCodeUnits } from '../../analyzers/text/compare.js';

/** Beyond this many findings per application the rest are summed up in one finding. */
export const MAX_FINDINGS_PER_APPLICATION = 250;
/** Severities that block when a fix exists (Trivy `--severity HIGH,CRITICAL --ignore-unfixed`). */
export const BLOCKING_SEVERITIES: ReadonlySet<SeverityLevel> = new Set(['high', 'critical']);
export const DEV_ONLY_NOTE = 'dev-only (scanned by Connect too)';
/** Advisory titles longer than this are cut in messages (some databases put a paragraph there). */
export const MAX_SUMMARY_CHARS = 160;

export default defineCheck({
  id: 'deps/vulnerabilities',
  requirement: 'SEC-VULN-DEPS',
  title: 'No locked dependency has a known vulnerability',
  rationale:
    "Connect's certification scans the whole repository's lock files with Trivy (HIGH and CRITICAL, fixed vulnerabilities only, devDependencies included) and fails on any finding; after listing, a vulnerability found in a connector must be fixed within 15 (critical) or 30 (high) business days. Matching the lock files against OSV advisories shows the same problems before submission.",
  remediation:
    'Upgrade the vulnerable package to a fixed version (directly, or by upgrading the dependency that brings it in, or with an npm `overrides` / yarn `resolutions` / `pnpm.overrides` entry) and commit the updated lock file.',
  async run(ctx) {
    const ws = ctx.workspace;
    const folders = nodeApplicationFoldersOf(ws);
    if (folders.length === 0) return ctx.skip('no Node.js application (a connect.yaml application folder with a package.json) to analyse');
    const graphs: { graph: DependencyGraph; packageJson: PackageJson }[] = [];
    const noLock: string[] = [];
    for (const folder of folders) {
      const graph = dependencyGraphOf(ws, applicationNameOf(folder));
      if (graph.lockFile === null || graph.skipped !== undefined) noLock.push(`${graph.application} (${graph.skipped ?? 'no lock file'})`);
      else graphs.push({ graph, packageJson: folder.packageJson });
    }
    // A missing lock file is buildpack/lock-file's finding; without one there are no resolved versions.
    if (graphs.length === 0) return ctx.skip(`no lock file to read resolved versions from: ${noLock.join('; ')}`);

    const availability = await advisoryDataOf(ws);
    if (!availability.available) return ctx.skip(availability.reason);
    const data = availability.data;
    const hasLocalData = data.store.sources().some((s) => s.kind !== 'osv-api' && s.records > 0);

    const lookups = [];
    for (const target of graphs) {
      if (ctx.signal.aborted) return;
      const packages = [...target.graph.nodes.values()].map((n) => ({ name: n.name, version: n.version }));
      lookups.push({ ...target, lookup: await vulnerabilitiesFor(data, packages, ctx.signal) });
    }
    const unanswered = lookups.find((l) => !l.lookup.complete);
    if (unanswered && !hasLocalData) {
      return ctx.skip(`the OSV API did not answer and no local advisory data is configured: ${unanswered.lookup.problems[0] ?? 'no answer'}; pass --advisories PATH`);
    }

    const summary: Record<string, unknown>[] = [];
    for (const { graph, packageJson, lookup } of lookups) {
      const findings = vulnerabilityFindings(graph, lookup.matches, { packageJson, lockText: ws.readText(graph.lockFile!) });
      for (const finding of findings.slice(0, MAX_FINDINGS_PER_APPLICATION)) ctx.report(finding);
      if (findings.length > MAX_FINDINGS_PER_APPLICATION) {
        const rest = findings.slice(MAX_FINDINGS_PER_APPLICATION);
        ctx.report({
          severity: rest.some((f) => f.severity === 'error') ? 'error' : 'warning',
          application: graph.application,
          file: graph.lockFile!,
          message: `Application "${graph.application}": ${rest.length} more vulnerability findings in ${graph.lockFile} (only the first ${MAX_FINDINGS_PER_APPLICATION} are listed)`,
        });
      }
      if (!lookup.complete) {
        ctx.report({
          severity: 'info',
          application: graph.application,
          file: graph.lockFile!,
          message: `Application "${graph.application}": the OSV API did not answer (${lookup.problems[0] ?? 'no answer'}); ${graph.lockFile} was checked against the local advisory data only`,
        });
      }
      summary.push({
        application: graph.application,
        lockFile: graph.lockFile,
        packages: graph.nodes.size,
        vulnerable: findings.filter((f) => f.data?.devOnly === false).length,
        devOnlyVulnerable: findings.filter((f) => f.data?.devOnly === true).length,
        blocking: findings.filter((f) => f.severity === 'error').length,
      });
    }
    ctx.attach('dependencyVulnerabilities', {
      sources: data.sources,
      advisorySources: data.store.sources().map((s) => ({ id: s.id, kind: s.kind, location: s.location, records: s.records, modified: s.modified, loadedAt: s.loadedAt })),
      applications: summary,
    });
  },
});

interface FindingData {
  package: { name: string; version: string };
  advisory: string;
  advisories: string[];
  fixedIn: string | null;
  path: string[];
  severity: SeverityLevel;
  score: number | null;
  devOnly: boolean;
  direct: boolean;
  upgrade: { package: string; to: string | null; rangeAdmits?: boolean } | null;
}

export interface VulnerabilityFindingContext {
  /** The application's package.json, to tell whether a direct dependency's declared range admits the fix. */
  packageJson?: Pick<PackageJson, 'file' | DependencyFieldName>;
  /** The lock file's text, to point findings at the package's entry. */
  lockText?: string;
}
type DependencyFieldName = (typeof DEPENDENCY_FIELDS)[number];

/** Findings for one application's graph and the matches of its packages (keyed `name@version`). */
export function vulnerabilityFindings(graph: DependencyGraph, matches: ReadonlyMap<string, AdvisoryMatch[]>, context: VulnerabilityFindingContext = {}): FindingInput[] {
  const out: { finding: FindingInput; order: number[] }[] = [];
  for (const node of graph.nodes.values()) {
    const found = matches.get(`${node.name}@${node.version}`);
    if (!found) continue;
    for (const match of found) out.push(findingFor(graph, node, match, context));
  }
  // Blocking first, then runtime before dev-only, then by package.
  out.sort((a, b) => a.order[0]! - b.order[0]! || a.order[1]! - b.order[1]! || compareCodeUnits(String(a.finding.message), String(b.finding.message)));
  return out.map((o) => o.finding);
}

function findingFor(graph: DependencyGraph, node: DependencyNode, match: AdvisoryMatch, context: VulnerabilityFindingContext): { finding: FindingInput; order: number[] } {
  const vulnerability = match.vulnerability;
  const level = vulnerability.severity.severity;
  const score = vulnerability.severity.score;
  const blocking = BLOCKING_SEVERITIES.has(level) && match.fixedIn !== undefined;
  const pkg = `${node.name}@${node.version}`;
  const path = node.direct ? [node.id] : graph.pathTo(node.id);
  const direct = node.direct ? node : path.length > 0 ? graph.nodes.get(path[0]!) : undefined;

  const aliases = vulnerability.ids.filter((id) => id !== vulnerability.id);
  const rating = score !== undefined ? `${level} ${score.toFixed(1)}` : level === 'unknown' ? 'severity unknown' : level;
  const summary = vulnerability.summary.replace(/\s+/g, ' ').trim();
  const title = summary ? `: ${summary.length > MAX_SUMMARY_CHARS ? `${summary.slice(0, MAX_SUMMARY_CHARS - 1).trimEnd()}…` : summary.replace(/[.;]$/, '')}` : '';
  const fix = match.fixedIn
    ? `fixed in ${match.fixedIn}`
    : `no fixed version is known${match.lastAffected ? ` (last affected ${match.lastAffected})` : ''}`;

  let how: string;
  let remediation: string;
  let upgrade: FindingData['upgrade'] = null;
  const command = upgradeCommand(graph.manager);
  if (node.direct) {
    const declared = declaredRange(context.packageJson, node.name);
    if (match.fixedIn) {
      const admits = declared ? safeSatisfies(match.fixedIn, declared.range) : undefined;
      upgrade = { package: node.name, to: match.fixedIn, ...(admits !== undefined ? { rangeAdmits: admits } : {}) };
      how =
        `${node.name} is a direct dependency` +
        (declared ? ` ("${declared.field}": "${declared.range}" in ${context.packageJson!.file})` : '') +
        `: upgrading it to ${match.fixedIn} removes this` +
        (admits === true ? '; the declared range already admits it, only the lock file needs updating' : admits === false ? '; the declared range does not admit it' : '');
      remediation =
        admits === true
          ? `Update the lock file so ${node.name} resolves to ${match.fixedIn} or later (\`${command.update} ${node.name}\`) and commit it.`
          : `Upgrade ${node.name} to ^${match.fixedIn} or later (\`${command.install} ${node.name}@^${match.fixedIn}\`) and commit the lock file.`;
    } else {
      upgrade = { package: node.name, to: null };
      how = `${node.name} is a direct dependency with no fixed release`;
      remediation = `Replace ${node.name} or remove the vulnerable code path; if the vulnerability does not apply, record why in a suppression.`;
    }
  } else if (direct) {
    upgrade = { package: direct.name, to: null };
    how = `brought in by the direct dependency ${direct.id} (${path.join(' > ')})`;
    remediation = match.fixedIn
      ? `Make ${node.name} resolve to ${match.fixedIn} or later: update the lock file (\`${command.update} ${node.name}\`) if ${path.length > 1 ? graph.nodes.get(path[path.length - 2]!)?.name ?? 'its dependent' : 'its dependent'}'s range admits it, else upgrade ${direct.name} to a version that depends on a fixed ${node.name}, or force it with ${command.override}; commit the lock file.`
      : `No fixed ${node.name} exists: upgrade or replace ${direct.name} so that ${node.name} is no longer installed, or record why the vulnerability does not apply in a suppression.`;
  } else {
    how = 'not reachable from the application’s declared dependencies';
    remediation = `Regenerate ${graph.lockFile ?? 'the lock file'} so it no longer contains ${pkg}.`;
  }

  const devOnly = node.dev;
  const position = context.lockText === undefined ? {} : packageEntryPosition(context.lockText, node);
  const data: FindingData = {
    package: { name: node.name, version: node.version },
    advisory: vulnerability.id,
    advisories: vulnerability.ids,
    fixedIn: match.fixedIn ?? null,
    path,
    severity: level,
    score: score ?? null,
    devOnly,
    direct: node.direct,
    upgrade,
  };
  const finding: FindingInput = {
    severity: blocking ? 'error' : 'warning',
    application: graph.application,
    message:
      `Application "${graph.application}": ${devOnly ? `${DEV_ONLY_NOTE}: ` : ''}${pkg} in ${graph.lockFile ?? 'the lock file'} is affected by ` +
      `${vulnerability.id}${aliases.length > 0 ? ` (${aliases.join(', ')})` : ''}, ${rating}${title}; affected versions ${match.affectedRanges}; ${fix}; ${how}` +
      (blocking ? '' : BLOCKING_SEVERITIES.has(level) ? ' (not blocking while no fix exists)' : ''),
    remediation,
    fingerprint: `${vulnerability.id}:${pkg}`,
    data: data as unknown as Record<string, unknown>,
  };
  if (graph.lockFile) finding.file = graph.lockFile;
  if (position.line !== undefined) finding.line = position.line;
  if (position.column !== undefined) finding.column = position.column;
  return { finding, order: [blocking ? 0 : 1, devOnly ? 1 : 0] };
}

function upgradeCommand(manager: DependencyGraph['manager']): { install: string; update: string; override: string } {
  switch (manager) {
    case 'yarn-classic':
      return { install: 'yarn add', update: 'yarn upgrade', override: '"resolutions" in package.json' };
    case 'yarn-berry':
      return { install: 'yarn add', update: 'yarn up -R', override: '"resolutions" in package.json' };
    case 'pnpm':
      return { install: 'pnpm add', update: 'pnpm update', override: '"pnpm.overrides" in package.json' };
    default:
      return { install: 'npm install', update: 'npm update', override: '"overrides" in package.json' };
  }
}

function declaredRange(packageJson: VulnerabilityFindingContext['packageJson'], name: string): { field: string; range: string } | undefined {
  if (!packageJson) return undefined;
  for (const field of DEPENDENCY_FIELDS) {
    const range = packageJson[field]?.[name];
    if (typeof range === 'string') return { field, range };
  }
  return undefined;
}

function safeSatisfies(version: string, range: string): boolean | undefined {
  try {
    if (semver.validRange(range) === null) return undefined;
    return semver.satisfies(version, range);
  } catch {
    return undefined;
  }
}

