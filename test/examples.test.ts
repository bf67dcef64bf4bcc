// End-to-end over the example connectors in examples/: the good connector must pass every
// registered check, and each bad example must fail with (at least) the requirement codes its
// expected.json names. Expectations are read from expected.json, never written here; codes no
// registered check can emit yet become todo entries computed from the registry, so this file
// tightens by itself as checks land.
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { certify, loadChecks, REQUIREMENTS } from '../src/index.js';
import type { CheckDefinition, Finding, Report } from '../src/index.js';
import { FIXTURE_DIR_PREFIX } from '../src/engine/testing.js';

const EXAMPLES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'examples');
// Not an example.com address: creator/record rejects reserved domains as placeholders (they cannot
// receive the certification report), which is right for real creators.
const CREATOR = { email: 'connectors@cart-guard.dev', name: 'Example Creator' };
/** Offline and deterministic: no live registry or OSV data; the shared real advisories when present. */
const SHARED_ADVISORIES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'shared', 'data', 'advisories');
const SETTINGS = { offline: true, ...(existsSync(SHARED_ADVISORIES) ? { advisories: SHARED_ADVISORIES } : {}) };
/** The run phase builds, tests and starts applications in the sandbox: minutes, not seconds. */
const RUN_PHASE_TIMEOUT_MS = 15 * 60_000;
/** Set to skip the sandboxed run phase locally (it is also skipped when the sandbox is unavailable). */
const SKIP_RUN_PHASE = process.env.CONNECT_CERTIFY_SKIP_RUN_PHASE === '1';
/** Step logs go to a fixture folder the test run's teardown removes, not the default runs folder. */
const runsDir = (): string => mkdtempSync(path.join(os.tmpdir(), `${FIXTURE_DIR_PREFIX}examples-run-`));

interface Expected {
  verdict: 'pass' | 'fail';
  /** Codes the static checks must report as errors. */
  requirements: string[];
  /** Codes the opt-in run phase (sandbox) must report as errors. */
  runRequirements?: string[];
  /**
   * Finer expectations for examples with several defects under one code: each entry needs its own
   * error finding with that code, belonging to that application (its `application`, or a file in its
   * folder) and/or in that file (and at that line, when given).
   */
  findings?: FindingMatcher[];
}

interface FindingMatcher {
  requirement: string;
  application?: string;
  file?: string;
  line?: number;
}

interface Example {
  name: string;
  dir: string;
  expected: Expected;
}

const examples: Example[] = existsSync(EXAMPLES_DIR)
  ? readdirSync(EXAMPLES_DIR, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && existsSync(path.join(EXAMPLES_DIR, entry.name, 'expected.json')))
      .map((entry) => ({
        name: entry.name,
        dir: path.join(EXAMPLES_DIR, entry.name),
        expected: parseExpected(entry.name, readFileSync(path.join(EXAMPLES_DIR, entry.name, 'expected.json'), 'utf8')),
      }))
      .sort((a, b) => a.name.localeCompare(b.name))
  : [];

const checks = await registeredChecks();
const staticChecks = checks.filter((check) => !check.optIn);
const runChecks = checks.filter((check) => check.optIn);
const staticCodes = new Set<string>(staticChecks.map((check) => check.requirement));

// One static certification per example, shared by the tests that read it.
const staticReports = new Map<string, Promise<Report>>();
function staticReport(example: Example): Promise<Report> {
  let report = staticReports.get(example.name);
  if (!report) {
    report = certify({ target: example.dir, creator: CREATOR, settings: SETTINGS });
    staticReports.set(example.name, report);
  }
  return report;
}

