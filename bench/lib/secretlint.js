// secretlint (the only native npm secret scanner, peers.md §2.4) as the benches run it: the
// recommended preset, JSON output, and its profiler disabled.
import path from 'node:path';

/**
 * A function that scans files (absolute paths) under `cwd` with secretlint and returns its findings.
 * secretlint's profiler keeps every performance mark and searches the list on each new one, which
 * makes a run quadratic in the number of files (secretlint #1653, peers.md §2.8). Its marks are
 * written through this one shared instance; a no-op `mark` disables the profiler without changing
 * any result.
 */
export async function loadSecretlint() {
  const { secretLintProfiler } = await import('@secretlint/profiler');
  secretLintProfiler.mark = () => {};
  const { createEngine } = await import('@secretlint/node');
  return async (cwd, filePathList) => {
    const engine = await createEngine({
      cwd,
      configFileJSON: { rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }] },
      formatter: 'json',
      color: false,
    });
    const { output } = await engine.executeOnFiles({ filePathList });
    const findings = [];
    for (const result of JSON.parse(output)) {
      for (const m of result.messages) findings.push({ file: path.relative(cwd, result.filePath), line: m.loc.start.line, ruleId: m.ruleId });
    }
    return findings;
  };
}
