import { readFileSync } from 'node:fs';
import { it } from 'vitest';
import { parseLockFile, type LockFileName } from './graph.js';
import { readYamlSubset } from './yaml-subset.js';
import { parse as parseYaml } from 'yaml';
import { parseSyml } from '@yarnpkg/parsers';
it('perf', () => {
  const cases: [string, LockFileName, string][] = [
    ['npm v3 (JFluegge MC app)', 'package-lock.json', '/work/shared/data/real-connectors/JFluegge__commercetools-connect-application/merchant-center-custom-application/package-lock.json'],
    ['yarn v1 (visualizer)', 'yarn.lock', '/work/shared/data/real-connectors/commercetools-demo__commercetools-visualizer/visualizer/yarn.lock'],
    ['pnpm 9 (react-scripts)', 'pnpm-lock.yaml', '/tmp/lockgen/big2-pnpm/pnpm-lock.yaml'],
    ['yarn berry (react-scripts)', 'yarn.lock', '/tmp/lockgen/big2-berry/yarn.lock'],
  ];
  for (const [label, kind, file] of cases) {
    const text = readFileSync(file, 'utf8');
    const pj = JSON.parse(readFileSync(file.replace(/[^/]+$/, 'package.json'), 'utf8'));
    const times: number[] = []; let nodes = 0, problems = 0;
    for (let i = 0; i < 12; i++) { const s = performance.now(); const g = parseLockFile(kind, text, 'x', pj); times.push(performance.now() - s); nodes = g.nodes.size; problems = g.problems.length; g.pathTo([...g.nodes.keys()].at(-1)!); }
    times.sort((a, b) => a - b);
    let ref = NaN;
    if (kind === 'pnpm-lock.yaml') { const s = performance.now(); parseYaml(text); ref = performance.now() - s; }
    if (label.includes('berry')) { const s = performance.now(); parseSyml(text); ref = performance.now() - s; }
    const c = performance.now(); let x = 0; for (let j = 0; j < 3e6; j++) x += j; const calib = performance.now() - c;
    console.log(`${label}: ${(text.length / 1024).toFixed(0)} KB, ${nodes} packages, ${problems} problems, min ${times[0]!.toFixed(1)} ms, median ${times[6]!.toFixed(1)} ms; reference parser ${ref.toFixed(0)} ms; calib ${calib.toFixed(1)}`);
  }
});
