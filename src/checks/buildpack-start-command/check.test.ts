import { describe, expect, it } from 'vitest';
import { runCheck, workspaceFromFiles, type FixtureFiles } from '../../engine/testing.js';
import check from './check.js';

const connect = (type = 'service') => `deployAs:\n  - name: app\n    applicationType: ${type}\n${type === 'assets' ? '' : '    endpoint: /\n'}`;
const findingsFor = async (files: FixtureFiles, type?: string) => (await runCheck(check, workspaceFromFiles({ 'connect.yaml': connect(type), ...files }))).findings;
const YARN = { 'app/yarn.lock': '# yarn lockfile v1\n' };

describe('buildpack/start-command', () => {
  it('accepts a start script running compiled output that a build produces', async () => {
    expect(await findingsFor({ 'app/package.json': JSON.stringify({ scripts: { build: 'tsc', start: 'node dist/main.js' } }) })).toEqual([]);
  });

  it('accepts npm fallbacks that exist: server.js, main, index.js', async () => {
    expect(await findingsFor({ 'app/package.json': '{}', 'app/server.js': '' })).toEqual([]);
    expect(await findingsFor({ 'app/package.json': '{"main":"src/app.js"}', 'app/src/app.js': '' })).toEqual([]);
    expect(await findingsFor({ 'app/package.json': '{}', 'app/index.js': '' })).toEqual([]);
  });

  it('errors for Yarn without a start script, even with server.js', async () => {
    const findings = await findingsFor({ 'app/package.json': '{"scripts":{}}', 'app/server.js': '', ...YARN });
    expect(findings).toEqual([expect.objectContaining({ severity: 'error', file: 'app/package.json' })]);
    expect(findings[0]!.message).toContain('the yarn buildpack always runs "yarn run start"');
  });

  it('errors when the npm fallback has nothing to run', async () => {
    const findings = await findingsFor({ 'app/package.json': '{"scripts":{}}', 'app/src/app.js': '' });
    expect((await findingsFor({ 'app/package.json': '{"main":"src/app.js"}' }))[0]!.message).toContain('runs `node src/app.js` (from "main"), but app/src/app.js does not exist');
    expect(findings[0]!.message).toBe(
      'Application "app": with no start script, no server.js and no "main", the buildpack runs `node index.js`, but app/index.js does not exist',
    );
  });

  it('errors for a start script whose entry file is missing, or an empty start script', async () => {
    const missing = await findingsFor({ 'app/package.json': '{\n  "scripts": {\n    "start": "node src/index.js"\n  }\n}' });
    expect(missing).toEqual([expect.objectContaining({ severity: 'error', line: 3 })]);
    expect((await findingsFor({ 'app/package.json': '{"scripts":{"start":" "}}' }))[0]!.message).toContain('"start" script is empty');
  });

  it('errors when start needs a devDependency the production image does not have', async () => {
    const findings = await findingsFor({ 'app/package.json': JSON.stringify({ scripts: { start: 'ts-node src/index.ts' }, devDependencies: { 'ts-node': '^10' } }), 'app/src/index.ts': '' });
    expect(findings).toEqual([expect.objectContaining({ severity: 'error' })]);
    expect(findings[0]!.message).toContain('runs ts-node, which comes from devDependencies');
    expect(await findingsFor({ 'app/package.json': JSON.stringify({ scripts: { start: 'serve public -l 8080' }, dependencies: { serve: '^14' } }) })).toEqual([]);
  });

  it('follows a Procfile web process and reports a Procfile without one', async () => {
    expect(await findingsFor({ 'app/package.json': '{}', 'app/Procfile': 'web: node main.js\n', 'app/main.js': '' })).toEqual([]);
    const findings = await findingsFor({ 'app/package.json': '{}', 'app/Procfile': 'worker: node main.js\n' });
    expect(findings).toEqual([expect.objectContaining({ file: 'app/Procfile', severity: 'error' })]);
  });

  it('only informs for assets and Merchant Center applications', async () => {
    const assets = await findingsFor({ 'app/package.json': '{"scripts":{}}', ...YARN }, 'assets');
    expect(assets.map((f) => f.severity)).toEqual(['info']);
    const mc = await findingsFor({ 'app/package.json': JSON.stringify({ scripts: { start: 'mc-scripts start' }, devDependencies: { '@commercetools-frontend/mc-scripts': '^22' } }) }, 'merchant-center-custom-application');
    expect(mc.map((f) => f.severity)).toEqual(['info']);
  });
});
