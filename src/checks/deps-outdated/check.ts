// SEC-OUTDATED-DEPS: no deprecated package versions, no direct dependency far behind its latest
// major. Deprecations come from the lock file where it records them (npm v2/v3, pnpm) and from
// the registry's abbreviated metadata (per-version `deprecated`, which also catches deprecations
// published after the lock was written); how far behind a direct dependency is comes from
// `dist-tags.latest`, and libyears from publish times (fetched only for the dependencies reported
// as behind, since they need the full packument). Offline, the registry cache is all there is:
// whatever it lacks is said, and the check is skipped when nothing can be concluded.
import semver from 'semver';
import { dependencyGraphOf, type DependencyGraph, type DependencyNode } from '../../analyzers/lockfiles/graph.js';
import { packageEntryPosition } from '../../analyzers/lockfiles/positions.js';
import { applicationNameOf, nodeApplicationFoldersOf } from '../../analyzers/packages/applications.js';
import { DEPENDENCY_FIELDS, type PackageJson } from '../../analyzers/packages/package-json.js';
import { libyearsBetween, registryClientOf, type PackageMetadata, type PublishTimes } from '../../analyzers/registry-metadata/index.js';
import { defineCheck, type FindingInput, type Severity } from '../../engine/types.js';
import { compareCodeUnits } from '../../analyzers/text/compare.js';

/** A direct dependency this many majors behind `latest` (or more) is reported. */
export const MAJORS_BEHIND_THRESHOLD = 1;
/**
 * A deprecated direct devDependency: tooling that never ships in the deployed image (the
 * buildpack prunes it) and that Connect's scan does not judge; a warning rather than a block.
 */
export const DEPRECATED_DEV_DIRECT_SEVERITY: Severity = 'warning';
/** Names listed in skip reasons and notes before "and N more". */
export const MAX_NAMES_LISTED = 10;

