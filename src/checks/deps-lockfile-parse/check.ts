// DEPLOY-BUILDPACK: each application's lock file can be read and is internally consistent. The
// buildpack installs with the lock frozen (`npm ci`, `yarn install --frozen-lockfile` /
// `--immutable`, `pnpm install --frozen-lockfile`); a lock file that is not valid JSON / YAML /
// yarn.lock syntax fails that step, and one whose packages depend on packages it does not contain
// either fails it or makes the install resolve them anew, so the build is not the one tested. The
// dependency, licence and vulnerability checks read the same graph, so a broken lock file also
// means they saw nothing.
//
// JSON and YAML syntax errors of package-lock.json / pnpm-lock.yaml are reported by
// buildpack/lock-file (it parses them to compare with package.json); this check reports them only
// for yarn.lock, which that check reads line by line without parsing.
import { dependencyGraphOf, type DependencyGraph, type LockProblem } from '../../analyzers/lockfiles/graph.js';
import { buildpackPlanOf, lockSyncOf, plansForChecks } from '../../analyzers/buildpack/plan.js';
import { connectSpecOf } from '../../analyzers/connect-spec/parse.js';
import { defineCheck } from '../../engine/types.js';
import type { Workspace } from '../../engine/workspace.js';

const REGENERATE: Record<string, string> = {
  npm: 'npm install',
  'yarn-classic': 'yarn install',
  'yarn-berry': 'yarn install',
  pnpm: 'pnpm install',
};

export default defineCheck({
  id: 'deps/lockfile-parse',
  requirement: 'DEPLOY-BUILDPACK',
  title: 'Lock files are valid and consistent',
  rationale:
    'The buildpack installs each application from its lock file with the lock frozen. A lock file with a syntax error ' +
    '(often a merge conflict resolved by hand) fails the install; one whose packages depend on packages it does not ' +
    'list fails a frozen install or makes it resolve them again, so the image differs from what was tested. Every ' +
    'dependency check (licences, vulnerabilities, outdated packages) reads the lock file, so they also see nothing.',
  remediation:
    'Regenerate the lock file with the package manager (delete it, run the install, commit the new file) instead of ' +
    'editing or merging it by hand.',
  run(ctx) {
    const ws = ctx.workspace;
    const plans = plansForChecks(ws);
    if (plans.skip !== undefined) return ctx.skip(plans.skip);
    const reported = new Set<string>();
    let read = 0;
    for (const plan of plans.plans) {
      if (!plan.node) continue;
      const graph = dependencyGraphOf(ws, plan.application);
      if (graph.lockFile === null || graph.skipped !== undefined) continue;
      read++;
      for (const problem of graph.problems) {
        if (problem.kind === 'syntax' && reportedByBuildpackCheck(ws, plan.application, graph)) continue;
        // A workspace-root lock shared by several applications is reported once.
        const key = `${problem.file}:${problem.line ?? ''}:${problem.message}`;
        if (reported.has(key)) continue;
        reported.add(key);
        ctx.report({
          severity: 'error',
          application: graph.application,
          file: problem.file,
          ...(problem.line !== undefined ? { line: problem.line } : {}),
          ...(problem.column !== undefined ? { column: problem.column } : {}),
          message: messageOf(graph, problem),
          remediation: `Regenerate ${problem.file} with \`${REGENERATE[graph.manager ?? 'npm'] ?? 'npm install'}\` in its folder and commit it; do not resolve merge conflicts in lock files by hand.`,
          data: { kind: problem.kind ?? 'structure', format: graph.format, lockFile: graph.lockFile },
        });
      }
    }
    if (read === 0) ctx.skip('no application has a lock file this check reads (package-lock.json, npm-shrinkwrap.json, yarn.lock, pnpm-lock.yaml)');
  },
});

function messageOf(graph: DependencyGraph, problem: LockProblem): string {
  const where = problem.line !== undefined ? ` (line ${problem.line}${problem.column !== undefined ? `, column ${problem.column}` : ''})` : '';
  const consequence =
    problem.kind === 'unresolved'
      ? 'the frozen install fails or resolves the missing package anew'
      : 'the buildpack\'s install fails on it and no dependency check could read it';
  return `Application "${graph.application}": ${problem.message}${problem.kind === 'syntax' ? where : ''}; ${consequence}`;
}

/** buildpack/lock-file already reports a JSON/YAML syntax error it hit comparing the lock with package.json. */
function reportedByBuildpackCheck(ws: Workspace, application: string, graph: DependencyGraph): boolean {
  if (graph.manager !== 'npm' && graph.manager !== 'pnpm') return false;
  const app = connectSpecOf(ws).spec.applications.find((a) => a.name === application);
  if (!app) return false;
  return lockSyncOf(ws, buildpackPlanOf(ws, app))?.parseError !== undefined;
}
