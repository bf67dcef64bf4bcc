// Tests that run the real `connect-certify` binary need a current dist/: build once per test run.
// A failing build is reported but does not stop unit tests; `npm ci` (prepare) fails on it anyway.
import { spawnSync } from 'node:child_process';

export default function setup(): void {
  const result = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { encoding: 'utf8' });
  if (result.status !== 0) {
    process.stderr.write(`warning: build failed; CLI tests will run the previous dist/\n${result.stdout}${result.stderr}\n`);
  }
}
