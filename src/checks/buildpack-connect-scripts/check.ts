// DEPLOY-BUILDPACK: the connect.yaml `scripts.postDeploy` / `scripts.preUndeploy` commands run
// package.json scripts that exist. Connect runs them in the application's folder after
// deployment and before undeployment; `npm run X` with no script X fails with "Missing script".
import { connectSpecOf } from '../../analyzers/connect-spec/parse.js';
import { fileExists } from '../../analyzers/buildpack/files.js';
import { plansForChecks, scriptInvocation } from '../../analyzers/buildpack/plan.js';
import { defineCheck } from '../../engine/types.js';

const SCRIPT_KINDS = ['postDeploy', 'preUndeploy'] as const;

export default defineCheck({
  id: 'buildpack/connect-scripts',
  requirement: 'DEPLOY-BUILDPACK',
  title: 'connect.yaml scripts call package.json scripts that exist',
  rationale:
    'postDeploy and preUndeploy run package.json scripts of the application (e.g. `npm run connector:post-deploy`); a missing script fails the deployment after the build has succeeded.',
  remediation:
    'Add the missing script to the application\'s package.json (e.g. "connector:post-deploy": "node build/connector/post-deploy.js") or fix the name in connect.yaml.',
  run(ctx) {
    const ws = ctx.workspace;
    const result = plansForChecks(ws);
    if (result.skip !== undefined) return ctx.skip(result.skip);
    const spec = connectSpecOf(ws);
    for (const plan of result.plans) {
      const node = plan.node;
      const app = spec.spec.applications.find((a) => a.index === plan.applicationIndex);
      if (!app || !plan.folderExists || !node?.manifest) continue;
      const scripts = node.manifest.scripts;
      for (const kind of SCRIPT_KINDS) {
        const command = app.scripts[kind];
        if (command === undefined) continue;
        for (const name of invokedScripts(command)) {
          if (scripts[name] !== undefined) continue;
          if (name === 'start' && fileExists(ws, `${plan.realFolder}/server.js`)) continue; // npm's default start
          const position = spec.positionOf(['deployAs', app.index, 'scripts', kind]);
          ctx.report({
            severity: 'error',
            application: plan.application,
            file: spec.file,
            line: position.line,
            column: position.column,
            message: `Application "${plan.application}": scripts.${kind} "${command}" runs the package.json script "${name}", which ${node.packageJson.file} does not define (it has: ${Object.keys(scripts).join(', ') || 'no scripts'})`,
            data: { script: name, kind },
          });
        }
      }
    }
  },
});

/** package.json scripts a shell command line runs, in order; stops at `cd` (the folder changes). */
export function invokedScripts(command: string): string[] {
  const names: string[] = [];
  for (const segment of command.split(/&&|\|\||[;|]/)) {
    const tokens = segment.trim().split(/\s+/).filter((t) => t !== '').map((t) => t.replace(/^['"]|['"]$/g, ''));
    let i = 0;
    while (i < tokens.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(tokens[i]!)) i++;
    if (tokens[i] === 'cd') break;
    const name = scriptInvocation(tokens.slice(i));
    if (name !== undefined && !names.includes(name)) names.push(name);
  }
  return names;
}
