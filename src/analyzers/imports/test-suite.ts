// What an application folder has in the way of tests: its `test` script, the framework it runs,
// its test files (by the conventions test runners use), evidence of integration tests, and how
// much test code there is against application code.
import type { Workspace } from '../../engine/workspace.js';
import { declaredDependenciesOf } from '../packages/declared.js';
import { commandsOfScript, type ScriptStep } from '../packages/scripts.js';
import { applicationImportsOf } from './app.js';
import { codeLines } from '../text/code-lines.js';
import { importsOf } from './extract.js';

export const TEST_FRAMEWORKS = ['jest', 'vitest', 'mocha', 'node:test', 'ava', 'tap', 'jasmine', 'playwright', 'cypress'] as const;
export type TestFramework = (typeof TEST_FRAMEWORKS)[number];

/** Packages that bring a framework, in the order a project most likely means it. */
const FRAMEWORK_PACKAGES: readonly [string, TestFramework][] = [
  ['jest', 'jest'], ['ts-jest', 'jest'], ['vitest', 'vitest'], ['mocha', 'mocha'], ['ava', 'ava'], ['tap', 'tap'],
  ['jasmine', 'jasmine'], ['@playwright/test', 'playwright'], ['cypress', 'cypress'],
];
const FRAMEWORK_BINARIES: Record<string, TestFramework> = {
  jest: 'jest', vitest: 'vitest', mocha: 'mocha', _mocha: 'mocha', ava: 'ava', tap: 'tap', jasmine: 'jasmine', playwright: 'playwright', cypress: 'cypress',
};
/** Commands that only print or exit: a test script made of them runs no tests. */
const NON_TEST_COMMANDS: ReadonlySet<string> = new Set(['echo', 'exit', 'true', 'false', ':', 'printf']);
/** Paths and names that mark integration or end-to-end tests. */
const INTEGRATION_FOLDERS: ReadonlySet<string> = new Set(['integration', 'integration-tests', 'integration_tests', 'e2e', 'cypress', 'it']);
const INTEGRATION_FILE = /\.(?:int|integration|e2e|cy|it)(?:\.(?:test|spec))?\.[cm]?[jt]sx?$/i;
const INTEGRATION_SCRIPT = /(?:^|[:_-])(?:integration|e2e|int|it|acceptance)(?:[:_-]|$)/i;
/** Packages whose use in a test drives the application over HTTP or against real services. */
const INTEGRATION_PACKAGES: ReadonlySet<string> = new Set(['supertest', 'light-my-request', 'testcontainers', 'pactum', '@playwright/test', 'cypress']);

export type TestScriptStatus = 'missing' | 'placeholder' | 'present';

export interface TestSuite {
  dir: string;
  testScript?: string;
  testScriptStatus: TestScriptStatus;
  /** The framework the test script runs (else the one the dependencies bring). */
  framework?: TestFramework;
  frameworks: TestFramework[];
  testFiles: string[];
  /** Why the suite is believed to contain integration tests (empty: no evidence). */
  integrationEvidence: string[];
  integrationTestFiles: number;
  sourceFiles: number;
  sourceLines: number;
  testLines: number;
  /** Test lines per source line; null when there is no source. */
  ratio: number | null;
  /** A coverage threshold is configured (jest `coverageThreshold`, vitest `thresholds`, nyc/c8 check-coverage). */
  coverageThreshold: boolean;
}

