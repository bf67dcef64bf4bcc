// SEC-NONPROD: no test or sample configuration shipped inside an application. Two kinds of evidence:
// runtime code that imports test, mock, fixture or sample material (`import cart from
// '../test/fixtures/cart.json'`, `require('./mocks/products')`), and development/test configuration
// files in the application folder (`.env.test`, `.env.development`, `.env.local`, node-config's
// `config/test.json`, `config/development.yaml`, `config/local.json`). Templates such as
// `.env.example` document the keys and are fine. Warnings for service, event and job applications,
// info for browser-bundled ones.
import { codeAnalysisOf, codeApplicationsOf } from '../../analyzers/code-rules/index.js';
import { developmentConfigKind } from '../../analyzers/code-rules/files.js';
import { NO_APPLICATIONS } from '../../analyzers/code-rules/report.js';
import { isTestPath } from '../../analyzers/secrets/files.js';
import { defineCheck } from '../../engine/types.js';

const SKIPPED_FOLDERS = /(?:^|\/)(?:node_modules|dist|build|out|coverage|\.next|\.turbo|\.cache)\//;

export default defineCheck({
  id: 'sec-nonprod/sample-config',
  requirement: 'SEC-NONPROD',
  title: 'No test or sample configuration shipped with the application',
  rationale:
    'Configuration meant for development or tests (local endpoints, test accounts, mock data) does not belong in what Connect deploys: ' +
    'it is loaded by mistake, it leaks test credentials and endpoints, and runtime code that imports fixtures answers with sample data.',
  remediation:
    'Keep test and sample material under the test folder, import it only from tests, and keep development settings out of the repository (an uncommitted .env); commit only templates such as .env.example.',
  run(ctx) {
    const ws = ctx.workspace;
    const apps = codeApplicationsOf(ws);
    if (apps.length === 0) return ctx.skip(NO_APPLICATIONS);
    for (const app of apps) {
      const severity = app.browser ? 'info' : 'warning';
      for (const { file, role } of app.files) {
        if (role !== 'runtime') continue;
        for (const hit of codeAnalysisOf(ws, file).hits) {
          if (hit.rule !== 'sec-nonprod/test-import') continue;
          ctx.report({
            severity,
            application: app.application,
            file,
            line: hit.line,
            column: hit.column,
            message: `${file}:${hit.line}: runtime code ${hit.message}; test and sample data would be served in production`,
            remediation: 'Load real data from commercetools or configuration at run time; keep fixtures and mocks for tests only.',
            evidence: hit.evidence,
            data: hit.data,
          });
        }
      }
      const prefix = app.dir === '' ? '' : `${app.dir}/`;
      for (const entry of ws.filesUnder(app.dir)) {
        const rel = entry.path.slice(prefix.length);
        if (SKIPPED_FOLDERS.test(rel) || isTestPath(rel)) continue;
        const kind = developmentConfigKind(rel);
        if (kind === undefined) continue;
        ctx.report({
          severity,
          application: app.application,
          file: entry.path,
          line: 1,
          column: 1,
          message: `${entry.path}: ${kind} is part of the application folder that Connect builds and deploys`,
          remediation: 'Remove the file from the repository (and add it to .gitignore), or move what tests need under the test folder; commit a template (.env.example) to document the keys.',
          data: { kind },
        });
      }
    }
  },
});
