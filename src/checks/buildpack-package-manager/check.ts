// DEPLOY-BUILDPACK: the package manager the lock files select is one Connect documents, and the
// package.json `packageManager` field does not contradict it. The Yarn and pnpm buildpacks read
// `packageManager` to install the manager and stop with "yarn was detected but npm is set in the
// packageManager package.json field"; npm ignores the field, which then only misleads developers.
import { packageJsonPosition, plansForChecks } from '../../analyzers/buildpack/plan.js';
import { DOCUMENTED_PACKAGE_MANAGERS, SUPPORTED_RUNTIMES_SOURCE } from '../../analyzers/buildpack/runtimes.js';
import { defineCheck } from '../../engine/types.js';

export default defineCheck({
  id: 'buildpack/package-manager',
  requirement: 'DEPLOY-BUILDPACK',
  title: 'A documented package manager, consistent with packageManager',
  rationale:
    'Connect documents npm and Yarn. The buildpack derives the manager from the lock file; a contradicting `packageManager` field fails Yarn and pnpm builds and misleads developers on npm.',
  remediation:
    'Set `packageManager` to the manager whose lock file you commit (e.g. "yarn@1.22.22" with yarn.lock), or remove the field; prefer npm or Yarn.',
  run(ctx) {
    const result = plansForChecks(ctx.workspace);
    if (result.skip !== undefined) return ctx.skip(result.skip);
    for (const plan of result.plans) {
      const node = plan.node;
      if (!plan.folderExists || !node || !node.manifest) continue;
      const application = plan.application;
      const pj = node.packageJson;
      const where = { application, file: pj.file, ...packageJsonPosition(pj, ['packageManager']) };
      const field = node.packageManagerField;
      const readsField = node.packageManager === 'yarn' ? node.manifest.engines.yarn === undefined : node.packageManager === 'pnpm' ? node.manifest.engines.pnpm === undefined : false;
      if (field?.malformed) {
        ctx.report({
          severity: readsField ? 'error' : 'warning',
          ...where,
          message: `${pj.file}: "packageManager": "${field.raw}" is not of the form "<name>@<version>"${readsField ? `; the ${node.packageManager} buildpack fails parsing it` : ''}`,
        });
      } else if (field?.conflict) {
        ctx.report({
          severity: readsField ? 'error' : 'warning',
          ...where,
          message: readsField
            ? `${pj.file}: "packageManager": "${field.raw}" contradicts ${node.lockFile?.path ?? 'the lock file'}; the ${node.packageManager} buildpack stops with "${node.packageManager} was detected but ${field.name} is set in the packageManager package.json field"`
            : `${pj.file}: "packageManager": "${field.raw}" names ${field.name}, but ${node.lockFile ? `the lock file ${node.lockFile.path}` : 'the absence of a yarn.lock'} makes the buildpack build with ${node.packageManager}`,
          data: { packageManagerField: field.raw, selected: node.packageManager },
        });
      } else if (field && readsField && node.packageManager === 'yarn' && field.version) {
        const fieldMajor = Number(field.version.split('.')[0]);
        if (Number.isFinite(fieldMajor) && fieldMajor >= 2 !== node.yarnBerry) {
          ctx.report({
            severity: fieldMajor >= 2 ? 'error' : 'warning',
            ...where,
            message: fieldMajor >= 2
              ? `${pj.file}: "packageManager": "${field.raw}" asks for Yarn ${fieldMajor}, but ${node.lockFile?.path} is a Yarn 1 lock file; the buildpack then runs Yarn 1 install flags (--frozen-lockfile, --non-interactive) with Yarn ${fieldMajor}`
              : `${pj.file}: "packageManager": "${field.raw}" asks for Yarn 1, but ${node.lockFile?.path} was written by Yarn 2+`,
          });
        }
      }
      if (!DOCUMENTED_PACKAGE_MANAGERS.includes(node.packageManager)) {
        ctx.report({
          severity: 'warning',
          application,
          file: node.lockFile?.path ?? pj.file,
          message: `Application "${application}" is built with ${node.packageManager} (${node.lockFile?.path}); Connect documents only ${DOCUMENTED_PACKAGE_MANAGERS.join(' and ')} (${SUPPORTED_RUNTIMES_SOURCE}), and whether its pinned builder supports ${node.packageManager} is not guaranteed`,
          remediation: `Use npm (package-lock.json) or Yarn (yarn.lock) for Connect applications.`,
        });
      }
    }
  },
});
