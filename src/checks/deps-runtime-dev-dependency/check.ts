// DEPLOY-SELF-CONTAINED: code that runs in production does not import devDependencies. After the
// build, the buildpack prunes devDependencies (NODE_ENV=production); an import of one from code
// reachable from the start command or the connect.yaml scripts then fails at run time with "Cannot
// find module", typically only after deployment (local runs and Connect's validation keep them).
//
// Assets and Merchant Center applications are exempt for their code: their runtime is a browser
// bundle that vite/mc-scripts build while devDependencies are installed; the bundle contains what it
// imports, and pruning afterwards removes nothing it needs. What still runs in their production
// image are the connect.yaml scripts, which are checked for every application type.
//
// TypeScript imports whose bindings are only used as types are removed by tsc (import elision) and
// never load at run time; they are not findings unless the tsconfig keeps imports as written.
import { applicationImportsOf, type PackageImport } from '../../analyzers/imports/app.js';
import { isElidedByTypeScript } from '../../analyzers/imports/elision.js';
import { applicationNameOf, isBrowserBundled, nodeApplicationFoldersOf } from '../../analyzers/packages/applications.js';
import { resolveBinary } from '../../analyzers/packages/binaries.js';
import { connectSpecOf } from '../../analyzers/connect-spec/parse.js';
import { declaredDependenciesOf } from '../../analyzers/packages/declared.js';
import { scriptUsesOf } from '../../analyzers/packages/script-uses.js';
import { defineCheck } from '../../engine/types.js';

export const MAX_LOCATIONS_PER_PACKAGE = 20;

export default defineCheck({
  id: 'deps/runtime-dev-dependency',
  requirement: 'DEPLOY-SELF-CONTAINED',
  title: 'Runtime code and deployment scripts do not rely on devDependencies',
  rationale:
    'The buildpack installs devDependencies for the build and prunes them afterwards (NODE_ENV=production), so the running application and its postDeploy/preUndeploy scripts see only "dependencies". A runtime import of a devDependency passes every local test and Connect\'s validation, then fails in the deployed container.',
  remediation: 'Move the package from "devDependencies" to "dependencies" in the application\'s package.json and update the lock file.',
  run(ctx) {
    const ws = ctx.workspace;
    const folders = nodeApplicationFoldersOf(ws);
    if (folders.length === 0) return ctx.skip('no Node.js application (a connect.yaml application folder with a package.json) to analyse');
    for (const folder of folders) {
      if (ctx.signal.aborted) return;
      if (folder.packageJson.error) continue;
      const application = applicationNameOf(folder);
      const declared = declaredDependenciesOf(ws, folder.dir);
      const pkgFile = folder.packageJson.file;

      // 1. Runtime code (Node.js applications only; see the header for assets and Merchant Center).
      if (!isBrowserBundled(folder)) {
        const analysis = applicationImportsOf(ws, folder.dir);
        const devOnly = new Map<string, PackageImport[]>();
        for (const imp of analysis.packageImports) {
          if (imp.role !== 'runtime') continue;
          const entry = declared.packages.get(imp.packageName);
          if (!entry || entry.production) continue; // undeclared: deps/undeclared-import
          if (isElidedByTypeScript(ws, imp, folder.dir)) continue;
          devOnly.set(imp.packageName, [...(devOnly.get(imp.packageName) ?? []), imp]);
        }
        const runtimeHow = analysis.entryFound
          ? `reachable from ${[...new Set(analysis.entries.map((e) => e.via))].join(', ')}`
          : 'under src/ (no start entry could be determined, so all application code under src/ counts as runtime)';
        for (const [name, places] of devOnly) {
          const first = places[0]!;
          const others = places.length - 1;
          const viaModule = declared.packages.get(name)?.via;
          ctx.report({
            severity: 'error',
            application,
            file: first.file,
            line: first.line,
            column: first.column,
            message:
              `Application "${application}": ${first.file}:${first.line}:${first.column} imports ` +
              (first.specifier === name ? `"${name}"` : `"${first.specifier}" (package "${name}")`) +
              ` in runtime code (${runtimeHow}), but it is ${viaModule ? `declared only by the local module ${viaModule}, which ${pkgFile} lists under devDependencies` : `only a devDependency in ${pkgFile}`}; ` +
              `the buildpack prunes devDependencies before the application runs` +
              (others > 0 ? ` (imported in ${others} more runtime place${others === 1 ? '' : 's'})` : ''),
            remediation: `Move "${name}" from "devDependencies" to "dependencies" in ${pkgFile} and update the lock file.`,
            data: {
              package: name,
              locations: places.slice(0, MAX_LOCATIONS_PER_PACKAGE).map((p) => ({ file: p.file, line: p.line, column: p.column, specifier: p.specifier })),
            },
          });
        }
      }

      // 2. What the connect.yaml scripts run, and packages preloaded by runtime commands
      //    (`node -r dotenv/config`). The start command's own binary is buildpack/start-command's.
      const reported = new Set<string>();
      for (const use of scriptUsesOf(ws, folder)) {
        if (!use.runtime) continue;
        const fromConnect = use.connect !== undefined;
        if (use.kind === 'binary' && !fromConnect) continue;
        let devPackage: string | undefined;
        if (use.kind === 'binary') {
          const r = resolveBinary(ws, folder.dir, use.name);
          if (r.status === 'declared' && r.production === false) devPackage = r.provider;
        } else {
          const entry = declared.packages.get(use.name);
          if (entry && entry.fields.length > 0 && !entry.production) devPackage = use.name;
        }
        if (devPackage === undefined) continue;
        const key = `${devPackage}:${use.connect?.application.name ?? ''}:${use.connect?.field ?? use.script}`;
        if (reported.has(key)) continue;
        reported.add(key);
        const app = use.connect?.application.name ?? application;
        let position: { file: string; line: number; column: number };
        let where: string;
        if (use.connect) {
          const spec = connectSpecOf(ws);
          position = { file: spec.file, ...spec.positionOf(['deployAs', use.connect.application.index, 'scripts', use.connect.field]) };
          where = `connect.yaml ${use.connect.field}`;
        } else {
          position = { file: pkgFile, ...folder.packageJson.positionOf(['scripts', use.script!]) };
          where = `script "${use.script}" (run by the start command or a connect.yaml script)`;
        }
        const what = use.kind === 'binary' ? `calls \`${use.name}\`, which comes from "${devPackage}"` : `loads "${use.how}"`;
        ctx.report({
          severity: 'error',
          application: app,
          file: position.file,
          line: position.line,
          column: position.column,
          message: `Application "${app}": ${where} ${what}, only a devDependency in ${pkgFile}; it runs in the deployed image, where devDependencies have been pruned`,
          remediation: `Move "${devPackage}" to "dependencies" in ${pkgFile}, or have the script run compiled JavaScript with node.`,
          data: { package: devPackage, command: use.command },
        });
      }
    }
  },
});
