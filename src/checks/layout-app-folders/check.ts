// DEPLOY-LAYOUT: every application in connect.yaml has a folder at the repository root named
// exactly like its `name`. Connect builds `pack build --path /workspace/<name>` and
// `commercetools connect bundle` stops with "Application folder '<name>' does not exist."
import { connectSpecOf } from '../../analyzers/connect-spec/parse.js';
import { isSafeFolderName } from '../../analyzers/buildpack/plan.js';
import { defineCheck } from '../../engine/types.js';
import type { Workspace } from '../../engine/workspace.js';

export default defineCheck({
  id: 'layout/app-folders',
  requirement: 'DEPLOY-LAYOUT',
  title: 'One folder per application, named exactly like it',
  rationale:
    'Connect builds each application from the root folder named by its connect.yaml `name` (case-sensitive); a missing or misnamed folder fails the build before anything else runs.',
  remediation:
    'Create (or rename) a folder at the repository root whose name is exactly the application\'s `name` in connect.yaml, or change `name` to match the folder. Folder symlinks to another folder inside the repository are accepted.',
  run(ctx) {
    const ws = ctx.workspace;
    const spec = connectSpecOf(ws);
    if (!spec.present) return ctx.skip('no connect.yaml at the repository root (reported under DEPLOY-SPEC)');
    if (spec.fatal) return ctx.skip(`connect.yaml could not be read (reported under DEPLOY-SPEC): ${spec.fatal.message}`);
    const rootFolders = rootFolderNames(ws);
    for (const app of spec.spec.applications) {
      if (app.name === '') continue; // the schema check reports a missing name
      const position = spec.positionOf(['deployAs', app.index, 'name']);
      const where = { file: spec.file, line: position.line, column: position.column, application: app.name };
      if (!isSafeFolderName(app.name)) {
        ctx.report({
          severity: 'error',
          ...where,
          message: `Application "${app.name}": the name is not a single folder name, but Connect builds the folder /workspace/<name> at the repository root`,
        });
        continue;
      }
      const problem = ws.problems.find((p) => p.path === app.name && (p.kind === 'outside-symlink' || p.kind === 'broken-symlink'));
      if (problem) {
        ctx.report({
          severity: 'error',
          ...where,
          message: `Application "${app.name}": folder ${app.name}/ is a symlink that ${problem.kind === 'broken-symlink' ? 'points to nothing' : 'points outside the repository'}; Connect only sees what the repository holds`,
        });
        continue;
      }
      if (ws.hasDir(app.name)) continue;
      const nearMisses = rootFolders.filter((folder) => folder !== app.name && looseName(folder) === looseName(app.name));
      const hint = nearMisses.length > 0 ? ` There is ${nearMisses.map((f) => `${f}/`).join(', ')}, which differs only in case or "-"/"_" — folder names are case-sensitive.` : '';
      ctx.report({
        severity: 'error',
        ...where,
        message: `Application "${app.name}" (deployAs[${app.index}]) has no folder ${app.name}/ at the repository root (or the folder holds no files); Connect cannot build it.${hint}`,
        data: { nearMisses },
      });
    }
  },
});

/** Top-level folders the repository has, including folder symlinks. */
function rootFolderNames(ws: Workspace): string[] {
  const names = new Set<string>();
  for (const file of ws.files) {
    const slash = file.path.indexOf('/');
    if (slash > 0) names.add(file.path.slice(0, slash));
  }
  for (const alias of ws.directoryAliases.keys()) if (!alias.includes('/')) names.add(alias);
  return [...names].sort();
}

/** Case-, dash- and underscore-insensitive form for "did you mean" hints. */
function looseName(name: string): string {
  return name.toLowerCase().replace(/[-_.\s]/g, '');
}
