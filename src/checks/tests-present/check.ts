// FUNC-TESTS: every Node.js application (service, event, job, assets, Merchant Center) has a real
// `test` script — not missing, not npm's placeholder `echo "Error: no test specified" && exit 1`,
// not a script that only prints — and test files by the conventions test runners use. Connect's
// validation runs each application's tests; certification asks for unit and integration tests.
// The per-application figures (framework, test files, lines) are attached as the `tests` section.
import { testSuiteOf, type TestSuite } from '../../analyzers/imports/test-suite.js';
import { applicationNameOf, nodeApplicationFoldersOf } from '../../analyzers/packages/applications.js';
import { defineCheck } from '../../engine/types.js';

export const TEST_CONVENTIONS = '*.test.*, *.spec.*, or files under test/, tests/, __tests__/';

export interface TestsSectionEntry {
  folder: string;
  applicationType: string;
  testScript: string | null;
  testScriptStatus: TestSuite['testScriptStatus'];
  framework: string | null;
  frameworks: string[];
  testFiles: number;
  integrationTests: number;
  integrationEvidence: string[];
  sourceFiles: number;
  sourceLines: number;
  testLines: number;
  ratio: number | null;
  coverageThreshold: boolean;
}

export default defineCheck({
  id: 'tests/present',
  requirement: 'FUNC-TESTS',
  title: 'Each application has a test script and test files',
  rationale:
    'Certification requires unit tests and self-contained integration tests in the repository, and Connect runs each application\'s `test` script. npm\'s generated placeholder fails, and a script that only echoes runs nothing.',
  remediation:
    'Add tests beside the code (e.g. src/**/*.test.ts) with a test runner such as jest or vitest declared in devDependencies, and set "test" in package.json to run them (e.g. "test": "jest").',
  run(ctx) {
    const ws = ctx.workspace;
    const folders = nodeApplicationFoldersOf(ws);
    if (folders.length === 0) return ctx.skip('no Node.js application (a connect.yaml application folder with a package.json) to analyse');
    const section: Record<string, TestsSectionEntry> = {};
    for (const folder of folders) {
      if (folder.packageJson.error) continue;
      const application = applicationNameOf(folder);
      const suite = testSuiteOf(ws, folder.dir);
      const pkg = folder.packageJson;
      for (const app of folder.applications) {
        section[app.name] = {
          folder: folder.dir,
          applicationType: app.applicationType,
          testScript: suite.testScript ?? null,
          testScriptStatus: suite.testScriptStatus,
          framework: suite.framework ?? null,
          frameworks: suite.frameworks,
          testFiles: suite.testFiles.length,
          integrationTests: suite.integrationTestFiles,
          integrationEvidence: suite.integrationEvidence,
          sourceFiles: suite.sourceFiles,
          sourceLines: suite.sourceLines,
          testLines: suite.testLines,
          ratio: suite.ratio,
          coverageThreshold: suite.coverageThreshold,
        };
      }
      if (suite.testScriptStatus === 'missing') {
        ctx.report({
          severity: 'error',
          application,
          file: pkg.file,
          ...pkg.positionOf(['scripts']),
          message: `Application "${application}": ${pkg.file} has no "test" script, so neither Connect nor a reviewer can run its tests`,
        });
      } else if (suite.testScriptStatus === 'placeholder') {
        ctx.report({
          severity: 'error',
          application,
          file: pkg.file,
          ...pkg.positionOf(['scripts', 'test']),
          message: `Application "${application}": the "test" script in ${pkg.file} is a placeholder that runs no tests: ${JSON.stringify(suite.testScript)}`,
          evidence: suite.testScript!.slice(0, 200),
        });
      }
      if (suite.testFiles.length === 0) {
        ctx.report({
          severity: 'error',
          application,
          file: pkg.file,
          message: `Application "${application}": no test files in ${folder.dir || 'the repository root'}/ (looked for ${TEST_CONVENTIONS})`,
        });
      } else {
        const framework = suite.framework ?? 'no recognised framework';
        ctx.report({
          severity: 'info',
          application,
          file: pkg.file,
          message:
            `Application "${application}": ${framework}, ${suite.testFiles.length} test file${suite.testFiles.length === 1 ? '' : 's'}` +
            (suite.integrationTestFiles > 0 ? ` (${suite.integrationTestFiles} integration/e2e)` : '') +
            `, ${suite.testLines} test lines for ${suite.sourceLines} source lines` +
            (suite.ratio !== null ? ` (ratio ${suite.ratio.toFixed(2)})` : ''),
          data: { ...section[application] },
        });
      }
    }
    ctx.attach('tests', section);
  },
});
