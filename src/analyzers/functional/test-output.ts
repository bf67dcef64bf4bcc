// What a test run printed: the counts of the usual runners (jest, vitest, mocha, node:test) and the
// coverage summary when the project produces one (istanbul/c8 text table, node:test's coverage
// report, or coverage/coverage-summary.json on disk).

export type TestRunner = 'jest' | 'vitest' | 'mocha' | 'node:test';

export interface TestCounts {
  runner: TestRunner;
  passed: number;
  failed: number;
  skipped: number;
  total: number;
}

export interface CoverageSummary {
  /** Percentages, 0–100. */
  lines?: number;
  statements?: number;
  branches?: number;
  functions?: number;
  source: 'coverage-summary.json' | 'output';
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;?]*[A-Za-z]/g;

/** Counts from a test run's output, when a known runner printed its summary. */
export function parseTestCounts(output: string): TestCounts | undefined {
  const text = output.replace(ANSI, '');
  return jestCounts(text) ?? vitestCounts(text) ?? nodeTestCounts(text) ?? mochaCounts(text);
}

function sumWords(summary: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const match of summary.matchAll(/(\d+)\s+(failed|passed|skipped|todo|pending|total)\b/g)) {
    out[match[2]!] = (out[match[2]!] ?? 0) + Number(match[1]);
  }
  return out;
}

function jestCounts(text: string): TestCounts | undefined {
  const lines = [...text.matchAll(/^Tests:\s+(.+)$/gm)].map((m) => m[1]!);
  if (lines.length === 0) return undefined;
  const words = sumWords(lines.join(', '));
  const passed = words.passed ?? 0;
  const failed = words.failed ?? 0;
  const skipped = (words.skipped ?? 0) + (words.todo ?? 0);
  return { runner: 'jest', passed, failed, skipped, total: words.total ?? passed + failed + skipped };
}

function vitestCounts(text: string): TestCounts | undefined {
  const lines = [...text.matchAll(/^\s*Tests\s+(.+?)\s*\((\d+)\)\s*$/gm)];
  if (lines.length === 0) return undefined;
  const words = sumWords(lines.map((m) => m[1]!.replace(/\|/g, ',')).join(', '));
  const passed = words.passed ?? 0;
  const failed = words.failed ?? 0;
  const skipped = (words.skipped ?? 0) + (words.todo ?? 0);
  const total = lines.reduce((sum, m) => sum + Number(m[2]), 0);
  return { runner: 'vitest', passed, failed, skipped, total };
}

function nodeTestCounts(text: string): TestCounts | undefined {
  // TAP (`# tests 5`) and the spec reporter (`ℹ tests 5`); a script may run node --test several times.
  const field = (name: string) => [...text.matchAll(new RegExp(`^\\s*[#ℹ] ${name} (\\d+)\\s*$`, 'gm'))].reduce((sum, m) => sum + Number(m[1]), 0);
  if (!/^\s*[#ℹ] tests \d+\s*$/m.test(text)) return undefined;
  const passed = field('pass');
  const failed = field('fail') + field('cancelled');
  const skipped = field('skipped') + field('todo');
  return { runner: 'node:test', passed, failed, skipped, total: field('tests') };
}

function mochaCounts(text: string): TestCounts | undefined {
  const passing = [...text.matchAll(/^\s*(\d+) passing\b/gm)];
  if (passing.length === 0) return undefined;
  const sum = (re: RegExp) => [...text.matchAll(re)].reduce((s, m) => s + Number(m[1]), 0);
  const passed = passing.reduce((s, m) => s + Number(m[1]), 0);
  const failed = sum(/^\s*(\d+) failing\b/gm);
  const skipped = sum(/^\s*(\d+) pending\b/gm);
  return { runner: 'mocha', passed, failed, skipped, total: passed + failed + skipped };
}

/** Failing tests named in the output quoted at most. */
const MAX_FAILURE_LINES = 12;

/**
 * Lines naming failed tests (TAP `not ok`, node:test/mocha `✖`, jest `●`, vitest `×`/`FAIL`,
 * mocha `1) name`), without duplicates: what a finding quotes before the log's end.
 */
export function failingTestLines(output: string): string[] {
  const text = output.replace(ANSI, '');
  const seen = new Set<string>();
  for (const raw of text.split('\n')) {
    const line = raw.trimEnd();
    if (!/^\s*(not ok \d+|✖ |× |● |FAIL |\d+\) \S)/.test(line)) continue;
    if (/^\s*(✖|×) (failing tests:|\d+ (tests?|failing))/.test(line)) continue;
    const trimmed = line.trim();
    if (!seen.has(trimmed)) seen.add(trimmed);
    if (seen.size >= MAX_FAILURE_LINES) break;
  }
  return [...seen];
}

/** Coverage printed by the run (istanbul/c8 text reporter, node:test coverage). */
export function parseCoverageOutput(output: string): CoverageSummary | undefined {
  const text = output.replace(ANSI, '');
  const istanbul = /^\s*All files\s*\|\s*([\d.]+)\s*\|\s*([\d.]+)\s*\|\s*([\d.]+)\s*\|\s*([\d.]+)/m.exec(text);
  if (istanbul) {
    return { statements: Number(istanbul[1]), branches: Number(istanbul[2]), functions: Number(istanbul[3]), lines: Number(istanbul[4]), source: 'output' };
  }
  // node --experimental-test-coverage: `# all files | line % | branch % | funcs % |`
  const node = /^\s*[#ℹ] all files\s*\|\s*([\d.]+)\s*\|\s*([\d.]+)\s*\|\s*([\d.]+)/m.exec(text);
  if (node) return { lines: Number(node[1]), branches: Number(node[2]), functions: Number(node[3]), source: 'output' };
  return undefined;
}

/** Where istanbul's json-summary reporter writes, relative to the application folder. */
export const COVERAGE_SUMMARY_FILE = 'coverage/coverage-summary.json';

/** istanbul's json-summary report (the text of COVERAGE_SUMMARY_FILE), when the tests wrote one. */
export function parseCoverageSummary(text: string): CoverageSummary | undefined {
  try {
    const total = (JSON.parse(text) as { total?: Record<string, { pct?: unknown }> } | null)?.total;
    if (!total || typeof total !== 'object') return undefined;
    const summary: CoverageSummary = { source: 'coverage-summary.json' };
    for (const key of ['lines', 'statements', 'branches', 'functions'] as const) {
      const value = total[key]?.pct;
      if (typeof value === 'number' && Number.isFinite(value)) summary[key] = value;
    }
    return Object.keys(summary).length > 1 ? summary : undefined;
  } catch {
    return undefined;
  }
}
