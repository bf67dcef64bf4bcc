// SEC-OUTDATED-DEPS: `engines.node` does not admit Node.js majors past end of life. An EOL runtime
// gets no security releases: a range that admits only EOL majors pins the connector to an
// unpatched runtime (error); one that also admits them lets builds, CI and developers run on
// one (warning). Odd-numbered majors are never LTS and live six months by design: an open range
// like ">=22" that lets them in is not worth a warning, so the warning counts end-of-life LTS lines
// only (a range admitting nothing but end-of-life majors is an error whatever they are).
// End-of-life dates come from node-releases' release schedule, shipped with the tool (no
// network); "today" is injectable for tests. Whether the range fits the majors Connect
// builds is buildpack/node-version's concern (DEPLOY-BUILDPACK); this check is about security
// support only, and says nothing when the range is unreadable or admits no released major.
import { isEndOfLife, majorsAdmitted, nodeMajorInfo, parseEnginesRange, releasedNodeMajors } from '../../analyzers/buildpack/runtimes.js';
import { applicationNameOf, nodeApplicationFoldersOf } from '../../analyzers/packages/applications.js';
import { defineCheck, type CheckDefinition, type FindingInput } from '../../engine/types.js';

export interface NodeEolInput {
  application: string;
  /** package.json path, for the finding. */
  file: string;
  engines: string;
  position?: { line: number; column: number };
}

/** The finding for one `engines.node`, or none. */
export function nodeEolFinding(input: NodeEolInput, now: Date): FindingInput | undefined {
  const parsed = parseEnginesRange(input.engines);
  if (!parsed.ok) return undefined;
  const admitted = majorsAdmitted(
    parsed.range,
    releasedNodeMajors(now).map((m) => m.major),
  );
  if (admitted.length === 0) return undefined;
  const supported = admitted.filter((major) => !isEndOfLife(major, now));
  const only = supported.length === 0;
  const endOfLife = admitted.filter((major) => isEndOfLife(major, now) && (only || nodeMajorInfo(major)?.lts !== undefined));
  if (endOfLife.length === 0) return undefined;
  const listed = endOfLife.map((major) => `${major} (end of life ${nodeMajorInfo(major)?.end ?? '?'})`).join(', ');
  const quoted = `"engines.node": "${input.engines}"`;
  return {
    severity: only ? 'error' : 'warning',
    application: input.application,
    file: input.file,
    ...(input.position ?? {}),
    message: only
      ? `Application "${input.application}": ${input.file} ${quoted} admits only Node.js majors past end of life: ${listed}; they receive no security releases, so the connector runs on an unpatched runtime`
      : `Application "${input.application}": ${input.file} ${quoted} also admits Node.js LTS majors past end of life: ${listed}; builds, CI and developers may run it on a runtime without security releases (still supported: ${supported.join(', ')})`,
    remediation: only
      ? `Move to a Node.js major with security support (${releasedNodeMajors(now)
          .filter((m) => !isEndOfLife(m.major, now) && m.lts !== undefined && Date.parse(m.lts) <= now.getTime())
          .map((m) => m.major)
          .join(', ')}), set engines.node to it and test the application on it.`
      : `Raise the lower bound of engines.node above the end-of-life majors, e.g. ">=${supported.find((m) => nodeMajorInfo(m)?.lts !== undefined) ?? supported[0]}".`,
    data: { engines: input.engines, endOfLife, supported },
  };
}

/** The check, with its clock (tests pass a fixed date). */
export function createNodeEolCheck(now: () => Date): CheckDefinition {
  return defineCheck({
    id: 'deps/node-eol',
    requirement: 'SEC-OUTDATED-DEPS',
    title: 'engines.node admits no end-of-life Node.js major',
    rationale:
      'A Node.js major past end of life receives no security fixes. The runtime is the largest dependency of every application; certification asks for no outdated dependencies and no security vulnerabilities.',
    remediation: 'Set engines.node to Node.js majors with security support and test the application on them.',
    run(ctx) {
      const folders = nodeApplicationFoldersOf(ctx.workspace);
      if (folders.length === 0) return ctx.skip('no Node.js application (a connect.yaml application folder with a package.json) to analyse');
      const today = now();
      for (const folder of folders) {
        const pj = folder.packageJson;
        const engines = pj.value?.engines;
        const node = typeof engines === 'object' && engines !== null ? (engines as Record<string, unknown>).node : undefined;
        if (typeof node !== 'string') continue;
        const finding = nodeEolFinding({ application: applicationNameOf(folder), file: pj.file, engines: node, position: pj.positionOf(['engines', 'node']) }, today);
        if (finding) ctx.report(finding);
      }
    },
  });
}

export default createNodeEolCheck(() => new Date());
