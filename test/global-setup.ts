// Tests that run the real `connect-certify` binary need a current dist/ and its bundle (what the
// launcher runs): build both once per test run, as `npm run build` does.
// A failing build is reported but does not stop unit tests; `npm ci` (prepare) fails on it anyway.
// The teardown removes fixture folders: test workers are killed before their own exit hooks run.
import { spawnSync } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FIXTURE_DIR_PREFIX } from '../src/engine/testing.js';

export default function setup(): () => void {
  for (const step of [['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], ['scripts/bundle.js']]) {
    const result = spawnSync(process.execPath, step, { encoding: 'utf8' });
    if (result.status !== 0) {
      process.stderr.write(`warning: build step ${step[0]} failed; CLI tests will run the previous dist/\n${result.stdout}${result.stderr}\n`);
      break;
    }
  }
  const before = new Set(readdirSync(tmpdir()));
  return () => {
    for (const name of readdirSync(tmpdir())) {
      if (name.startsWith(FIXTURE_DIR_PREFIX) && !before.has(name)) rmSync(path.join(tmpdir(), name), { recursive: true, force: true });
    }
  };
}
