// DEPLOY-BUILDPACK: one lock file per application, of one package manager, matching package.json.
// The buildpack picks the package manager from the lock files it finds (yarn.lock wins over
// pnpm-lock.yaml, bun.lock and package-lock.json) and installs with a frozen lock (`npm ci`,
// `yarn install --frozen-lockfile`, …), which fails when package.json and the lock disagree.
import { lockSyncOf, packageJsonPosition, plansForChecks, type BuildpackPlan, type NodePlan } from '../../analyzers/buildpack/plan.js';
import type { LockSync } from '../../analyzers/buildpack/lockfiles.js';
import { defineCheck, type CheckContext } from '../../engine/types.js';

/** How many dependency problems a message spells out; the rest are in `data`. */
export const MAX_PROBLEMS_IN_MESSAGE = 5;

const INSTALL_HINT: Record<string, string> = {
  npm: 'npm install',
  yarn: 'yarn install',
  pnpm: 'pnpm install',
  bun: 'bun install',
};

export default defineCheck({
  id: 'buildpack/lock-file',
  requirement: 'DEPLOY-BUILDPACK',
  title: 'A lock file of one package manager that matches package.json',
  rationale:
    'The buildpack chooses the package manager from the lock files present and installs with the lock frozen (`npm ci`, `yarn install --frozen-lockfile`); lock files of two managers make it pick one silently, and a lock file out of sync with package.json fails the install. Without a lock file every build resolves new versions.',
  remediation:
    'Keep exactly one lock file in each application folder (package-lock.json for npm, yarn.lock for Yarn), regenerate it with the package manager after every package.json change, and commit it.',
  run(ctx) {
    const ws = ctx.workspace;
    const result = plansForChecks(ws);
    if (result.skip !== undefined) return ctx.skip(result.skip);
    for (const plan of result.plans) {
      const node = plan.node;
      if (!plan.folderExists || !node) continue;
      reportLockChoice(ctx, plan, node);
      const sync = lockSyncOf(ws, plan);
      if (sync) reportSync(ctx, plan, node, sync);
    }
  },
});

function reportLockChoice(ctx: CheckContext, plan: BuildpackPlan, node: NodePlan): void {
  const application = plan.application;
  const found = node.lockFilesInFolder;
  const managers = [...new Set(found.map((l) => l.manager))];
  if (managers.length > 1) {
    const winner = found[0]!;
    const ignored = found.filter((l) => l.manager !== winner.manager).map((l) => l.file);
    ctx.report({
      severity: 'error',
      application,
      file: winner.path,
      message: `Application "${application}": ${plan.realFolder}/ has lock files of ${managers.length} package managers (${found.map((l) => l.file).join(', ')}); the buildpack silently builds with ${winner.manager} from ${winner.file} and ignores ${ignored.join(', ')}`,
      remediation: `Decide on one package manager: delete ${ignored.join(' and ')} (or ${winner.file}) and keep the lock file of the manager you develop and test with.`,
      data: { lockFiles: found.map((l) => l.path), chosen: winner.manager },
    });
  } else if (found.length > 1 && found.some((l) => l.file === 'npm-shrinkwrap.json') && found.some((l) => l.file === 'package-lock.json')) {
    ctx.report({
      severity: 'warning',
      application,
      file: `${plan.realFolder}/package-lock.json`,
      message: `Application "${application}": ${plan.realFolder}/ has both npm-shrinkwrap.json and package-lock.json; npm installs from npm-shrinkwrap.json and ignores package-lock.json`,
      remediation: 'Keep one of the two npm lock files.',
    });
  }
  if (!node.lockFile) {
    ctx.report({
      severity: 'warning',
      application,
      file: node.packageJson.file,
      message: `Application "${application}": no lock file in ${plan.realFolder}/ (package-lock.json or yarn.lock); the buildpack generates one at build time, so each build may install different dependency versions than you tested`,
      remediation: `Run \`npm install\` (or \`yarn install\`) in ${plan.realFolder}/ and commit the lock file it writes.`,
    });
  }
}

function reportSync(ctx: CheckContext, plan: BuildpackPlan, node: NodePlan, sync: LockSync): void {
  const application = plan.application;
  if (sync.parseError) {
    const e = sync.parseError;
    ctx.report({
      severity: 'error',
      application,
      file: sync.lockFile,
      ...(e.line !== undefined ? { line: e.line, column: e.column } : {}),
      message: `Application "${application}": ${sync.lockFile} cannot be parsed${e.line !== undefined ? ` (line ${e.line}, column ${e.column})` : ''}: ${e.message}; the frozen install fails on it`,
      remediation: `Delete ${sync.lockFile} and regenerate it with \`${INSTALL_HINT[node.packageManager]}\`.`,
    });
    return;
  }
  if (sync.notVerified && !sync.notVerified.includes('binary')) {
    ctx.report({ severity: 'warning', application, file: sync.lockFile, message: `Application "${application}": ${sync.notVerified}; it was not compared with package.json` });
    return;
  }
  if (sync.problems.length === 0) return;
  const first = sync.problems.find((p) => p.kind !== 'extra') ?? sync.problems[0]!;
  const shown = sync.problems.slice(0, MAX_PROBLEMS_IN_MESSAGE).map((p) => p.message);
  const more = sync.problems.length - shown.length;
  const position = first.kind === 'extra' ? {} : packageJsonPosition(node.packageJson, [first.field, first.name]);
  const folder = sync.lockFile.includes('/') ? sync.lockFile.slice(0, sync.lockFile.lastIndexOf('/')) : '.';
  ctx.report({
    severity: 'error',
    application,
    file: node.packageJson.file,
    ...position,
    message: `Application "${application}": ${sync.lockFile} is out of sync with ${node.packageJson.file}, so \`${node.install}\` fails: ${shown.join('; ')}${more > 0 ? `; and ${more} more` : ''}`,
    remediation: `Run \`${INSTALL_HINT[node.packageManager]}\` in ${folder}/ and commit the updated ${sync.lockFile.slice(sync.lockFile.lastIndexOf('/') + 1)}.`,
    data: { lockFile: sync.lockFile, format: sync.format, problems: sync.problems },
  });
}
