// SEC-NONPROD: the application does not start with development tooling. What Connect runs in
// production — the start script (with the scripts it runs) and connect.yaml postDeploy/preUndeploy —
// must not use watchers and on-the-fly compilers (nodemon, ts-node, ts-node-dev, tsx, babel-node,
// node --watch), open a debugger port (node --inspect), or set NODE_ENV=development; nor may
// connect.yaml or a committed .env set NODE_ENV=development. Warnings for service, event and job
// applications; info for browser-bundled ones (their start script is a local preview, Connect serves
// their build output).
import { codeApplicationsOf } from '../../analyzers/code-rules/index.js';
import { NO_APPLICATIONS } from '../../analyzers/code-rules/report.js';
import { connectSpecOf } from '../../analyzers/connect-spec/parse.js';
import { commandsOfCommandLine, commandsOfScript, type ScriptCommand, type ScriptStep } from '../../analyzers/packages/scripts.js';
import { isDotenvFile, isTestPath } from '../../analyzers/secrets/files.js';
import { defineCheck, type Severity } from '../../engine/types.js';

/** Programs that exist for development: file watchers, on-the-fly compilers, dev servers. */
const DEVELOPMENT_PROGRAMS: Readonly<Record<string, string>> = {
  nodemon: 'restarts the process on file changes (a development watcher)',
  'ts-node': 'compiles TypeScript on the fly at every start (slow start, more memory, devDependency at run time)',
  'ts-node-esm': 'compiles TypeScript on the fly at every start',
  'ts-node-dev': 'watches files and compiles TypeScript on the fly',
  tsnd: 'watches files and compiles TypeScript on the fly',
  tsx: 'compiles TypeScript on the fly at every start',
  'babel-node': 'compiles with Babel on the fly (its documentation says: not meant for production use)',
  'node-dev': 'restarts the process on file changes',
  'webpack-dev-server': 'is a development server',
  supervisor: 'restarts the process on file changes',
};
const NODE_DEV_FLAGS = /^--(?:watch|watch-path|inspect|inspect-brk|inspect-wait)(?:=|$)/;
const DEV_NODE_ENV = /(?:^|\s)NODE_ENV=["']?(?:development|dev|local|test)["']?(?=\s|$|;|&)/;

function developmentUse(command: ScriptCommand): string | undefined {
  const known = DEVELOPMENT_PROGRAMS[command.program];
  if (known) return `\`${command.program}\` ${known}`;
  if (command.program === 'node' || command.program === 'nodejs') {
    const flag = command.args.find((a) => NODE_DEV_FLAGS.test(a));
    if (flag) return flag.startsWith('--inspect') ? `\`node ${flag}\` opens a debugger port` : `\`node ${flag}\` restarts on file changes (development mode)`;
  }
  if (command.program === 'vite' && !['build', 'preview'].includes(command.args.find((a) => !a.startsWith('-')) ?? '')) return '`vite` runs its development server';
  if (command.program === 'next' && command.args[0] === 'dev') return '`next dev` runs the development server';
  if (command.program === 'nest' && command.args.includes('--watch')) return '`nest start --watch` watches files';
  if (command.program === 'react-scripts' && command.args[0] === 'start') return '`react-scripts start` runs the development server';
  return undefined;
}

export default defineCheck({
  id: 'sec-nonprod/dev-start',
  requirement: 'SEC-NONPROD',
  title: 'Production start commands use no development tooling',
  rationale:
    'Connect starts service, event and job applications with their start script. Watchers and on-the-fly compilers start slowly, use more memory, need devDependencies the buildpack prunes, ' +
    'and NODE_ENV=development switches libraries (express, React) into verbose, slower development modes.',
  remediation: 'Compile during the build (gcp-build/build) and start the compiled output with node: "start": "node dist/index.js"; leave NODE_ENV to the platform.',
  run(ctx) {
    const ws = ctx.workspace;
    const apps = codeApplicationsOf(ws);
    if (apps.length === 0) return ctx.skip(NO_APPLICATIONS);
    const spec = connectSpecOf(ws);
    for (const app of apps) {
      const severity: Severity = app.browser ? 'info' : 'warning';
      const pkg = app.packageJson;
      const reported = new Set<string>();
      const inspect = (steps: ScriptStep[], where: (script: string | undefined) => { file: string; line: number; column: number; label: string }): void => {
        for (const step of steps) {
          const use = developmentUse(step.command);
          const text = step.script !== undefined ? pkg.scripts[step.script] ?? '' : '';
          const envUse = step.script !== undefined && DEV_NODE_ENV.test(text) ? 'sets NODE_ENV to a development value' : undefined;
          for (const what of [use, envUse]) {
            if (what === undefined) continue;
            const at = where(step.script);
            const key = `${at.file}:${at.line}:${what}`;
            if (reported.has(key)) continue;
            reported.add(key);
            ctx.report({
              severity,
              application: app.application,
              file: at.file,
              line: at.line,
              column: at.column,
              message: `${at.file}: ${at.label} ${what}`,
              evidence: step.command.text,
              data: { program: step.command.program, script: step.script },
            });
          }
        }
      };
      if (pkg.scripts.start !== undefined) {
        inspect(commandsOfScript(pkg.scripts, 'start'), (script) => ({
          file: pkg.file,
          ...pkg.positionOf(['scripts', script ?? 'start']),
          label: script === 'start' || script === undefined ? 'the start script' : `script "${script}" (run by the start script)`,
        }));
      }
      for (const application of app.applications) {
        for (const field of ['postDeploy', 'preUndeploy'] as const) {
          const line = application.scripts[field];
          if (line === undefined) continue;
          if (DEV_NODE_ENV.test(line)) {
            ctx.report({
              severity,
              application: application.name,
              file: spec.file,
              ...spec.positionOf(['deployAs', application.index, 'scripts', field]),
              message: `${spec.file}: ${field} of "${application.name}" sets NODE_ENV to a development value`,
              evidence: line,
            });
          }
          inspect(commandsOfCommandLine(pkg.scripts, line), (script) =>
            script === undefined
              ? { file: spec.file, ...spec.positionOf(['deployAs', application.index, 'scripts', field]), label: `${field} of "${application.name}"` }
              : { file: pkg.file, ...pkg.positionOf(['scripts', script]), label: `script "${script}" (run by ${field})` },
          );
        }
        for (const entry of application.configuration) {
          if (entry.key === 'NODE_ENV' && entry.default !== undefined && /^(?:development|dev|local|test)$/i.test(entry.default)) {
            ctx.report({
              severity,
              application: application.name,
              file: spec.file,
              ...spec.positionOf([...entry.path, 'default']),
              message: `${spec.file}: configuration NODE_ENV of "${application.name}" defaults to "${entry.default}"`,
            });
          }
        }
      }
      for (const entry of ws.filesUnder(app.dir)) {
        if (!isDotenvFile(entry.path) || isTestPath(entry.path) || entry.path.includes('/node_modules/')) continue;
        const name = entry.path.slice(entry.path.lastIndexOf('/') + 1);
        if (name !== '.env' && name !== '.env.production') continue; // .env.development is sec-nonprod/sample-config's
        (ws.readText(entry.path) ?? '').split('\n').forEach((content, index) => {
          if (!/^\s*(?:export\s+)?NODE_ENV\s*=\s*["']?(?:development|dev|local|test)["']?\s*(?:#.*)?$/.test(content)) return;
          ctx.report({
            severity,
            application: app.application,
            file: entry.path,
            line: index + 1,
            column: content.indexOf('NODE_ENV') + 1,
            message: `${entry.path}:${index + 1}: the committed environment file sets NODE_ENV to a development value`,
            evidence: content.trim(),
          });
        });
      }
    }
  },
});
