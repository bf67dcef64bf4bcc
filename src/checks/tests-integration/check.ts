// FUNC-TESTS: besides unit tests, certification asks for self-contained integration tests. Evidence
// looked for, per application: a folder (`integration/`, `test/integration/`, `e2e/`, `cypress/`), a
// script (`test:integration`, `test:e2e`, `e2e`…), file names (`*.int.test.*`, `*.integration.*`,
// `*.e2e.*`, `*.cy.*`), Playwright/Cypress configuration, or tests that drive the application over
// HTTP (supertest, light-my-request) or against real services (testcontainers). Whether they pass
// without network access is decided when the tests run in the sandbox, not here.
import { testSuiteOf } from '../../analyzers/imports/test-suite.js';
import { applicationNameOf, nodeApplicationFoldersOf } from '../../analyzers/packages/applications.js';
import { defineCheck } from '../../engine/types.js';

export default defineCheck({
  id: 'tests/integration',
  requirement: 'FUNC-TESTS',
  title: 'Each application has integration tests',
  rationale:
    'Unit tests alone do not show that an application answers on its endpoint, handles a Pub/Sub envelope or talks to commercetools correctly. The certification page asks for self-contained integration tests in the repository.',
  remediation:
    'Add integration tests that start the application in-process and call its endpoint (e.g. supertest against the Express app, with commercetools and third-party APIs mocked or served locally), in a separate folder such as test/integration/ or with a "test:integration" script.',
  run(ctx) {
    const ws = ctx.workspace;
    const folders = nodeApplicationFoldersOf(ws);
    if (folders.length === 0) return ctx.skip('no Node.js application (a connect.yaml application folder with a package.json) to analyse');
    for (const folder of folders) {
      if (folder.packageJson.error) continue;
      const suite = testSuiteOf(ws, folder.dir);
      // Without any tests tests/present already fails the application; one finding is enough.
      if (suite.testFiles.length === 0 || suite.integrationEvidence.length > 0) continue;
      const application = applicationNameOf(folder);
      ctx.report({
        severity: 'warning',
        application,
        file: folder.packageJson.file,
        message:
          `Application "${application}": ${suite.testFiles.length} test file${suite.testFiles.length === 1 ? '' : 's'} but no integration tests ` +
          `(no integration/ or e2e/ folder, no test:integration or test:e2e script, no *.int.test.*/*.integration.*/*.e2e.* files, no supertest-style HTTP tests)`,
      });
    }
  },
});
