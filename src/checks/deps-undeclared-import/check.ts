// DEPLOY-SELF-CONTAINED: every package an application's code imports is declared in that
// application's package.json (or by a local module it declares). Connect builds each application
// alone from its folder with `npm ci`, so a package that only resolves locally — hoisted from a
// root workspace, installed globally, pulled in by another dependency — is missing in the build or
// disappears with the next lock-file change.
import { applicationImportsOf, type PackageImport } from '../../analyzers/imports/app.js';
import { applicationNameOf, nodeApplicationFoldersOf } from '../../analyzers/packages/applications.js';
import { declaredDependenciesOf } from '../../analyzers/packages/declared.js';
import { packageJsonOf } from '../../analyzers/packages/package-json.js';
import { defineCheck } from '../../engine/types.js';

/** Places listed per undeclared package in the finding's data. */
export const MAX_LOCATIONS_PER_PACKAGE = 20;
/** Parse problems reported per application before the rest are summarised. */
export const MAX_PARSE_WARNINGS = 10;

export default defineCheck({
  id: 'deps/undeclared-import',
  requirement: 'DEPLOY-SELF-CONTAINED',
  title: 'Every imported package is declared in the application\'s package.json',
  rationale:
    'Connect installs each application from its own package.json and lock file, in isolation. An import of a package the application does not declare works only by accident (hoisted from a root workspace, installed transitively or globally) and breaks the build or the running service when that accident goes away.',
  remediation:
    'Declare the package in the application\'s package.json — "dependencies" when runtime code imports it, "devDependencies" for tests and build tooling — and regenerate the lock file; or remove the import.',
  run(ctx) {
    const ws = ctx.workspace;
    const folders = nodeApplicationFoldersOf(ws);
    if (folders.length === 0) return ctx.skip('no Node.js application (a connect.yaml application folder with a package.json) to analyse');
    const rootPackage = packageJsonOf(ws, '');
    for (const folder of folders) {
      if (ctx.signal.aborted) return;
      if (folder.packageJson.error) continue; // an invalid package.json is the buildpack checks' finding
      const application = applicationNameOf(folder);
      const analysis = applicationImportsOf(ws, folder.dir);
      const declared = declaredDependenciesOf(ws, folder.dir);
      const undeclared = new Map<string, PackageImport[]>();
      for (const imp of analysis.packageImports) {
        if (declared.has(imp.packageName)) continue;
        undeclared.set(imp.packageName, [...(undeclared.get(imp.packageName) ?? []), imp]);
      }
      for (const [name, places] of undeclared) {
        const first = places[0]!;
        const others = places.length - 1;
        const atRoot = rootPackage.present && folder.dir !== '' && [rootPackage.dependencies, rootPackage.devDependencies].some((d) => d[name] !== undefined);
        const roles = new Set(places.map((p) => p.role));
        const where = roles.has('runtime') ? 'runtime code' : roles.has('source') ? 'application code' : roles.has('test') ? 'a test' : 'build configuration';
        ctx.report({
          severity: 'error',
          application,
          file: first.file,
          line: first.line,
          column: first.column,
          message:
            `Application "${application}": ${first.file}:${first.line}:${first.column} (${where}) imports ` +
            (first.specifier === name ? `"${name}"` : `"${first.specifier}" (package "${name}")`) +
            `, which ${folder.packageJson.file} does not declare` +
            (others > 0 ? ` (imported in ${others} more place${others === 1 ? '' : 's'})` : '') +
            (atRoot ? `; it is declared only in the root package.json, which Connect does not install for this application` : ''),
          remediation: roles.has('runtime') || roles.has('source')
            ? `Add "${name}" to "dependencies" in ${folder.packageJson.file} and update the lock file.`
            : `Add "${name}" to "devDependencies" in ${folder.packageJson.file} and update the lock file.`,
          data: {
            package: name,
            locations: places.slice(0, MAX_LOCATIONS_PER_PACKAGE).map((p) => ({ file: p.file, line: p.line, column: p.column, role: p.role, specifier: p.specifier })),
          },
        });
      }
      const broken = [...new Map(analysis.diagnostics.map((d) => [d.file, d])).values()];
      for (const d of broken.slice(0, MAX_PARSE_WARNINGS)) {
        ctx.report({
          severity: 'warning',
          application,
          file: d.file,
          line: d.line,
          column: d.column,
          message: `Application "${application}": ${d.message}; the imports of this file may be incomplete`,
          remediation: 'Fix the syntax error; the application will not build with it either.',
        });
      }
      if (broken.length > MAX_PARSE_WARNINGS) {
        ctx.report({
          severity: 'warning',
          application,
          file: folder.packageJson.file,
          message: `Application "${application}": ${broken.length - MAX_PARSE_WARNINGS} more files could not be parsed; their imports may be incomplete`,
        });
      }
    }
  },
});