describe('examples', () => {
  it('has the good connector and at least one bad example', () => {
    expect(examples.map((e) => e.name)).toContain('good-connector');
    expect(examples.some((e) => e.expected.verdict === 'fail')).toBe(true);
  });

  for (const example of examples) {
    const { name, expected } = example;
    const staticExpected = expected.requirements;

    if (staticExpected.length === 0) {
      // The good connector, and run-phase examples whose defect static checks cannot see.
      const what = expected.verdict === 'pass' ? 'passes every registered check' : 'passes the static checks';
      it(`${name} ${what}`, async () => {
        const report = await staticReport(example);
        const errors = liveErrors(report);
        expect(errors, `error findings:\n${describeFindings(errors)}`).toEqual([]);
        // `review` is the verdict when only MANUAL items (e.g. certification paperwork) are open.
        const manualOpen = report.findings.some((f) => f.manual && !f.suppressed);
        expect(report.verdict).toBe(manualOpen ? 'review' : 'pass');
      });
      it(`${name}: no check errors out on it`, async () => {
        const report = await staticReport(example);
        const crashed = report.checks.filter((c) => c.status === 'error');
        expect(crashed, crashed.map((c) => `${c.id}: ${c.reason ?? ''}`).join('\n')).toEqual([]);
      });
    } else {
      const covered = staticExpected.filter((code) => staticCodes.has(code));
      const uncovered = staticExpected.filter((code) => !staticCodes.has(code));
      if (covered.length === 0) {
        it.todo(`${name} fails with ${staticExpected.join(', ')}: no registered check emits ${uncovered.join(', ')} yet ` +
          `(registered: ${[...staticCodes].sort().join(', ') || 'none'})`);
      } else {
        it(`${name} fails with ${covered.join(', ')}`, async () => {
          const report = await staticReport(example);
          const codes = errorCodes(report);
          const missing = covered.filter((code) => !codes.has(code));
          expect(missing, `expected error findings for ${missing.join(', ')}; got:\n${describeFindings(liveErrors(report)) || '(no errors)'}`).toEqual([]);
          expect(report.verdict).toBe('fail');
          const unmatched = (expected.findings ?? [])
            .filter((m) => covered.includes(m.requirement))
            .filter((m) => !liveErrors(report).some((f) => matches(f, m)))
            .map(describeMatcher);
          expect(unmatched, `no error finding for:\n  ${unmatched.join('\n  ')}\ngot:\n${describeFindings(liveErrors(report))}`).toEqual([]);
        });
        if (uncovered.length > 0) {
          it.todo(`${name} also fails with ${uncovered.join(', ')}: no registered check emits it yet`);
        }
      }
    }

    // The sandboxed run phase: builds, tests and starts the applications.
    const runExpected = expected.runRequirements ?? [];
    if (runExpected.length === 0 && expected.verdict !== 'pass') continue;
    const enabled = expected.verdict === 'pass' ? runChecks : runChecks.filter((c) => runExpected.includes(c.requirement));
    const label = expected.verdict === 'pass' ? 'passes the run phase' : `fails the run phase with ${runExpected.join(', ')}`;
    if (enabled.length === 0) {
      it.todo(`${name} ${label}: no opt-in run check emits ${runExpected.join(', ') || 'run-phase findings'} yet ` +
        `(opt-in checks: ${runChecks.map((c) => `${c.id} → ${c.requirement}`).join(', ') || 'none'})`);
      continue;
    }
    it.skipIf(SKIP_RUN_PHASE)(`${name} ${label}`, { timeout: RUN_PHASE_TIMEOUT_MS }, async (ctx) => {
      const ids = enabled.map((c) => c.id);
      const report = await certify({ target: example.dir, creator: CREATOR, settings: { ...SETTINGS, run: { runsDir: runsDir() } }, only: ids, enable: ids });
      const ran = report.checks.filter((c) => ids.includes(c.id));
      if (ran.every((c) => c.status === 'skipped')) {
        ctx.skip(`run phase did not run: ${ran.map((c) => `${c.id}: ${c.reason ?? 'skipped'}`).join('; ')}`);
        return;
      }
      const errors = liveErrors(report);
      if (expected.verdict === 'pass') {
        expect(errors, `error findings:\n${describeFindings(errors)}`).toEqual([]);
      } else {
        const codes = errorCodes(report);
        const missing = runExpected.filter((code) => enabled.some((c) => c.requirement === code) && !codes.has(code));
        expect(missing, `expected run-phase errors for ${missing.join(', ')}; got:\n${describeFindings(errors) || '(no errors)'}`).toEqual([]);
      }
    });
  }
});

