// DEPLOY-BUILDPACK: an application that must be compiled (TypeScript, or a start command that runs
// build/ or dist/ output the repository does not hold) has a build script the buildpack will run.
// npm/pnpm run `gcp-build`, else `build` (an empty `gcp-build` means "run nothing"); Yarn runs
// only `gcp-build` and never `build` (GoogleCloudPlatform/buildpacks#360).
import { isMerchantCenterApp, packageJsonPosition, nodePlansForCheck, type BuildpackPlan, type NodePlan } from '../../analyzers/buildpack/plan.js';
import { defineCheck, type FindingInput } from '../../engine/types.js';
import type { Workspace } from '../../engine/workspace.js';

export default defineCheck({
  id: 'buildpack/build-script',
  requirement: 'DEPLOY-BUILDPACK',
  title: 'The compile step runs in the buildpack',
  rationale:
    'The buildpack only runs `gcp-build` (npm and pnpm fall back to `build`; Yarn never runs `build`). A TypeScript application whose compile script is not among those starts without its compiled output and crashes.',
  remediation:
    'Add a "gcp-build" script that compiles the application (e.g. "gcp-build": "tsc"), as the Connect application kit templates do; with npm a "build" script also works.',
  run(ctx) {
    for (const { plan, node } of nodePlansForCheck(ctx)) {
      const finding = buildFinding(ctx.workspace, plan, node);
      if (finding) ctx.report(finding);
    }
  },
});

function buildFinding(ws: Workspace, plan: BuildpackPlan, node: NodePlan): FindingInput | undefined {
  const build = node.build;
  if (build.command && !build.skipped) return undefined; // a build script will run
  const scripts = node.manifest?.scripts ?? {};
  const entry = node.start.entry;
  const pj = node.packageJson;
  const application = plan.application;
  const informational = isMerchantCenterApp(plan.applicationType);
  const whyNothing = build.ignoredBuildScript
    ? `Yarn runs only "gcp-build" and ignores "build": "${scripts.build}"`
    : build.skipped ?? 'no build script runs';
  const field = build.ignoredBuildScript ? ['scripts', 'build'] : scripts['gcp-build'] !== undefined ? ['scripts', 'gcp-build'] : scripts.start !== undefined ? ['scripts', 'start'] : ['scripts'];
  const base = { application, file: pj.file, ...packageJsonPosition(pj, field) };
  const fix = build.ignoredBuildScript ? `Add "gcp-build": "${scripts.build}" (or just "tsc") to ${pj.file}.` : undefined;

  if (entry && entry.inOutputDir && !entry.exists) {
    if (entry.compiledAtStart) {
      return {
        severity: 'warning',
        ...base,
        message: `Application "${application}": nothing is compiled at build time (${whyNothing}); the start script compiles when the container starts, which slows every start and needs the compiler, a devDependency the buildpack prunes in production`,
        ...(fix ? { remediation: fix } : {}),
      };
    }
    return {
      severity: informational ? 'info' : 'error',
      ...base,
      message: `Application "${application}": the start command runs ${entry.written}, which is compiled output not in the repository, but the buildpack compiles nothing (${whyNothing}); the container would fail with "Cannot find module"`,
      ...(fix ? { remediation: fix } : {}),
      data: { packageManager: node.packageManager, typescript: node.typescript.evidence },
    };
  }
  if (entry && entry.inOutputDir && entry.exists && node.typescript.detected) {
    return {
      severity: 'warning',
      ...base,
      message: `Application "${application}": the buildpack compiles nothing (${whyNothing}), so the image runs the committed ${entry.written} rather than the TypeScript source; they can differ`,
      ...(fix ? { remediation: fix } : {}),
    };
  }
  if (plan.applicationType === 'assets' && node.typescript.detected && !ws.hasDir(`${plan.realFolder}/public`) && !ws.hasDir(`${plan.realFolder}/dist`)) {
    return {
      severity: 'error',
      ...base,
      message: `Application "${application}" (assets): nothing builds the assets (${whyNothing}) and no built output (public/ or dist/) is in the repository, so there is nothing to serve`,
      ...(fix ? { remediation: fix } : {}),
    };
  }
  if (build.ignoredBuildScript && node.typescript.detected) {
    return {
      severity: informational ? 'info' : 'warning',
      ...base,
      message: `Application "${application}" is TypeScript and has a "build" script, but ${whyNothing}; unless the start command compiles by itself, the build output will be missing`,
      ...(fix ? { remediation: fix } : {}),
    };
  }
  return undefined;
}
