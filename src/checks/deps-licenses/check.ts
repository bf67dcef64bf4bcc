// DEPLOY-OSS-LIBS: every dependency of every application, transitive ones included, carries an
// open-source licence. The packages are the ones the application's lock file installs; each
// licence comes from the lock file (npm 7+ records it), else from the registry's manifest of the
// locked version (cached on disk; `--offline` reads the cache only), else from an installed
// node_modules package.json (see analyzers/licenses/registry-licenses.ts). Declarations are
// evaluated as SPDX expressions (OR takes the best alternative, AND the worst part; see
// analyzers/licenses/dependency-license.ts) and judged by the policy table in
// analyzers/licenses/policy.ts:
//   runtime packages: OSI-approved passes; unknown, missing, custom, proprietary or not-open-source
//   licences are errors; strong copyleft (GPL, AGPL, EUPL, …) is a MANUAL item for the reviewer;
//   open but non-OSI licences (CC0, CC-BY, public domain) are warnings; weak copyleft (LGPL, MPL)
//   is information.
//   dev-only packages (reachable only through devDependencies): `npm prune --production` removes
//   them before the image runs, so what would block a runtime package is a warning here, and open
//   or weak-copyleft licences are not mentioned.
// What no source can tell is said, never passed silently. Registry data that is only missing
// (offline without a cached copy, or the registry did not answer) is like SEC-OUTDATED-DEPS: the
// check is skipped with the reason when nothing else was found, else an information finding names
// the packages. Packages no source will ever know (not published on the registry, Git or file
// dependencies) are one MANUAL finding per application: "not recorded" is not "unlicensed".
import { evaluateDeclaredLicense } from '../../analyzers/licenses/dependency-license.js';
import { LICENSE_POLICY, type LicenseCategory } from '../../analyzers/licenses/policy.js';
import { dependencyLicensesOf, type DependencyLicenses } from '../../analyzers/licenses/registry-licenses.js';
import { dependencyGraphOf, type DependencyGraph, type DependencyNode } from '../../analyzers/lockfiles/graph.js';
import { packageEntryPosition } from '../../analyzers/lockfiles/positions.js';
import { applicationNameOf, nodeApplicationFoldersOf } from '../../analyzers/packages/applications.js';
import { defineCheck, type FindingInput, type Severity } from '../../engine/types.js';
import { compareCodeUnits } from '../../analyzers/text/compare.js';

/** Beyond this many packages per application the rest are summed up in one finding. */
export const MAX_FINDINGS_PER_APPLICATION = 200;
/** Packages named in the "licence not available" finding; all of them are in its data. */
export const MAX_LISTED_UNAVAILABLE = 8;
/** Paths longer than this are shown as their first and last packages. */
export const MAX_PATH_SHOWN = 5;
/** Names listed in the skip reason and the missing-data note before "and N more". */
export const MAX_NAMES_LISTED = 10;