async function registeredChecks(): Promise<CheckDefinition[]> {
  try {
    return await loadChecks();
  } catch (error) {
    // Before the first check lands there is no src/checks/ folder at all: everything is todo.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

function parseExpected(name: string, text: string): Expected {
  const value = JSON.parse(text) as Partial<Expected>;
  const isCodes = (codes: unknown): codes is string[] => Array.isArray(codes) && codes.every((c) => typeof c === 'string');
  if ((value.verdict !== 'pass' && value.verdict !== 'fail') || !isCodes(value.requirements)) {
    throw new Error(`examples/${name}/expected.json: needs "verdict" ("pass" | "fail") and "requirements" (string[])`);
  }
  if (value.runRequirements !== undefined && !isCodes(value.runRequirements)) {
    throw new Error(`examples/${name}/expected.json: "runRequirements" must be a string array`);
  }
  const known = new Set<string>(REQUIREMENTS.map((r) => r.code));
  const unknown = [...value.requirements, ...(value.runRequirements ?? [])].filter((code) => !known.has(code));
  if (unknown.length > 0) throw new Error(`examples/${name}/expected.json: unknown requirement code(s) ${unknown.join(', ')}`);
  const isMatcher = (m: Partial<FindingMatcher>) =>
    typeof m === 'object' && m !== null && typeof m.requirement === 'string' &&
    (typeof m.application === 'string' || typeof m.file === 'string') &&
    (m.application === undefined || typeof m.application === 'string') &&
    (m.file === undefined || typeof m.file === 'string') &&
    (m.line === undefined || (Number.isInteger(m.line) && m.file !== undefined));
  if (value.findings !== undefined && !(Array.isArray(value.findings) && value.findings.every(isMatcher))) {
    throw new Error(`examples/${name}/expected.json: "findings" must be a list of { requirement, application?, file?, line? } naming an application or a file (line only with file)`);
  }
  const stray = (value.findings ?? []).filter((m) => !value.requirements!.includes(m.requirement));
  if (stray.length > 0) throw new Error(`examples/${name}/expected.json: "findings" names codes not in "requirements"`);
  if (value.verdict === 'fail' && value.requirements.length === 0 && (value.runRequirements ?? []).length === 0) {
    throw new Error(`examples/${name}/expected.json: a failing example must name the requirement codes it fails`);
  }
  return value as Expected;
}

function liveErrors(report: Report): Finding[] {
  return report.findings.filter((f) => f.severity === 'error' && !f.manual && !f.suppressed);
}

function matches(finding: Finding, matcher: FindingMatcher): boolean {
  if (finding.requirement !== matcher.requirement) return false;
  if (matcher.application !== undefined) {
    const inFolder = finding.file?.startsWith(`${matcher.application}/`) ?? false;
    if (finding.application !== matcher.application && !inFolder) return false;
  }
  if (matcher.file !== undefined && finding.file !== matcher.file) return false;
  if (matcher.line !== undefined && finding.line !== matcher.line) return false;
  return true;
}

function describeMatcher(m: FindingMatcher): string {
  const where = [
    m.application !== undefined ? `application ${m.application}` : '',
    m.file !== undefined ? `${m.file}${m.line !== undefined ? `:${m.line}` : ''}` : '',
  ].filter(Boolean);
  return `${m.requirement} in ${where.join(', ')}`;
}

function errorCodes(report: Report): Set<string> {
  return new Set(liveErrors(report).map((f) => f.requirement));
}

function describeFindings(findings: Finding[]): string {
  return findings
    .map((f) => {
      const where = f.file ? ` ${f.file}${f.line ? `:${f.line}` : ''}` : '';
      return `  [${f.requirement}] ${f.check}${where}: ${f.message}`;
    })
    .join('\n');
}
