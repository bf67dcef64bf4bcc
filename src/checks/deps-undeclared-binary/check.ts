// DEPLOY-SELF-CONTAINED: every binary a script calls — in package.json `scripts` and in
// connect.yaml `postDeploy`/`preUndeploy` — comes from a package the application declares, and so
// does every package a script names (`npx -p x`, `node -r x`, `node node_modules/x/…`). npm puts
// only installed packages' binaries on the PATH of a script; a globally installed `tsc` or
// `rimraf` on a developer's machine does not exist in Connect's build, and `npx x` of an
// undeclared x downloads whatever version is current at build time.
import { applicationNameOf, nodeApplicationFoldersOf, type NodeApplicationFolder } from '../../analyzers/packages/applications.js';
import { declaresPackage, resolveBinary, type BinaryResolution } from '../../analyzers/packages/binaries.js';
import { connectSpecOf } from '../../analyzers/connect-spec/parse.js';
import { scriptUsesOf, type ScriptUse } from '../../analyzers/packages/script-uses.js';
import { defineCheck, type FindingInput } from '../../engine/types.js';
import type { Workspace } from '../../engine/workspace.js';

export default defineCheck({
  id: 'deps/undeclared-binary',
  requirement: 'DEPLOY-SELF-CONTAINED',
  title: 'Every binary the scripts call comes from a declared dependency',
  rationale:
    'npm runs scripts with the application\'s own node_modules/.bin on the PATH and nothing else from npm. Connect builds each application in a clean container, so a binary that only exists globally on a developer\'s machine (tsc, rimraf, jest, serve, mc-scripts…) is "command not found" there; `npx` of an undeclared package downloads an unpinned version during the build.',
  remediation:
    'Declare the package that provides the binary in the application\'s package.json ("devDependencies" for build and test tools, "dependencies" for anything the start command or the connect.yaml scripts run) and regenerate the lock file.',
  run(ctx) {
    const ws = ctx.workspace;
    const folders = nodeApplicationFoldersOf(ws);
    if (folders.length === 0) return ctx.skip('no Node.js application (a connect.yaml application folder with a package.json) to analyse');
    for (const folder of folders) {
      if (folder.packageJson.error) continue;
      for (const finding of findingsFor(ws, folder)) ctx.report(finding);
    }
  },
});

function findingsFor(ws: Workspace, folder: NodeApplicationFolder): FindingInput[] {
  const out: FindingInput[] = [];
  const uses = scriptUsesOf(ws, folder);
  // One finding per missing binary/package, at its first use, naming every script that uses it.
  const groups = new Map<string, { use: ScriptUse; all: ScriptUse[]; resolution?: BinaryResolution }>();
  for (const use of uses) {
    let problem: BinaryResolution | 'package' | undefined;
    if (use.kind === 'binary') {
      const resolution = resolveBinary(ws, folder.dir, use.name);
      if (resolution.status === 'undeclared' || resolution.status === 'unknown') problem = resolution;
    } else if (!declaresPackage(ws, folder.dir, use.name)) {
      problem = 'package';
    }
    if (problem === undefined) continue;
    const key = `${use.kind}:${use.name}`;
    const group = groups.get(key);
    if (group) group.all.push(use);
    else groups.set(key, { use, all: [use], ...(problem !== 'package' ? { resolution: problem } : {}) });
  }
  for (const { use, all, resolution } of groups.values()) {
    const app = use.connect?.application.name ?? applicationNameOf(folder);
    const places = [...new Set(all.map(describe))];
    const where = positionOf(ws, folder, use);
    const runtime = all.some((u) => u.runtime);
    const field = runtime ? 'dependencies' : 'devDependencies';
    if (use.kind === 'package') {
      out.push({
        severity: 'error',
        application: app,
        ...where,
        message: `Application "${app}": ${places.join(', ')} use${places.length === 1 ? 's' : ''} package "${use.name}" (${use.how}), which ${folder.packageJson.file} does not declare`,
        remediation: `Add "${use.name}" to "${field}" in ${folder.packageJson.file} and update the lock file.`,
        data: { package: use.name, scripts: places },
      });
      continue;
    }
    if (resolution!.status === 'undeclared') {
      const providers = resolution!.providers;
      const via = use.runner === 'npx' || use.runner === 'npm-exec' ? ' (npx would download it on every build)' : '';
      out.push({
        severity: 'error',
        application: app,
        ...where,
        message:
          `Application "${app}": ${places.join(', ')} call${places.length === 1 ? 's' : ''} \`${use.name}\`${via}, ` +
          `which comes from ${providers.map((p) => `"${p}"`).join(' or ')}, not declared in ${folder.packageJson.file}`,
        remediation: `Add "${providers[0]}" to "${field}" in ${folder.packageJson.file} and update the lock file.`,
        data: { binary: use.name, providers, source: resolution!.source, scripts: places },
      });
    } else {
      out.push({
        severity: 'warning',
        application: app,
        ...where,
        message:
          `Application "${app}": ${places.join(', ')} call${places.length === 1 ? 's' : ''} \`${use.name}\`, ` +
          `and neither the lock file nor the known-binaries table says which package provides it; if it is an npm package, ${folder.packageJson.file} does not declare it`,
        remediation: `Declare the package that provides \`${use.name}\` in ${folder.packageJson.file}, or call a system command the build image has.`,
        data: { binary: use.name, scripts: places },
      });
    }
  }
  return out;
}

function describe(use: ScriptUse): string {
  if (use.connect) return `connect.yaml ${use.connect.field} of "${use.connect.application.name}"`;
  return `script "${use.script}"`;
}

function positionOf(ws: Workspace, folder: NodeApplicationFolder, use: ScriptUse): Pick<FindingInput, 'file' | 'line' | 'column'> {
  if (use.connect) {
    const spec = connectSpecOf(ws);
    const pos = spec.positionOf(['deployAs', use.connect.application.index, 'scripts', use.connect.field]);
    return { file: spec.file, line: pos.line, column: pos.column };
  }
  const pos = folder.packageJson.positionOf(['scripts', use.script!]);
  return { file: folder.packageJson.file, line: pos.line, column: pos.column };
}