export interface LicenseSummaryRow {
  /** The licence expression (as evaluated) or the declaration when it is none. */
  license: string;
  count: number;
  /** The policy's words for the category ("OSI-approved", "strong copyleft", …). */
  verdict: string;
  /** `not-available`: no source knows it; `not-checked`: registry data missing (offline, no answer). */
  category: LicenseCategory | 'not-available' | 'not-checked';
  /** How many of `count` are dev-only. */
  devOnly: number;
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export default defineCheck({
  id: 'deps/licenses',
  requirement: 'DEPLOY-OSS-LIBS',
  title: 'Every dependency carries an open-source licence',
  rationale:
    'The certification page requires open-source libraries. Every package the lock file installs counts, transitive ' +
    'ones included, and a licence is read as the SPDX expression it is: `(MIT OR GPL-3.0)` offers MIT and passes, ' +
    '`MIT AND GPL-3.0` imposes the GPL. Unknown, missing or proprietary licences block; strong copyleft goes to a ' +
    'reviewer; packages only reachable through devDependencies are pruned from the runtime image, so their problems warn.',
  remediation:
    'Replace the package with an open-source alternative (or upgrade to a version that declares one). If the package ' +
    'is open source but declares its licence wrongly, ask its maintainers to fix the `license` field and suppress ' +
    'this finding with the licence you verified.',
  async run(ctx) {
    const ws = ctx.workspace;
    const folders = nodeApplicationFoldersOf(ws);
    if (folders.length === 0) return ctx.skip('no Node.js application (a connect.yaml application folder with a package.json) to analyse');
    const graphs: DependencyGraph[] = [];
    const noLock: string[] = [];
    for (const folder of folders) {
      const graph = dependencyGraphOf(ws, applicationNameOf(folder));
      if (graph.lockFile === null || graph.skipped !== undefined) noLock.push(`${graph.application} (${graph.skipped ?? 'no lock file'})`);
      else graphs.push(graph);
    }
    // Without a lock file the installed versions are unknown (buildpack/lock-file reports the missing lock).
    if (graphs.length === 0) return ctx.skip(`no lock file to read the installed packages from: ${noLock.join('; ')}`);

    const summary = new Map<string, LicenseSummaryRow>();
    const count = (license: string, category: LicenseSummaryRow['category'], dev: boolean): void => {
      const key = `${category}\u0000${license}`;
      let row = summary.get(key);
      if (!row) {
        const verdict = category === 'not-available' ? 'not available' : category === 'not-checked' ? 'not checked (no registry data)' : LICENSE_POLICY[category].label;
        summary.set(key, (row = { license, count: 0, verdict, category, devOnly: 0 }));
      }
      row.count++;
      if (dev) row.devOnly++;
    };

    const reports: FindingInput[] = [];
    const missing: { graph: DependencyGraph; nodes: DependencyNode[] }[] = [];
    let registry: DependencyLicenses['registry'] | undefined;
    let total = 0;
    for (const graph of graphs) {
      const lockFile = graph.lockFile!;
      const text = ws.readText(lockFile) ?? '';
      const resolved = await dependencyLicensesOf(ws, graph, ctx.signal);
      if (ctx.signal.aborted) return;
      registry ??= { ...resolved.registry };
      if (resolved.registry.problem !== undefined) registry.problem ??= resolved.registry.problem;
      total += graph.nodes.size;
      const missingIds = new Set(resolved.missing.map((n) => n.id));
      const findings: FindingInput[] = [];
      for (const node of [...graph.nodes.values()].sort((a, b) => compareCodeUnits(a.id, b.id))) {
        const found = resolved.licenses.get(node.id)?.found;
        if (!found) {
          if (missingIds.has(node.id)) count('(registry data missing)', 'not-checked', node.dev);
          else count('(not available)', 'not-available', node.dev);
          continue;
        }
        const evaluation = evaluateDeclaredLicense(found.value);
        count(evaluation.expression ?? evaluation.declared?.trim() ?? '(none)', evaluation.category, node.dev);
        const rule = LICENSE_POLICY[evaluation.category][node.dev ? 'devOnly' : 'runtime'];
        if (!rule) continue;
        const path = graph.pathTo(node.id);
        const source = found.file ?? found.source;
        const devNote = node.dev ? '; it is only reachable through devDependencies, so it is pruned from the runtime image' : '';
        const manualNote = rule.manual ? '; a reviewer must decide whether its terms are acceptable for a marketplace connector' : '';
        findings.push({
          severity: rule.severity,
          ...(rule.manual ? { manual: true } : {}),
          application: graph.application,
          file: lockFile,
          ...packageEntryPosition(text, node),
          message: `Application "${graph.application}": ${node.id} ${evaluation.reason} (licence from ${source}; ${describePath(path)})${manualNote}${devNote}`,
          remediation: remediationFor(evaluation.category, node),
          fingerprint: `deps-licenses:${node.id}`,
          data: {
            package: node.name,
            version: node.version,
            declared: evaluation.declared ?? null,
            expression: evaluation.expression ?? null,
            category: evaluation.category,
            source: found.source,
            dev: node.dev,
            path,
          },
        });
      }
      findings.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
      reports.push(...findings.slice(0, MAX_FINDINGS_PER_APPLICATION));
      const rest = findings.slice(MAX_FINDINGS_PER_APPLICATION);
      if (rest.length > 0) {
        reports.push({
          severity: rest[0]!.severity,
          application: graph.application,
          file: lockFile,
          message: `Application "${graph.application}": ${plural(rest.length, 'more package')} with licence findings in ${lockFile} (only the first ${MAX_FINDINGS_PER_APPLICATION} are listed; all are in the data)`,
          data: { packages: rest.map((f) => `${String(f.data?.package)}@${String(f.data?.version)}`) },
        });
      }
      if (resolved.unavailable.length > 0) reports.push(unavailableFinding(graph, resolved.unavailable, resolved.registry));
      if (resolved.missing.length > 0) missing.push({ graph, nodes: resolved.missing });
    }
    ctx.attach(
      'licenseSummary',
      [...summary.values()].sort((a, b) => b.count - a.count || compareCodeUnits(a.license, b.license)),
    );
    const missingNodes = missing.flatMap((m) => m.nodes);
    const missingRuntime = missingNodes.filter((n) => !n.dev);
    const why = registry ? missingDataReason(registry) : 'the registry was not asked';
    // Like SEC-OUTDATED-DEPS: nothing concluded and shipped packages unverified → skipped, with why.
    if (missingRuntime.length > 0 && reports.length === 0) {
      return ctx.skip(
        `licence data is missing for ${missingNodes.length} of ${total} packages (${missingRuntime.length} in the runtime image: ${listNames(missingRuntime.map((n) => n.id))}): ` +
          `${why}; their lock file records no licence, so they cannot be checked (run once online, or with a filled --cache-dir)`,
      );
    }
    for (const finding of reports) ctx.report(finding);
    for (const { graph, nodes } of missing) {
      const runtime = nodes.filter((n) => !n.dev);
      ctx.report({
        severity: 'info',
        application: graph.application,
        file: graph.lockFile!,
        message:
          `Application "${graph.application}": the licences of ${plural(nodes.length, 'package')} (${runtime.length} in the runtime image, ${nodes.length - runtime.length} dev-only) were not checked: ` +
          `${graph.lockFile} records none and registry data is missing (${why}): ${listNames([...runtime, ...nodes.filter((n) => n.dev)].map((n) => n.id))}`,
        remediation: 'Run the check once online (or with a --cache-dir a previous online run filled) so the registry metadata of these packages is available.',
        data: { packages: nodes.map((n) => ({ id: n.id, dev: n.dev })) },
      });
    }
  },
});

function missingDataReason(registry: DependencyLicenses['registry']): string {
  if (registry.offline) return 'offline and not in the registry cache';
  return `the registry ${registry.url} did not answer${registry.problem ? ` (${registry.problem})` : ''}`;
}

function listNames(names: readonly string[]): string {
  const shown = names.slice(0, MAX_NAMES_LISTED).join(', ');
  return names.length > MAX_NAMES_LISTED ? `${shown} and ${names.length - MAX_NAMES_LISTED} more` : shown;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function describePath(path: readonly string[]): string {
  if (path.length <= 1) return 'a direct dependency';
  const shown = path.length <= MAX_PATH_SHOWN ? path : [path[0]!, path[1]!, '…', path[path.length - 2]!, path[path.length - 1]!];
  return `reached through ${shown.join(' › ')}`;
}

function remediationFor(category: LicenseCategory, node: DependencyNode): string {
  switch (category) {
    case 'strong-copyleft':
      return `Strong copyleft can oblige the connector to be distributed under the same licence. Replace ${node.name} with a permissively licensed alternative, or have the Connect team's reviewer accept it (then suppress this finding with their decision).`;
    case 'open':
      return `${node.name}'s licence is open (public domain or attribution only) but not on OSI's list. Confirm it is acceptable, then suppress this finding with the reason.`;
    case 'weak-copyleft':
      return `Nothing to do unless you modify ${node.name} itself: weak copyleft applies to the library's own files, which must stay available under their licence if you change and distribute them.`;
    default:
      return `Replace ${node.name} with an open-source alternative (or a version that declares an OSI-approved licence). If it is open source but declares its licence wrongly, ask its maintainers to fix the \`license\` field and suppress this finding with the licence you verified.`;
  }
}

function unavailableFinding(graph: DependencyGraph, unavailable: DependencyNode[], registry: DependencyLicenses['registry']): FindingInput {
  const runtime = unavailable.filter((n) => !n.dev);
  const listed = [...runtime, ...unavailable.filter((n) => n.dev)].slice(0, MAX_LISTED_UNAVAILABLE).map((n) => n.id);
  const more = unavailable.length - listed.length;
  const lock =
    graph.manager === 'npm'
      ? `${graph.lockFile} does not record their licences (npm records them from version 7 on, and not for every package)`
      : `${graph.lockFile} does not record licences (${graph.manager === 'pnpm' ? 'pnpm' : 'Yarn'} lock files never do)`;
  return {
    severity: 'warning',
    // Unverifiable licences of shipped packages need a reviewer; dev-only ones are only a warning.
    ...(runtime.length > 0 ? { manual: true } : {}),
    application: graph.application,
    file: graph.lockFile!,
    message:
      `Application "${graph.application}": the licence${unavailable.length === 1 ? '' : 's'} of ${plural(unavailable.length, 'package')} (${runtime.length} in the runtime image, ${unavailable.length - runtime.length} dev-only) could not be checked: ` +
      `${lock}, the registry ${registry.url} does not publish them (or they come from Git, a file or another registry), and no installed node_modules has them: ${listed.join(', ')}${more > 0 ? ` and ${more} more` : ''}`,
    remediation:
      'A reviewer must verify these licences from the packages\' sources; if they come from a private registry, run the check with --registry pointing at it, or in a checkout with the dependencies installed (node_modules present).',
    data: { packages: unavailable.map((n) => ({ id: n.id, dev: n.dev })) },
  };
}
