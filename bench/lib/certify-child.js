// Child process of a bench: certify one folder with the built engine and print timings and peak
// memory as one JSON line. Run in its own process so peak RSS belongs to this run alone.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** How many of the slowest checks the result names, to show where the time goes. */
const SLOWEST_CHECKS_SHOWN = 5;

const [target] = process.argv.slice(2);
if (!target) throw new Error('usage: certify-child.js <folder>');
const dist = path.resolve(import.meta.dirname ?? path.dirname(new URL(import.meta.url).pathname), '..', '..', 'dist');
// The bundle the `connect-certify` launcher runs (scripts/bundle.js), else dist/ as tsc wrote it.
const distIndex = existsSync(path.join(dist, 'bundle', 'index.js')) ? path.join(dist, 'bundle', 'index.js') : path.join(dist, 'index.js');

const started = performance.now();
const { certify } = await import(pathToFileURL(distIndex).href);
const loaded = performance.now();
const cpuBefore = process.cpuUsage();
const mainBefore = mainThreadSchedule();
// Offline, as `check --offline` runs: the bench measures the engine, not the registry's latency.
const report = await certify({ target, settings: { offline: true }, creator: { email: 'connectors@cart-guard.dev', name: 'Example Creator' } });
const done = performance.now();
const cpu = process.cpuUsage(cpuBefore);
const mainAfter = mainThreadSchedule();

process.stdout.write(`${JSON.stringify({
  importMs: loaded - started,
  certifyMs: done - loaded,
  // CPU time (user + system) of certify(): on a machine shared with other work it moves far less than wall time.
  certifyCpuMs: (cpu.user + cpu.system) / 1000,
  maxRssKB: process.resourceUsage().maxRSS,
  // Linux: the main thread's time on a CPU and runnable but waiting for one (the checks run there).
  ...(mainBefore && mainAfter ? { mainOnCpuMs: mainAfter.onCpuMs - mainBefore.onCpuMs, mainWaitingMs: mainAfter.waitingMs - mainBefore.waitingMs } : {}),
  verdict: report.verdict,
  findings: report.findings.length,
  errors: report.findings.filter((f) => f.severity === 'error').length,
  checks: report.checks.length,
  slowest: [...report.checks]
    .sort((a, b) => b.durationMs - a.durationMs)
    .slice(0, SLOWEST_CHECKS_SHOWN)
    .map((c) => ({ id: c.id, ms: c.durationMs })),
})}\n`);

/** The main thread's scheduler counters (Linux /proc, nanoseconds), or null elsewhere. */
function mainThreadSchedule() {
  try {
    const [onCpu, waiting] = readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').trim().split(' ').map(Number);
    return { onCpuMs: onCpu / 1e6, waitingMs: waiting / 1e6 };
  } catch {
    return null;
  }
}
