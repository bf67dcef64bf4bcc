// DEPLOY-BUILDPACK: every Node.js application has a package.json the buildpack can read. Without
// one the Node.js buildpacks opt out and the build fails; the buildpack's Go reader rejects
// invalid JSON, a byte-order mark, and fields of the wrong type (e.g. a non-string script).
import { plansForChecks } from '../../analyzers/buildpack/plan.js';
import { defineCheck } from '../../engine/types.js';

export default defineCheck({
  id: 'buildpack/package-json',
  requirement: 'DEPLOY-BUILDPACK',
  title: 'A readable package.json in every Node.js application folder',
  rationale:
    'The Node.js buildpacks detect an application by its package.json and read it with a strict JSON decoder: a missing file, a syntax error or a field of the wrong type stops the build with "unmarshalling package.json".',
  remediation:
    'Add a valid package.json to the application folder (run `npm init` or copy one from the Connect application kit) and fix the reported syntax or type errors; `npm pkg fix` and a JSON linter help.',
  run(ctx) {
    const result = plansForChecks(ctx.workspace);
    if (result.skip !== undefined) return ctx.skip(result.skip);
    for (const plan of result.plans) {
      if (!plan.folderExists) continue;
      const application = plan.application;
      if (plan.language === 'none') {
        ctx.report({
          severity: 'error',
          application,
          file: `${plan.realFolder}/package.json`,
          message: `Application "${application}": ${plan.realFolder}/ has no package.json (nor pom.xml); the Node.js buildpack needs package.json to detect and build the application`,
        });
        continue;
      }
      const pj = plan.node?.packageJson;
      if (!pj) continue;
      if (pj.unreadable) {
        ctx.report({ severity: 'error', application, file: pj.file, message: `${pj.file} could not be read: ${pj.unreadable}` });
      } else if (pj.syntaxError) {
        const e = pj.syntaxError;
        ctx.report({
          severity: 'error',
          application,
          file: pj.file,
          line: e.line,
          column: e.column,
          message: `${pj.file} is not valid JSON at line ${e.line}, column ${e.column}: ${e.message}`,
        });
      } else if (pj.notAnObject) {
        ctx.report({ severity: 'error', application, file: pj.file, line: 1, column: 1, message: `${pj.file} must hold a JSON object` });
      } else {
        for (const typeError of pj.typeErrors) {
          ctx.report({
            severity: 'error',
            application,
            file: pj.file,
            ...(typeError.position ? { line: typeError.position.line, column: typeError.position.column } : {}),
            message: `${pj.file}: ${typeError.message}; the buildpack cannot read package.json then`,
          });
        }
      }
    }
  },
});
