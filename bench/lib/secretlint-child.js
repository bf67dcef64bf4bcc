// Child process of a bench: the peer's whole-repository run on one folder. secretlint (secret scan
// only, its recommended preset) on exactly the files `check` examines, as the engine's own listing
// gives them (a Git work tree's tracked files plus untracked files Git does not ignore). Prints
// timings and peak memory as one JSON line, the way certify-child.js does, so both run in the same
// minutes on the same files.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadSecretlint } from './secretlint.js';

const dist = path.resolve(import.meta.dirname ?? path.dirname(new URL(import.meta.url).pathname), '..', '..', 'dist');

const [target] = process.argv.slice(2);
if (!target) throw new Error('usage: secretlint-child.js <folder>');
const root = path.resolve(target);

const started = performance.now();
const scan = await loadSecretlint();
const { indexLocalFolder } = await import(pathToFileURL(path.join(dist, 'engine', 'acquire', 'local.js')).href);
const index = indexLocalFolder(root);
const files = index.files.map((f) => path.join(index.root, f.path));
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
