// FUNC-TDD: "should follow test-driven development principles". A practical, checkable signal is
// how much test code there is against application code: lines of code (not blank, not comment) in
// test files over lines in application source files. Below MIN_TEST_TO_SOURCE_RATIO the suite is
// thin for the amount of code. Whether a coverage threshold is configured is reported alongside.
import { testSuiteOf } from '../../analyzers/imports/test-suite.js';
import { applicationNameOf, nodeApplicationFoldersOf } from '../../analyzers/packages/applications.js';
import { defineCheck } from '../../engine/types.js';

/** One line of test code for every four lines of application code. Test-first code bases sit near 1:1 or above. */
export const MIN_TEST_TO_SOURCE_RATIO = 0.25;
/** Below this much application code the ratio says nothing. */
export const MIN_SOURCE_LINES_FOR_RATIO = 50;

export default defineCheck({
  id: 'tests/ratio',
  requirement: 'FUNC-TDD',
  title: 'Enough test code for the amount of application code',
  rationale:
    'Test-driven development leaves a test suite comparable in size to the code it drives. A suite far smaller than the code it covers usually tests the happy path of a few modules and little else.',
  remediation:
    'Add tests for the untested modules (handlers, services, error paths), and consider enforcing it with a coverage threshold (jest "coverageThreshold", vitest "coverage.thresholds").',
  run(ctx) {
    const ws = ctx.workspace;
    const folders = nodeApplicationFoldersOf(ws);
    if (folders.length === 0) return ctx.skip('no Node.js application (a connect.yaml application folder with a package.json) to analyse');
    for (const folder of folders) {
      if (folder.packageJson.error) continue;
      const suite = testSuiteOf(ws, folder.dir);
      // No tests at all is tests/present's error; too little code says nothing about the ratio.
      if (suite.testFiles.length === 0 || suite.ratio === null || suite.sourceLines < MIN_SOURCE_LINES_FOR_RATIO) continue;
      if (suite.ratio >= MIN_TEST_TO_SOURCE_RATIO) continue;
      const application = applicationNameOf(folder);
      ctx.report({
        severity: 'warning',
        application,
        file: folder.packageJson.file,
        message:
          `Application "${application}": ${suite.testLines} lines of test code for ${suite.sourceLines} lines of application code ` +
          `(ratio ${suite.ratio.toFixed(2)}, below ${MIN_TEST_TO_SOURCE_RATIO}) in ${suite.testFiles.length} test file${suite.testFiles.length === 1 ? '' : 's'} ` +
          `against ${suite.sourceFiles} source file${suite.sourceFiles === 1 ? '' : 's'}` +
          (suite.coverageThreshold ? '' : '; no coverage threshold is configured'),
        data: { testLines: suite.testLines, sourceLines: suite.sourceLines, ratio: suite.ratio, threshold: MIN_TEST_TO_SOURCE_RATIO, coverageThreshold: suite.coverageThreshold },
      });
    }
  },
});
