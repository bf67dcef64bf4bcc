import { describe, expect, it } from 'vitest';
import { connector } from '../../analyzers/code-rules/__tests__/connector.js';
import { runCheck } from '../../engine/testing.js';
import check from './check.js';

const CODE = { 'src/index.ts': 'export {};' };

async function findings(scripts: Record<string, string>, options: Parameters<typeof connector>[1] = {}, files: Record<string, string> = CODE) {
  return (await runCheck(check, connector(files, { ...options, packageJson: { scripts, ...(options.packageJson ?? {}) } }))).findings;
}

describe('sec-nonprod/dev-start', () => {
  it.each([
    ['nodemon', { start: 'nodemon src/index.ts' }, /the start script `nodemon` restarts the process on file changes/],
    ['ts-node', { start: 'ts-node src/index.ts' }, /`ts-node` compiles TypeScript on the fly/],
    ['tsx through another script', { start: 'npm run serve', serve: 'tsx src/index.ts' }, /script "serve" \(run by the start script\) `tsx`/],
    ['NODE_ENV=development', { start: 'NODE_ENV=development node dist/index.js' }, /sets NODE_ENV to a development value/],
    ['cross-env NODE_ENV=development', { start: 'cross-env NODE_ENV=development node dist/index.js' }, /sets NODE_ENV to a development value/],
    ['node --inspect', { start: 'node --inspect=0.0.0.0:9229 dist/index.js' }, /opens a debugger port/],
    ['node --watch', { start: 'node --watch dist/index.js' }, /restarts on file changes/],
  ])('reports %s', async (_name, scripts, message) => {
    const list = await findings(scripts);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ severity: 'warning', requirement: 'SEC-NONPROD', file: 'service/package.json', line: expect.any(Number) });
    expect(list[0]!.message).toMatch(message);
  });

  it.each([
    ['node on compiled output', { start: 'node dist/index.js', dev: 'nodemon src/index.ts' }],
    ['NODE_ENV=production', { start: 'NODE_ENV=production node dist/index.js' }],
    ['development tools in other scripts', { start: 'node dist/index.js', 'start:dev': 'ts-node-dev src/index.ts', test: 'NODE_ENV=test jest' }],
  ])('does not report %s', async (_name, scripts) => {
    expect(await findings(scripts)).toEqual([]);
  });

  it('reports development commands in connect.yaml scripts, a NODE_ENV default and a committed .env', async () => {
    const list = await findings(
      { start: 'node dist/index.js', 'connector:post-deploy': 'ts-node src/post-deploy.ts' },
      { yaml: '    scripts:\n      postDeploy: npm run connector:post-deploy\n    configuration:\n      standardConfiguration:\n        - key: NODE_ENV\n          description: env\n          default: development\n' },
      { ...CODE, '.env': 'NODE_ENV=development\n' },
    );
    expect(list.map((f) => f.message)).toEqual([
      expect.stringMatching(/script "connector:post-deploy" \(run by postDeploy\) `ts-node`/),
      expect.stringMatching(/configuration NODE_ENV of "service" defaults to "development"/),
      expect.stringMatching(/service\/\.env:1: the committed environment file sets NODE_ENV/),
    ]);
  });

  it('reports browser-bundled applications as info', async () => {
    const list = await findings({ start: 'vite' }, { name: 'assets', applicationType: 'assets' });
    expect(list.map((f) => [f.severity, f.message])).toEqual([['info', 'assets/package.json: the start script `vite` runs its development server']]);
  });
});
