import { describe, expect, it } from 'vitest';
import { runCheck, workspaceFromFiles, type FixtureFiles } from '../../engine/testing.js';
import check from './check.js';

const connect = 'deployAs:\n  - name: app\n    applicationType: service\n    endpoint: /\n';
const findingsFor = async (files: FixtureFiles) => (await runCheck(check, workspaceFromFiles({ 'connect.yaml': connect, ...files }))).findings;
const engines = (node: string) => `{\n  "name": "app",\n  "engines": {\n    "node": "${node}"\n  }\n}\n`;

describe('buildpack/node-version', () => {
  it('accepts a bounded range of supported majors, and no engines at all', async () => {
    expect(await findingsFor({ 'app/package.json': engines('22.x || 24.x') })).toEqual([]);
    expect(await findingsFor({ 'app/package.json': engines('^24.0.0'), 'app/.nvmrc': '24\n' })).toEqual([]);
    expect(await findingsFor({ 'app/package.json': '{}', 'app/.nvmrc': 'v22.11.0' })).toEqual([]);
  });

  it('errors for mollie\'s ">=18.0.0 <=20.9.0" at the engines.node line', async () => {
    const findings = await findingsFor({ 'app/package.json': engines('>=18.0.0 <=20.9.0') });
    expect(findings).toEqual([expect.objectContaining({ severity: 'error', file: 'app/package.json', line: 4, column: 5 })]);
    expect(findings[0]!.message).toBe(
      'app/package.json: "engines.node": ">=18.0.0 <=20.9.0" admits none of the Node.js majors Connect supports (22 and 24); the buildpack would install Node.js 20',
    );
  });

  it('errors for a range that cannot be read', async () => {
    expect((await findingsFor({ 'app/package.json': engines('node 22') }))[0]!.message).toContain('cannot be read as a version range');
  });

  it('informs when the range is unbounded, leaving admitted end-of-life majors to deps/node-eol', async () => {
    const findings = await findingsFor({ 'app/package.json': engines('>=18') });
    expect(findings.map((f) => f.severity)).toEqual(['info']);
    expect(findings[0]!.message).toContain('can be Node.js 25 or 26');
  });

  it('warns when .nvmrc disagrees with engines.node', async () => {
    const findings = await findingsFor({ 'app/package.json': engines('24.x'), 'app/.nvmrc': 'v20.9.0\n' });
    expect(findings).toEqual([expect.objectContaining({ severity: 'warning', file: 'app/.nvmrc', line: 1 })]);
    expect(findings[0]!.message).toContain('which engines.node "24.x" in app/package.json does not admit');
  });

  it('warns when .nvmrc names an unsupported major and engines.node is absent', async () => {
    const findings = await findingsFor({ 'app/package.json': '{}', '.nvmrc': '16.16.0' });
    expect(findings).toEqual([expect.objectContaining({ severity: 'warning', file: '.nvmrc' })]);
    expect(findings[0]!.message).toContain('which Connect does not run (22 and 24)');
  });
});