/** The test suite of an application folder, computed once per run. */
export function testSuiteOf(ws: Workspace, appDir: string): TestSuite {
  const dir = ws.resolveDir(appDir);
  return ws.memo(`test-suite:${dir}`, () => {
    const analysis = applicationImportsOf(ws, dir);
    const pkg = analysis.packageJson;
    const testScript = pkg.scripts.test;
    const steps = testScript === undefined ? [] : commandsOfScript(pkg.scripts, 'test');
    const testScriptStatus: TestScriptStatus = testScript === undefined ? 'missing' : isPlaceholder(testScript, steps) ? 'placeholder' : 'present';

    const testFiles = analysis.files.filter((f) => f.role === 'test').map((f) => f.file);
    const sourceFiles = analysis.files.filter((f) => f.role === 'runtime' || f.role === 'source').map((f) => f.file);
    const relOf = (file: string): string => (dir === '' ? file : file.slice(dir.length + 1));

    // Frameworks: what the test script runs first, then what the dependencies and imports say.
    const frameworks: TestFramework[] = [];
    const addFramework = (f: TestFramework | undefined): void => {
      if (f && !frameworks.includes(f)) frameworks.push(f);
    };
    for (const step of steps) addFramework(frameworkOfCommand(step));
    const declared = declaredDependenciesOf(ws, dir);
    for (const [name, framework] of FRAMEWORK_PACKAGES) if (declared.has(name)) addFramework(framework);
    const testImports = new Set<string>();
    for (const file of testFiles) for (const imp of importsOf(ws, file)?.imports ?? []) testImports.add(imp.specifier);
    if (testImports.has('node:test')) addFramework('node:test');

    const integrationEvidence: string[] = [];
    const integrationFiles = testFiles.filter((f) => {
      const rel = relOf(f);
      return INTEGRATION_FILE.test(rel) || rel.split('/').slice(0, -1).some((segment) => INTEGRATION_FOLDERS.has(segment));
    });
    if (integrationFiles.length > 0) integrationEvidence.push(`${integrationFiles.length} test file(s) named or placed as integration/e2e tests (e.g. ${relOf(integrationFiles[0]!)})`);
    const integrationScripts = Object.keys(pkg.scripts).filter((name) => INTEGRATION_SCRIPT.test(name) && !isPlaceholder(pkg.scripts[name]!, commandsOfScript(pkg.scripts, name)));
    if (integrationScripts.length > 0) integrationEvidence.push(`script(s) ${integrationScripts.map((s) => `"${s}"`).join(', ')}`);
    const drivers = [...testImports].filter((s) => INTEGRATION_PACKAGES.has(s));
    if (drivers.length > 0) integrationEvidence.push(`tests use ${drivers.join(', ')}`);
    const e2eConfig = ws.filesUnder(dir).find((f) => /^(?:playwright|cypress)\.config\.[cm]?[jt]s$/.test(relOf(f.path)));
    if (e2eConfig) integrationEvidence.push(relOf(e2eConfig.path));

    let sourceLines = 0;
    for (const f of sourceFiles) sourceLines += codeLines(ws.readText(f) ?? '');
    let testLines = 0;
    for (const f of testFiles) testLines += codeLines(ws.readText(f) ?? '');

    return {
      dir,
      ...(testScript !== undefined ? { testScript } : {}),
      testScriptStatus,
      ...(frameworks[0] !== undefined ? { framework: frameworks[0] } : {}),
      frameworks,
      testFiles,
      integrationEvidence,
      integrationTestFiles: integrationFiles.length,
      sourceFiles: sourceFiles.length,
      sourceLines,
      testLines,
      ratio: sourceLines === 0 ? null : Math.round((testLines / sourceLines) * 100) / 100,
      coverageThreshold: hasCoverageThreshold(ws, dir, pkg.value, Object.values(pkg.scripts)),
    };
  });
}

/** npm's `echo "Error: no test specified" && exit 1`, or any script that only prints and exits. */
export function isPlaceholder(script: string, steps: readonly ScriptStep[]): boolean {
  if (/no test specified/i.test(script)) return true;
  return steps.every((s) => NON_TEST_COMMANDS.has(s.command.program));
}

function frameworkOfCommand(step: ScriptStep): TestFramework | undefined {
  const { program, args } = step.command;
  if (FRAMEWORK_BINARIES[program]) return FRAMEWORK_BINARIES[program];
  if (program === 'react-scripts' && args[0] === 'test') return 'jest';
  if (program === 'node' || program === 'tsx' || program === 'bun') {
    if (args.includes('--test')) return 'node:test';
    // `node --experimental-vm-modules node_modules/jest/bin/jest.js`
    for (const a of args) {
      const m = /(?:^|\/)node_modules\/(jest|vitest|mocha|ava|jasmine)\//.exec(a);
      if (m) return FRAMEWORK_BINARIES[m[1]!];
    }
  }
  return undefined;
}

function hasCoverageThreshold(ws: Workspace, dir: string, pkgValue: Record<string, unknown> | undefined, scripts: readonly string[]): boolean {
  const jest = pkgValue?.jest;
  if (jest && typeof jest === 'object' && 'coverageThreshold' in jest) return true;
  const nyc = pkgValue?.nyc ?? pkgValue?.c8;
  if (nyc && typeof nyc === 'object' && ('check-coverage' in nyc || 'checkCoverage' in nyc)) return true;
  if (scripts.some((s) => /\b(?:nyc|c8)\b[^&|;]*--check-coverage/.test(s) || /--coverageThreshold/.test(s))) return true;
  for (const f of ws.filesUnder(dir)) {
    const rel = dir === '' ? f.path : f.path.slice(dir.length + 1);
    if (rel.includes('/')) continue;
    if (/^jest(?:\.[\w-]+)*\.config\.[cm]?[jt]s$|^jest\.config\.json$/.test(rel) && /coverageThreshold/.test(ws.readText(f.path) ?? '')) return true;
    if (/^(?:vite|vitest)(?:\.[\w-]+)*\.config\.[cm]?[jt]s$/.test(rel) && /thresholds\s*:/.test(ws.readText(f.path) ?? '')) return true;
    if (/^\.(?:nycrc|c8rc)(?:\.json|\.ya?ml)?$/.test(rel) && /check-coverage|checkCoverage/.test(ws.readText(f.path) ?? '')) return true;
  }
  return false;
}
