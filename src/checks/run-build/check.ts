// FUNC-BUILD (run phase, opt-in with --run): in the sandbox, each Node.js application installs with
// the package manager and command the buildpack would use (npm ci, yarn install --frozen-lockfile,
// pnpm install --frozen-lockfile) and builds with the script it would run (gcp-build / build); an
// assets or Merchant Center application must produce public/. A failure quotes the end of the log.
import { reportRunPhase } from '../../analyzers/functional/report.js';
import { defineCheck } from '../../engine/types.js';

export default defineCheck({
  id: 'run/build',
  requirement: 'FUNC-BUILD',
  title: 'Each application installs and builds as the buildpack builds it',
  rationale:
    'Connect builds every application with Google Cloud\'s buildpacks: the lock file decides the package manager, the install is frozen to the lock file, and gcp-build (or build; Yarn: only gcp-build) runs without you. A connector whose install or build fails cannot be deployed.',
  remediation:
    'Run the install and build commands shown in the finding after deleting node_modules; keep the lock file in sync with package.json and make the build script compile everything the start command runs.',
  optIn: true,
  run: (ctx) => reportRunPhase(ctx, 'build', 'FUNC-BUILD'),
});