export default defineCheck({
  id: 'deps/outdated',
  requirement: 'SEC-OUTDATED-DEPS',
  title: 'No deprecated dependency versions, no direct dependency far behind its latest major',
  rationale:
    'Deprecated releases are ones their maintainers ask users to leave, often because they are unsafe or unmaintained; dependencies majors behind stop receiving security fixes. Certification asks for no outdated dependency libraries, and after listing every outdated package is a vulnerability waiting to be published.',
  remediation: 'Upgrade the dependency to a current, non-deprecated release (or replace a package deprecated as a whole) and commit the updated lock file.',
  async run(ctx) {
    const ws = ctx.workspace;
    const folders = nodeApplicationFoldersOf(ws);
    if (folders.length === 0) return ctx.skip('no Node.js application (a connect.yaml application folder with a package.json) to analyse');
    const targets: { graph: DependencyGraph; packageJson: PackageJson }[] = [];
    const noLock: string[] = [];
    for (const folder of folders) {
      const graph = dependencyGraphOf(ws, applicationNameOf(folder));
      if (graph.lockFile === null || graph.skipped !== undefined) noLock.push(`${graph.application} (${graph.skipped ?? 'no lock file'})`);
      else targets.push({ graph, packageJson: folder.packageJson });
    }
    if (targets.length === 0) return ctx.skip(`no lock file to read installed versions from: ${noLock.join('; ')}`);

    const client = registryClientOf(ws);
    const allNames = new Set<string>();
    const directNames = new Set<string>();
    for (const { graph } of targets) {
      for (const node of graph.nodes.values()) {
        allNames.add(node.name);
        if (node.direct) directNames.add(node.name);
      }
    }
    const metadata = await client.metadata(allNames, ctx.signal);
    if (ctx.signal.aborted) return;
    const missing = new Set(metadata.missing);
    const missingDirect = [...directNames].filter((n) => missing.has(n)).sort();
    const missingTransitive = [...missing].filter((n) => !directNames.has(n)).sort();
    const why = client.offline ? 'offline and not in the registry cache' : `the registry ${client.registryUrl} did not answer${metadata.problems[0] ? ` (${metadata.problems[0]})` : ''}`;

    const findings: FindingInput[] = [];
    const behind: { graph: DependencyGraph; node: DependencyNode; latest: string; majorsBehind: number; packageJson: PackageJson }[] = [];
    for (const { graph, packageJson } of targets) {
      const lockText = ws.readText(graph.lockFile!);
      for (const node of graph.nodes.values()) {
        const meta = metadata.found.get(node.name);
        // The registry is current (a deprecation can be published, or withdrawn, after locking); the
        // lock file's record counts when the registry has no word on this version.
        const deprecation = meta && meta.versions.includes(node.version) ? meta.deprecated[node.version] : node.deprecated;
        if (deprecation) findings.push(deprecatedFinding(graph, node, deprecation, meta, packageJson, lockText));
        if (node.direct && meta) {
          const latest = meta.distTags.latest;
          const majorsBehind = latest ? majorsBetween(node.version, latest) : undefined;
          if (latest && majorsBehind !== undefined && majorsBehind >= MAJORS_BEHIND_THRESHOLD) behind.push({ graph, node, latest, majorsBehind, packageJson });
        }
      }
    }

    let times: Map<string, PublishTimes> = new Map();
    if (behind.length > 0) times = (await client.publishTimes(new Set(behind.map((b) => b.node.name)), ctx.signal)).found;
    for (const entry of behind) findings.push(behindFinding(entry, times.get(entry.node.name)));

    if (missingDirect.length > 0 && findings.length === 0) {
      return ctx.skip(
        `registry metadata is missing for ${missingDirect.length} of ${directNames.size} direct dependencies (${listNames(missingDirect)})` +
          (missingTransitive.length > 0 ? ` and ${missingTransitive.length} other packages` : '') +
          `: ${why}; deprecations and latest majors cannot be checked (run once online, or with a filled --cache-dir)`,
      );
    }
    for (const finding of findings.sort(bySeverityThenMessage)) ctx.report(finding);
    if (missing.size > 0) {
      ctx.report({
        severity: 'info',
        message:
          `Registry metadata is missing for ${missing.size} packages (${why})` +
          (missingDirect.length > 0 ? `, among them the direct dependencies ${listNames(missingDirect)}, so how far behind they are is not known` : '') +
          (missingTransitive.length > 0 ? `; deprecations not recorded in the lock file are not checked for ${listNames(missingTransitive)}` : ''),
        data: { missingDirect, missingTransitive },
      });
    }
    ctx.attach('outdatedDependencies', {
      registry: client.registryUrl,
      offline: client.offline,
      packages: allNames.size,
      metadata: { found: metadata.found.size, missing: missing.size, notFound: metadata.notFound, ...metadata.stats },
    });
  },
});

/** Majors between the installed version and `latest` (0.x minors are not majors); undefined when not comparable. */
export function majorsBetween(installed: string, latest: string): number | undefined {
  const a = semver.parse(installed, { loose: true });
  const b = semver.parse(latest, { loose: true });
  if (!a || !b || semver.gte(a, b)) return undefined;
  return b.major - a.major;
}

