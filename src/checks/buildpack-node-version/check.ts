// DEPLOY-BUILDPACK: `engines.node` admits a Node.js major Connect runs. It is the only lever a
// creator has: the buildpack reads GOOGLE_NODEJS_VERSION / GOOGLE_RUNTIME_VERSION (not settable on
// Connect), then engines.node, and installs the newest release matching it. `.nvmrc` is ignored
// by the buildpack, so one that disagrees means developers test on another runtime.
import { packageJsonPosition, nodePlansForCheck, type BuildpackPlan, type NodePlan } from '../../analyzers/buildpack/plan.js';
import { SUPPORTED_NODE_MAJORS, SUPPORTED_RUNTIMES_SOURCE } from '../../analyzers/buildpack/runtimes.js';
import { defineCheck, type FindingInput } from '../../engine/types.js';

const supportedList = SUPPORTED_NODE_MAJORS.join(' and ');

export default defineCheck({
  id: 'buildpack/node-version',
  requirement: 'DEPLOY-BUILDPACK',
  title: 'engines.node selects a Node.js major Connect supports',
  rationale: `Connect runs Node.js ${supportedList} (${SUPPORTED_RUNTIMES_SOURCE}); the buildpack takes the version from package.json engines.node, so a range outside those majors builds on an unsupported runtime or not at all.`,
  remediation: `Set "engines": { "node": "${SUPPORTED_NODE_MAJORS.map((m) => `${m}.x`).join(' || ')}" } (or a single supported major) and keep .nvmrc on the same major.`,
  run(ctx) {
    for (const { plan, node } of nodePlansForCheck(ctx)) {
      for (const finding of versionFindings(plan, node)) ctx.report(finding);
    }
  },
});

function versionFindings(plan: BuildpackPlan, node: NodePlan): FindingInput[] {
  const out: FindingInput[] = [];
  const version = node.nodeVersion;
  const pj = node.packageJson;
  const application = plan.application;
  const where = { application, file: pj.file, ...packageJsonPosition(pj, ['engines', 'node']) };
  if (version.engines !== undefined) {
    const quoted = `"engines.node": "${version.engines}"`;
    if (version.invalid) {
      out.push({ severity: 'error', ...where, message: `${pj.file}: ${quoted} cannot be read as a version range (${version.invalid}); the buildpack fails resolving a Node.js version` });
    } else if (!version.supported) {
      const admits = version.major !== undefined ? `; the buildpack would install Node.js ${version.major}` : '';
      out.push({
        severity: 'error',
        ...where,
        message: `${pj.file}: ${quoted} admits none of the Node.js majors Connect supports (${supportedList})${admits}`,
        data: { engines: version.engines, supported: SUPPORTED_NODE_MAJORS },
      });
    } else {
      // End-of-life majors inside the range are deps/node-eol's finding (SEC-OUTDATED-DEPS), not repeated here.
      if (version.admittedNewer.length > 0) {
        out.push({
          severity: 'info',
          ...where,
          message: `${pj.file}: ${quoted} has no upper bound: the buildpack installs the newest matching release, which can be Node.js ${version.admittedNewer.join(' or ')}, a major Connect does not list (${supportedList})`,
          remediation: `Bound the range, e.g. "${SUPPORTED_NODE_MAJORS.map((m) => `${m}.x`).join(' || ')}".`,
        });
      }
    }
  }
  const nvmrc = version.nvmrc;
  if (nvmrc?.major !== undefined) {
    const remediation = `Make ${nvmrc.file} and engines.node name the same supported major (${supportedList}).`;
    const base = { severity: 'warning' as const, application, file: nvmrc.file, line: 1, column: 1, remediation };
    if (nvmrc.agrees === false) {
      out.push({
        ...base,
        message: `${nvmrc.file} names Node.js ${nvmrc.raw} (major ${nvmrc.major}), which engines.node "${version.engines}" in ${pj.file} does not admit; the buildpack ignores .nvmrc, so developers test on another runtime than Connect runs`,
      });
    } else if (version.engines === undefined && nvmrc.supported === false) {
      out.push({
        ...base,
        message: `${nvmrc.file} names Node.js ${nvmrc.raw} (major ${nvmrc.major}), which Connect does not run (${supportedList}); the buildpack ignores .nvmrc and, without engines.node in ${pj.file}, builds with the builder's default, so developers test on another runtime than Connect runs`,
      });
    }
  }
  return out;
}
