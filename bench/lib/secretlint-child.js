// Child process of a bench: the peer's whole-repository run on one folder. secretlint (secret scan
// only, its recommended preset) on the files `check` examines: a Git work tree's tracked files plus
// untracked files Git does not ignore. Prints timings and peak memory as one JSON line, the way
// certify-child.js does, so both run in the same minutes on the same files.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { loadSecretlint } from './secretlint.js';

const [target] = process.argv.slice(2);
if (!target) throw new Error('usage: secretlint-child.js <git work tree>');
const root = path.resolve(target);

const started = performance.now();
const scan = await loadSecretlint();
const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
const files = listed.split('\0').filter((f) => f !== '').map((f) => path.join(root, f));
const loaded = performance.now();
const cpuBefore = process.cpuUsage();
const findings = await scan(root, files);
const done = performance.now();
const cpu = process.cpuUsage(cpuBefore);

process.stdout.write(`${JSON.stringify({
  importMs: loaded - started,
  scanMs: done - loaded,
  scanCpuMs: (cpu.user + cpu.system) / 1000,
  maxRssKB: process.resourceUsage().maxRSS,
  files: files.length,
  findings: findings.length,
})}\n`);
