import { describe, expect, it } from 'vitest';
import { runCheck, workspaceFromFiles, type FixtureFiles } from '../../engine/testing.js';
import check, { invokedScripts } from './check.js';

const connect = (postDeploy: string, preUndeploy?: string) =>
  `deployAs:\n  - name: app\n    applicationType: event\n    endpoint: /event\n    scripts:\n      postDeploy: ${postDeploy}\n${preUndeploy ? `      preUndeploy: ${preUndeploy}\n` : ''}`;
const scripts = JSON.stringify({ scripts: { build: 'tsc', 'connector:post-deploy': 'node build/post-deploy.js', 'connector:pre-undeploy': 'node build/pre-undeploy.js' } });
const findingsFor = async (yaml: string, files: FixtureFiles) => (await runCheck(check, workspaceFromFiles({ 'connect.yaml': yaml, ...files }))).findings;

describe('buildpack/connect-scripts', () => {
  it('reads which package.json scripts a command line runs', () => {
    expect(invokedScripts('npm install && npm run build && npm run connector:post-deploy')).toEqual(['build', 'connector:post-deploy']);
    expect(invokedScripts('yarn install && yarn build && yarn run connector:post-deploy')).toEqual(['build', 'connector:post-deploy']);
    expect(invokedScripts('npm install --loglevel verbose  && npm run build --loglevel verbose')).toEqual(['build']);
    expect(invokedScripts('CI=true pnpm run setup; npm test')).toEqual(['setup', 'test']);
    expect(invokedScripts('cd ../other && npm run x')).toEqual([]);
  });

  it('accepts scripts that exist', async () => {
    expect(await findingsFor(connect('npm install && npm run build && npm run connector:post-deploy', 'yarn connector:pre-undeploy'), { 'app/package.json': scripts })).toEqual([]);
  });

  it('errors for a script package.json does not define, at the connect.yaml line', async () => {
    const findings = await findingsFor(connect('npm install && npm run connector:post-deploy', 'yarn run connector:pre-undeplyo'), { 'app/package.json': JSON.stringify({ scripts: { 'connector:post-deploy': 'x' } }) });
    expect(findings).toEqual([expect.objectContaining({ severity: 'error', application: 'app', file: 'connect.yaml', line: 7 })]);
    expect(findings[0]!.message).toBe(
      'Application "app": scripts.preUndeploy "yarn run connector:pre-undeplyo" runs the package.json script "connector:pre-undeplyo", which app/package.json does not define (it has: connector:post-deploy)',
    );
  });

  it('accepts `npm start` backed by server.js but not `npm test` without a test script', async () => {
    expect(await findingsFor(connect('npm start'), { 'app/package.json': '{}', 'app/server.js': '' })).toEqual([]);
    expect(await findingsFor(connect('npm test'), { 'app/package.json': '{}' })).toHaveLength(1);
  });
});
