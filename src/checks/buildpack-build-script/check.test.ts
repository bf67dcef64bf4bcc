import { describe, expect, it } from 'vitest';
import { runCheck, workspaceFromFiles, type FixtureFiles } from '../../engine/testing.js';
import check from './check.js';

const connect = (type = 'service') => `deployAs:\n  - name: app\n    applicationType: ${type}\n${type === 'assets' ? '' : '    endpoint: /\n'}`;
const findingsFor = async (files: FixtureFiles, type?: string) => (await runCheck(check, workspaceFromFiles({ 'connect.yaml': connect(type), ...files }))).findings;
const pkg = (scripts: Record<string, string>, extra: object = {}) => JSON.stringify({ scripts, devDependencies: { typescript: '^5.4.0' }, ...extra }, null, 2);
const YARN = { 'app/yarn.lock': '# yarn lockfile v1\n' };

describe('buildpack/build-script', () => {
  it('accepts TypeScript apps whose compile step runs (npm build or gcp-build, Yarn gcp-build)', async () => {
    expect(await findingsFor({ 'app/package.json': pkg({ build: 'tsc', start: 'node dist/main.js' }) })).toEqual([]);
    expect(await findingsFor({ 'app/package.json': pkg({ 'gcp-build': 'tsc', start: 'node build/index.js' }), ...YARN })).toEqual([]);
  });

  it('accepts plain JavaScript without a build', async () => {
    expect(await findingsFor({ 'app/package.json': JSON.stringify({ scripts: { start: 'node src/index.js' } }), 'app/src/index.js': '' })).toEqual([]);
  });

  it('errors for Yarn with only a build script while start runs compiled output', async () => {
    const findings = await findingsFor({ 'app/package.json': pkg({ build: 'rimraf ./build && tsc', start: 'node build/index.js' }), ...YARN });
    expect(findings).toEqual([expect.objectContaining({ severity: 'error', file: 'app/package.json', line: 3 })]);
    expect(findings[0]!.message).toContain('Yarn runs only "gcp-build" and ignores "build": "rimraf ./build && tsc"');
    expect(findings[0]!.message).toContain('runs build/index.js, which is compiled output not in the repository');
    expect(findings[0]!.remediation).toBe('Add "gcp-build": "rimraf ./build && tsc" (or just "tsc") to app/package.json.');
  });

  it('errors for npm without gcp-build or build, and for an empty gcp-build', async () => {
    const none = await findingsFor({ 'app/package.json': pkg({ start: 'node dist/index.js' }) });
    expect(none[0]!.message).toContain('no gcp-build or build script');
    const empty = await findingsFor({ 'app/package.json': pkg({ 'gcp-build': '', build: 'tsc', start: 'node dist/index.js' }) });
    expect(empty[0]!.message).toContain('gcp-build is empty');
    const main = await findingsFor({ 'app/package.json': pkg({}, { main: 'dist/server.js' }) });
    expect(main[0]!.severity).toBe('error');
  });

  it('only informs for Merchant Center applications', async () => {
    const findings = await findingsFor({ 'app/package.json': pkg({ build: 'mc-scripts build', start: 'mc-scripts start' }), ...YARN }, 'merchant-center-custom-application');
    expect(findings.map((f) => f.severity)).toEqual(['info']);
  });

  it('warns when the start script compiles at container start or runs committed output', async () => {
    const atStart = await findingsFor({ 'app/package.json': pkg({ start: 'tsc && node build/index.js' }) });
    expect(atStart).toEqual([expect.objectContaining({ severity: 'warning' })]);
    const committed = await findingsFor({ 'app/package.json': pkg({ start: 'node build/index.js' }), 'app/build/index.js': '', 'app/src/index.ts': '' });
    expect(committed[0]!.message).toContain('runs the committed build/index.js');
  });

  it('errors for an assets app with nothing to build or serve', async () => {
    const findings = await findingsFor({ 'app/package.json': pkg({ build: 'vite build', start: 'serve public -l 8080' }), ...YARN }, 'assets');
    expect(findings[0]).toMatchObject({ severity: 'error' });
    expect(findings[0]!.message).toContain('(assets): nothing builds the assets');
  });
});
