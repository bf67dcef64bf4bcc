// DEPLOY-BUILDPACK: common modules (`"shared": "file:../shared"`) point at a folder of the
// repository that is a package, and are used with a package manager Connect supports them with
// (npm or Yarn Classic, per /connect/common-modules). Connect mounts the repository at build time;
// a module outside it, or missing, fails the install.
import { packageJsonPosition, plansForChecks } from '../../analyzers/buildpack/plan.js';
import { defineCheck } from '../../engine/types.js';

export default defineCheck({
  id: 'buildpack/common-modules',
  requirement: 'DEPLOY-BUILDPACK',
  title: 'Common modules exist in the repository and use npm or Yarn Classic',
  rationale:
    'A common module is a folder of the repository referenced with `file:../<module>`; Connect supports them with npm or Yarn Classic and only has the repository itself at build time.',
  remediation:
    'Place the shared module in a folder at the repository root with its own package.json and reference it as "file:../<folder>"; build the applications that use it with npm or Yarn 1.',
  run(ctx) {
    const result = plansForChecks(ctx.workspace);
    if (result.skip !== undefined) return ctx.skip(result.skip);
    for (const plan of result.plans) {
      const node = plan.node;
      if (!plan.folderExists || !node || node.commonModules.length === 0) continue;
      const application = plan.application;
      const pj = node.packageJson;
      for (const module of node.commonModules) {
        const where = { application, file: pj.file, ...packageJsonPosition(pj, [module.field, module.name]) };
        const ref = `${pj.file}: ${module.field}.${module.name} "${module.spec}"`;
        if (module.outsideRepository) {
          ctx.report({ severity: 'error', ...where, message: `${ref} points outside the repository; Connect only has the repository when it builds` });
        } else if (!module.exists) {
          ctx.report({ severity: 'error', ...where, message: `${ref} points to ${module.path}/, which is not in the repository; the install fails` });
        } else if (!module.hasPackageJson) {
          ctx.report({ severity: 'error', ...where, message: `${ref} points to ${module.path}/, which has no package.json, so it cannot be installed as a package` });
        }
      }
      const unsupported = node.packageManager === 'pnpm' || node.packageManager === 'bun' || (node.packageManager === 'yarn' && node.yarnBerry);
      if (unsupported) {
        const manager = node.packageManager === 'yarn' ? 'Yarn 2+' : node.packageManager;
        ctx.report({
          severity: 'warning',
          application,
          file: pj.file,
          message: `Application "${application}" uses common modules (${node.commonModules.map((m) => m.name).join(', ')}) with ${manager}; Connect supports common modules with npm or Yarn Classic only`,
        });
      }
    }
  },
});
