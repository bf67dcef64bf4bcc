// `npm run bench`: runs every bench/*.bench.js in sequence against the built engine (dist/) and
// prints one table. Benches measure; they never fail on a missed target (ratio > 1 means missed).
// dist/ comes from `npm run build`; it is built here first when missing.
// Usage: node bench/run.js [name ...]   (names as in `<name>.bench.js`)
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const projectRoot = path.resolve(benchDir, '..');
const wanted = process.argv.slice(2);

if (!existsSync(path.join(projectRoot, 'dist', 'index.js'))) {
  process.stderr.write('dist/ is missing: running `npm run build` first\n');
  const build = spawnSync('npm', ['run', 'build'], { cwd: projectRoot, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const files = readdirSync(benchDir)
  .filter((f) => f.endsWith('.bench.js'))
  .filter((f) => wanted.length === 0 || wanted.includes(f.slice(0, -'.bench.js'.length)))
  .sort();
if (files.length === 0) {
  process.stderr.write(`no bench matches ${wanted.join(', ')}\n`);
  process.exit(1);
}

const rows = [];
let crashed = false;
for (const file of files) {
  const mod = await import(pathToFileURL(path.join(benchDir, file)).href);
  // Two shapes are accepted: `default { name, description, run }`, or a plain `export async function run()`.
  const bench = mod.default ?? { name: file.slice(0, -'.bench.js'.length), description: mod.description ?? '', run: mod.run };
  process.stderr.write(`\n▶ ${bench.name}: ${bench.description}\n`);
  const started = performance.now();
  try {
    const results = await bench.run({ progress: (message) => process.stderr.write(`  … ${message}\n`) });
    for (const row of results) {
      // Rows named `{ name, unit }` are normalised to `{ metric }` with the unit beside the value.
      const metric = row.metric ?? row.name;
      const value = row.unit && typeof row.value === 'number' ? `${row.value} ${row.unit}` : row.value;
      rows.push({ bench: bench.name, ...row, metric, value });
    }
  } catch (error) {
    crashed = true;
    rows.push({ bench: bench.name, metric: 'crashed', value: String(error.message ?? error).split('\n')[0] });
  }
  process.stderr.write(`  done in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}

printTable(rows);
process.exitCode = crashed ? 1 : 0;

function printTable(list) {
  const header = { bench: 'bench', metric: 'metric', value: 'value', target: 'target', ratio: 'ratio', note: 'note' };
  const cells = list.map((r) => ({
    bench: r.bench,
    metric: r.metric,
    value: String(r.value ?? ''),
    target: r.target ?? '',
    ratio: r.ratio === undefined ? '' : `${r.ratio.toFixed(2)}${r.ratio > 1 ? ' ✗' : ' ✓'}`,
    note: r.note ?? '',
  }));
  const columns = Object.keys(header);
  const width = Object.fromEntries(columns.map((c) => [c, Math.max(header[c].length, ...cells.map((r) => r[c].length))]));
  const line = (r) => columns.map((c) => r[c].padEnd(width[c])).join('  ').trimEnd();
  process.stdout.write(`\n${line(header)}\n${columns.map((c) => '-'.repeat(width[c])).join('  ')}\n`);
  for (const r of cells) process.stdout.write(`${line(r)}\n`);
  process.stdout.write('\nratio = measured / target (below 1 meets the target).\n');
}
