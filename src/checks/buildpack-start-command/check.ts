// DEPLOY-BUILDPACK: the buildpack finds a start command that can work. Entrypoint rules: a
// Procfile `web:` process wins; npm runs `npm run start` when scripts.start exists, else
// `npm run start` for server.js, else `node <main>`, else `node index.js`; Yarn, pnpm and bun always
// run `<manager> run start`. In production the buildpack removes devDependencies (NODE_ENV is
// production), so the start command cannot rely on one.
import { isMerchantCenterApp, packageJsonPosition, nodePlansForCheck, type BuildpackPlan, type NodePlan } from '../../analyzers/buildpack/plan.js';
import { defineCheck, type FindingInput, type Severity } from '../../engine/types.js';

/** Binaries whose package has another name. */
export const BINARY_PACKAGES: Readonly<Record<string, string>> = {
  'mc-scripts': '@commercetools-frontend/mc-scripts',
  nest: '@nestjs/cli',
  tsc: 'typescript',
  'ts-node-dev': 'ts-node-dev',
  'react-scripts': 'react-scripts',
};
/** Binaries that come with the runtime or the buildpack, never from package.json. */
const RUNTIME_BINARIES = new Set(['node', 'nodejs', 'npm', 'npx', 'yarn', 'pnpm', 'bun', 'corepack', 'sh', 'bash', 'exec', 'cd', 'echo', 'java']);

export default defineCheck({
  id: 'buildpack/start-command',
  requirement: 'DEPLOY-BUILDPACK',
  title: 'A start command the buildpack finds and can run',
  rationale:
    'Service, event and job applications are containers the buildpack starts with its entrypoint rules; Yarn always runs `yarn run start`, npm falls back to server.js, `main` or index.js. A missing entrypoint or one that needs pruned devDependencies makes the container fail at start.',
  remediation:
    'Add a "start" script that runs the compiled entry file with node (e.g. "start": "node build/index.js") and keep whatever it needs in "dependencies".',
  run(ctx) {
    for (const { plan, node } of nodePlansForCheck(ctx)) {
      for (const finding of startFindings(plan, node)) ctx.report(finding);
    }
  },
});

function startFindings(plan: BuildpackPlan, node: NodePlan): FindingInput[] {
  const out: FindingInput[] = [];
  const start = node.start;
  const pj = node.packageJson;
  const manifest = node.manifest!;
  const application = plan.application;
  // Assets are served from their build output and Merchant Center apps by Connect's own tooling.
  const severity: Severity = isMerchantCenterApp(plan.applicationType) || plan.applicationType === 'assets' ? 'info' : 'error';
  const field = start.source === 'scripts.start' ? ['scripts', 'start'] : start.source === 'main' ? ['main'] : ['scripts'];
  const where = { application, file: start.source === 'Procfile' ? `${plan.realFolder}/Procfile` : pj.file, ...(start.source === 'Procfile' ? {} : packageJsonPosition(pj, field)) };

  if (start.problem) {
    out.push({ severity, ...where, message: `Application "${application}": ${start.problem}` });
    return out;
  }
  const entry = start.entry;
  const buildRuns = Boolean(node.build.command && !node.build.skipped);
  if (entry && !entry.exists && !(entry.inOutputDir && (buildRuns || entry.compiledAtStart))) {
    // Compiled output missing without a build is reported by buildpack/build-script.
    if (!entry.inOutputDir) {
      const missing = `${plan.realFolder}/${entry.written.replace(/^\.\//, '')}`;
      const message =
        start.source === 'scripts.start' || start.source === 'Procfile'
          ? `the start command "${start.script}" runs ${entry.written}, which is not in ${plan.realFolder}/`
          : start.source === 'main'
            ? `with no start script and no server.js, the buildpack runs \`${start.command}\` (from "main"), but ${missing} does not exist`
            : `with no start script, no server.js and no "main", the buildpack runs \`${start.command}\`, but ${missing} does not exist`;
      out.push({ severity, ...where, message: `Application "${application}": ${message}` });
    }
  }
  const binary = start.binary;
  if (binary && !RUNTIME_BINARIES.has(binary)) {
    const pkg = BINARY_PACKAGES[binary] ?? binary;
    const inDependencies = manifest.dependencies[pkg] !== undefined || manifest.dependencies[binary] !== undefined;
    const inDevDependencies = manifest.devDependencies[pkg] !== undefined || manifest.devDependencies[binary] !== undefined;
    if (!inDependencies && inDevDependencies) {
      out.push({
        severity,
        ...where,
        message: `Application "${application}": the start command runs ${binary}, which comes from devDependencies (${pkg}); in production the buildpack installs or prunes with NODE_ENV=production, so ${binary} is not in the image`,
        remediation: `Move ${pkg} to "dependencies", or start with node on compiled output instead of ${binary}.`,
      });
    }
  }
  return out;
}
