import { describe, expect, it } from 'vitest';
import { failingTestLines, parseCoverageOutput, parseCoverageSummary, parseTestCounts } from './test-output.js';

describe('parseTestCounts', () => {
  it('reads node:test TAP summaries and adds up several runs', () => {
    const tap = '# tests 4\n# suites 0\n# pass 3\n# fail 1\n# cancelled 0\n# skipped 0\n# todo 0\n';
    expect(parseTestCounts(tap + tap)).toEqual({ runner: 'node:test', passed: 6, failed: 2, skipped: 0, total: 8 });
  });
  it('reads the node:test spec reporter', () => {
    expect(parseTestCounts('ℹ tests 5\nℹ suites 1\nℹ pass 4\nℹ fail 0\nℹ cancelled 0\nℹ skipped 1\nℹ todo 0\n')).toEqual({ runner: 'node:test', passed: 4, failed: 0, skipped: 1, total: 5 });
  });
  it('reads jest', () => {
    const out = 'Test Suites: 1 failed, 2 passed, 3 total\nTests:       1 failed, 2 skipped, 9 passed, 12 total\nSnapshots:   0 total\n';
    expect(parseTestCounts(out)).toEqual({ runner: 'jest', passed: 9, failed: 1, skipped: 2, total: 12 });
  });
  it('reads vitest, with colours', () => {
    const out = ' Test Files  1 failed | 3 passed (4)\n      Tests  \u001b[31m2 failed\u001b[39m | 40 passed | 1 skipped (43)\n';
    expect(parseTestCounts(out)).toEqual({ runner: 'vitest', passed: 40, failed: 2, skipped: 1, total: 43 });
  });
  it('reads mocha', () => {
    expect(parseTestCounts('\n  12 passing (40ms)\n  2 pending\n  1 failing\n')).toEqual({ runner: 'mocha', passed: 12, failed: 1, skipped: 2, total: 15 });
  });
  it('returns nothing for output without a known summary', () => {
    expect(parseTestCounts('all good\nDone in 2.3s\n')).toBeUndefined();
  });
});

describe('coverage', () => {
  it('reads the istanbul / c8 text table', () => {
    const table = '----------|---------|----------|---------|---------|\nAll files |   85.71 |    66.67 |     100 |   85.71 |\n';
    expect(parseCoverageOutput(table)).toEqual({ statements: 85.71, branches: 66.67, functions: 100, lines: 85.71, source: 'output' });
  });
  it('reads node --experimental-test-coverage', () => {
    expect(parseCoverageOutput('# all files | 91.30 | 75.00 | 88.89 |\n')).toEqual({ lines: 91.3, branches: 75, functions: 88.89, source: 'output' });
  });
  it('reads coverage-summary.json and refuses anything else', () => {
    const summary = JSON.stringify({ total: { lines: { pct: 80 }, statements: { pct: 81 }, branches: { pct: 'x' }, functions: { pct: 90 } } });
    expect(parseCoverageSummary(summary)).toEqual({ lines: 80, statements: 81, functions: 90, source: 'coverage-summary.json' });
    expect(parseCoverageSummary('root:x:0:0')).toBeUndefined();
    expect(parseCoverageSummary('null')).toBeUndefined();
    expect(parseCoverageSummary('{"total":{}}')).toBeUndefined();
  });
});

describe('failingTestLines', () => {
  it('names the failed tests of each runner', () => {
    expect(failingTestLines('ok 1 - a\nnot ok 2 - adds tax\n  ---\nnot ok 3 - suite\n')).toEqual(['not ok 2 - adds tax', 'not ok 3 - suite']);
    expect(failingTestLines('✔ a (1ms)\n✖ adds tax (2ms)\n✖ failing tests:\n✖ adds tax (2ms)\n')).toEqual(['✖ adds tax (2ms)']);
    expect(failingTestLines('  ● cart › adds tax\n\n    expect(received)\n')).toEqual(['● cart › adds tax']);
    expect(failingTestLines(' FAIL  src/cart.test.ts > adds tax\n   × adds tax 3ms\n')).toEqual(['FAIL  src/cart.test.ts > adds tax', '× adds tax 3ms']);
    expect(failingTestLines('  1 failing\n\n  1) cart\n       adds tax:\n')).toEqual(['1) cart']);
  });
  it('finds nothing in passing output', () => {
    expect(failingTestLines('ok 1 - a\n# pass 1\n# fail 0\n')).toEqual([]);
  });
});
