// Whole-repository run on a generated 10,000-file connector: median wall time and peak memory of
// `certify()` over 5 runs (after a warm-up run), each in a fresh process loading the bundle the CLI
// runs, against the targets; the physical floor (listing and reading every file once) for scale;
// and the peer, secretlint, on the same files in the same minutes (peers.md: "well under" its
// figure). Five runs: on this shared 2-vCPU machine one run in three or four lands in a slow spell,
// and slow spells last minutes: the floor and the peer, measured between our runs, show how fast
// the machine was meanwhile.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateConnector } from './lib/generate-connector.js';
import { measureChild, median } from './lib/measure.js';

export const FILE_COUNT = 10_000;
export const RUNS = 5;
/** Targets for a whole-repository static run (architecture: well under secretlint's 4.1 s / 7,000 files). */
export const TARGET_WALL_MS = 2_000;
export const TARGET_PEAK_RSS_MB = 300;

const lib = path.join(path.dirname(fileURLToPath(import.meta.url)), 'lib');

export default {
  name: 'check-10k',
  description: `certify() on a generated ${FILE_COUNT.toLocaleString('en')}-file connector (Git checkout), ${RUNS} runs after a warm-up run`,
  async run({ progress }) {
    const dir = mkdtempSync(path.join(tmpdir(), 'connect-certify-bench-'));
    const skeletonDir = mkdtempSync(path.join(tmpdir(), 'connect-certify-bench-skeleton-'));
    try {
      progress(`generating ${FILE_COUNT} files in ${dir}`);
      const generated = generateConnector(dir, { files: FILE_COUNT, git: true });
      // The same files, folders and imports with the module bodies left out: what the file count
      // costs apart from the bytes, to tell per-file from per-byte work when speeding `check` up.
      const skeleton = generateConnector(skeletonDir, { files: FILE_COUNT, git: true, bodies: false });
      // The first run after writing 37 MB met the kernel still writing them back (it was 0.5-1 s
      // slower every time): flush, then one warm-up run of each child, not counted.
      execFileSync('sync');
      progress('warm-up run (not counted)');
      await measureChild(path.join(lib, 'read-floor-child.js'), [dir]);
      await measureChild(path.join(lib, 'certify-child.js'), [dir]);
      await measureChild(path.join(lib, 'secretlint-child.js'), [dir]);
      await measureChild(path.join(lib, 'certify-child.js'), [skeletonDir]);

      const floors = [];
      const runs = [];
      const peers = [];
      const skeletonRuns = [];
      for (let i = 0; i < RUNS; i++) {
        progress(`run ${i + 1}/${RUNS}`);
        floors.push(await measureChild(path.join(lib, 'read-floor-child.js'), [dir]));
        runs.push(await measureChild(path.join(lib, 'certify-child.js'), [dir]));
        peers.push(await measureChild(path.join(lib, 'secretlint-child.js'), [dir]));
        skeletonRuns.push(await measureChild(path.join(lib, 'certify-child.js'), [skeletonDir]));
      }

      const wallMs = median(runs.map((r) => r.wallMs));
      const certifyMs = median(runs.map((r) => r.certifyMs));
      const certifyCpuMs = median(runs.map((r) => r.certifyCpuMs));
      const peakMB = median(runs.map((r) => r.maxRssKB)) / 1024;
      const floorMs = median(floors.map((r) => r.readMs));
      const floorWallMs = median(floors.map((r) => r.wallMs));
      const peerWallMs = median(peers.map((r) => r.wallMs));
      const peerMB = median(peers.map((r) => r.maxRssKB)) / 1024;
      // Each of our runs against the peer's run that followed it (the same minute of the machine).
      const pairRatios = runs.map((r, i) => r.wallMs / peers[i].wallMs);
      const skeletonCertifyMs = median(skeletonRuns.map((r) => r.certifyMs));
      const last = runs[runs.length - 1];
      return [
        { metric: 'repository', value: `${generated.files} files, ${(generated.bytes / 1024 / 1024).toFixed(1)} MB` },
        // Every run shown: on a shared machine the spread says how far to trust the median.
        { metric: 'wall time, process (median)', value: seconds(wallMs), target: seconds(TARGET_WALL_MS), ratio: wallMs / TARGET_WALL_MS, note: `runs: ${runs.map((r) => seconds(r.wallMs)).join(', ')}` },
        { metric: 'certify() alone (median)', value: seconds(certifyMs), target: seconds(TARGET_WALL_MS), ratio: certifyMs / TARGET_WALL_MS, note: `runs: ${runs.map((r) => seconds(r.certifyMs)).join(', ')}` },
        { metric: 'certify() CPU time (median)', value: seconds(certifyCpuMs), note: 'user + system; wall time above includes waiting for a shared CPU' },
        ...(last.mainOnCpuMs !== undefined
          ? [{ metric: 'certify() main thread (median)', value: `${seconds(median(runs.map((r) => r.mainOnCpuMs)))} on a CPU`, note: `${seconds(median(runs.map((r) => r.mainWaitingMs)))} runnable but waiting for one (V8's compiler threads, the read-ahead worker and GC share the 2 CPUs)` }]
          : []),
        { metric: 'peak RSS (median)', value: `${peakMB.toFixed(0)} MB`, target: `${TARGET_PEAK_RSS_MB} MB`, ratio: peakMB / TARGET_PEAK_RSS_MB },
        { metric: 'floor: list + read all files (median)', value: seconds(floorMs), note: `process wall ${seconds(floorWallMs)}` },
        { metric: 'certify() / floor', value: `${(certifyMs / floorMs).toFixed(1)}x`, note: `process walls: ${(wallMs / floorWallMs).toFixed(1)}x` },
        { metric: 'secretlint, same files (median)', value: seconds(peerWallMs), note: `process wall, secret scan only (recommended preset, profiler off), ${peers[0].files} files; peak RSS ${peerMB.toFixed(0)} MB; runs: ${peers.map((r) => seconds(r.wallMs)).join(', ')}` },
        { metric: 'wall time / secretlint\'s (median)', value: `${median(pairRatios).toFixed(2)}x`, note: `each run against the peer run right after it: ${pairRatios.map((x) => x.toFixed(2)).join(', ')} (${last.checks} checks against a secret scan)` },
        { metric: 'certify(), same files without module bodies (median)', value: seconds(skeletonCertifyMs), note: `${(skeleton.bytes / 1024 / 1024).toFixed(1)} MB (imports kept): ${Math.round((100 * skeletonCertifyMs) / certifyMs)} % of the full run's certify() is per-file work, the rest is per-byte; runs: ${skeletonRuns.map((r) => seconds(r.certifyMs)).join(', ')}` },
        { metric: 'report', value: `verdict ${last.verdict}, ${last.findings} findings (${last.errors} errors), ${last.checks} checks` },
        // A check's time includes shared artefacts (ASTs, import graphs) it happens to compute first.
        ...last.slowest.map((c, i) => ({ metric: `slowest check #${i + 1} (last run)`, value: `${seconds(c.ms)}  ${c.id}` })),
      ];
    } finally {
      rmSync(dir, { recursive: true, force: true });
      rmSync(skeletonDir, { recursive: true, force: true });
    }
  },
};

function seconds(ms) {
  return `${(ms / 1000).toFixed(2)} s`;
}
