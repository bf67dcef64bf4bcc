// The role of a source file inside an application folder, by the conventions test runners and
// build tools use: tests, build/tool configuration, type declarations, or application source.
import { isScriptFile } from '../js-ast/parse.js';

export type FileRole = 'runtime' | 'source' | 'test' | 'config' | 'declaration';

/** Test file names: `x.test.ts`, `x.spec.js`, `x.e2e.ts`, `x.cy.ts` (Cypress), `x.int.ts`, `x.integration.js`. */
export const TEST_FILE_PATTERN = /\.(?:test|spec|e2e|cy|int|integration|it)\.[cm]?[jt]sx?$/i;
/** Folders whose files are tests (anywhere in the application). */
export const TEST_FOLDERS: ReadonlySet<string> = new Set([
  'test', 'tests', '__tests__', '__test__', '__mocks__', 'e2e', 'integration', 'integration-tests', 'integration_tests',
  'cypress', 'test-utils', 'testing',
]);
/** Test set-up files that runners load: `jest.setup.ts`, `setupTests.js`, `vitest.setup.ts`. */
const TEST_SETUP_FILE = /^(?:(?:jest|vitest|test|tests|mocha|ava)[.-]?setup[\w.-]*|setup-?tests?[\w.-]*)\.[cm]?[jt]sx?$/i;
/** Tool configuration written as code: `vite.config.ts`, `jest.config.cjs`, `custom-application-config.mjs`, `.eslintrc.js`. */
const CONFIG_FILE = /[.-]config\.[cm]?[jt]sx?$|^\.[\w-]+rc\.[cm]?[jt]s$/i;
const TOOL_FILE = /^(?:gulpfile|gruntfile|webpack|rollup|babel|postcss|tailwind|vite|vitest|jest|playwright|cypress|eslint|prettier|commitlint|lint-staged|karma|tsup|esbuild|craco|plopfile)(?:\.[\w-]+)*\.[cm]?[jt]sx?$/i;
/** Top-level folders of build and maintenance tooling, not shipped application code. */
const TOOL_FOLDERS: ReadonlySet<string> = new Set(['scripts', 'tools', '.storybook', '.husky', '.github', 'bin-dev']);

/**
 * Role of a file from its path relative to the application folder. `runtime` is never returned
 * here: it is decided by reachability from the start command (see app.ts).
 */
export function conventionalRoleOf(relPath: string): Exclude<FileRole, 'runtime'> | undefined {
  if (!isScriptFile(relPath)) return undefined;
  // Asked of every file of every application: folders are read in place rather than split off.
  const lastSlash = relPath.lastIndexOf('/');
  const base = lastSlash === -1 ? relPath : relPath.slice(lastSlash + 1);
  if (/\.d\.[mc]?ts$/i.test(base)) return 'declaration';
  if (TEST_SETUP_FILE.test(base)) return 'test';
  // Tool configuration sits at the application root; `src/config.ts` is application code.
  if (lastSlash === -1) return CONFIG_FILE.test(base) || TOOL_FILE.test(base) ? 'config' : TEST_FILE_PATTERN.test(base) ? 'test' : 'source';
  if (TOOL_FOLDERS.has(relPath.slice(0, relPath.indexOf('/')))) return 'config';
  if (TEST_FILE_PATTERN.test(base)) return 'test';
  for (let start = 0; start < lastSlash; ) {
    const end = relPath.indexOf('/', start);
    if (TEST_FOLDERS.has(relPath.slice(start, end))) return 'test';
    start = end + 1;
  }
  return 'source';
}