function deprecatedFinding(graph: DependencyGraph, node: DependencyNode, message: string, meta: PackageMetadata | undefined, packageJson: PackageJson, lockText: string | undefined): FindingInput {
  const pkg = `${node.name}@${node.version}`;
  const latest = meta?.distTags.latest;
  const latestDeprecated = latest !== undefined && meta?.deprecated[latest] !== undefined;
  const replacement =
    latest && !latestDeprecated && latest !== node.version
      ? `the latest release ${latest} is not deprecated`
      : latestDeprecated
        ? `the latest release ${latest} is deprecated too: the package as a whole is`
        : undefined;
  const quoted = `"${message.replace(/\s+/g, ' ').trim()}"`;
  const data = { package: { name: node.name, version: node.version }, deprecated: message, latest: latest ?? null, direct: node.direct, devOnly: node.dev };
  if (node.direct) {
    const declared = declaredField(packageJson, node.name);
    const position = declared ? packageJson.positionOf([declared, node.name]) : undefined;
    const severity: Severity = node.dev ? DEPRECATED_DEV_DIRECT_SEVERITY : 'error';
    return {
      severity,
      application: graph.application,
      file: packageJson.file,
      ...(position ?? {}),
      message:
        `Application "${graph.application}": the direct ${node.dev ? 'devDependency' : 'dependency'} ${pkg}` +
        `${declared ? ` ("${declared}" in ${packageJson.file})` : ''} is deprecated: ${quoted}` +
        (replacement ? `; ${replacement}` : '') +
        (node.dev ? '; it is build/test tooling and does not ship, hence a warning' : ''),
      remediation: latestDeprecated
        ? `Replace ${node.name}: its maintainers deprecated every current release (see the deprecation message for the successor).`
        : `Upgrade ${node.name} to ${latest ?? 'a release that is not deprecated'} and commit the lock file.`,
      fingerprint: `deprecated:${pkg}`,
      data,
    };
  }
  const path = graph.pathTo(node.id);
  const via = path.length > 1 ? ` via ${path.slice(0, -1).join(' > ')}` : '';
  const direct = path.length > 1 ? path[0]!.slice(0, path[0]!.lastIndexOf('@')) : undefined;
  return {
    severity: 'warning',
    application: graph.application,
    file: graph.lockFile!,
    ...(lockText === undefined ? {} : packageEntryPosition(lockText, node)),
    message: `Application "${graph.application}": ${node.dev ? 'dev-only ' : ''}${pkg}${via} is deprecated: ${quoted}` + (replacement ? `; ${replacement}` : ''),
    remediation: direct
      ? `Upgrade ${direct} to a release that no longer depends on ${pkg}, or update the lock file if the dependent's range admits a release of ${node.name} that is not deprecated.`
      : `Regenerate the lock file so it no longer contains ${pkg}.`,
    fingerprint: `deprecated:${pkg}`,
    data: { ...data, path },
  };
}

function behindFinding(
  entry: { graph: DependencyGraph; node: DependencyNode; latest: string; majorsBehind: number; packageJson: PackageJson },
  times: PublishTimes | undefined,
): FindingInput {
  const { graph, node, latest, majorsBehind, packageJson } = entry;
  const libyears = times ? libyearsBetween(times, node.version, latest) : undefined;
  const declared = declaredField(packageJson, node.name);
  const position = declared ? packageJson.positionOf([declared, node.name]) : undefined;
  const figures = `${majorsBehind} major${majorsBehind === 1 ? '' : 's'} behind` + (libyears !== undefined ? `, ${libyears.toFixed(1)} libyears` : '');
  return {
    severity: 'warning',
    application: graph.application,
    file: packageJson.file,
    ...(position ?? {}),
    message:
      `Application "${graph.application}": the direct ${node.dev ? 'devDependency' : 'dependency'} ${node.name} is locked at ${node.version}` +
      `${declared ? ` ("${declared}" in ${packageJson.file})` : ''}, ${figures} the latest release ${latest}; old majors stop receiving security fixes`,
    remediation: `Upgrade ${node.name} to ${latest} (read its changelog for breaking changes) and commit the lock file.`,
    fingerprint: `behind:${node.name}@${node.version}`,
    data: { package: { name: node.name, version: node.version }, latest, majorsBehind, libyears: libyears === undefined ? null : Number(libyears.toFixed(2)), devOnly: node.dev },
  };
}

function declaredField(packageJson: PackageJson, name: string): string | undefined {
  return DEPENDENCY_FIELDS.find((field) => packageJson[field][name] !== undefined);
}

function listNames(names: readonly string[]): string {
  const shown = names.slice(0, MAX_NAMES_LISTED).join(', ');
  return names.length > MAX_NAMES_LISTED ? `${shown} and ${names.length - MAX_NAMES_LISTED} more` : shown;
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
function bySeverityThenMessage(a: FindingInput, b: FindingInput): number {
  return SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || compareCodeUnits(a.message, b.message);
}
