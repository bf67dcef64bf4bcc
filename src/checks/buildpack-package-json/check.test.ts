import { describe, expect, it } from 'vitest';
import { runCheck, workspaceFromFiles, type FixtureFiles } from '../../engine/testing.js';
import check from './check.js';

const connect = 'deployAs:\n  - name: app\n    applicationType: service\n    endpoint: /\n';
const findingsFor = async (files: FixtureFiles) => (await runCheck(check, workspaceFromFiles({ 'connect.yaml': connect, ...files }))).findings;

describe('buildpack/package-json', () => {
  it('accepts a readable package.json', async () => {
    expect(await findingsFor({ 'app/package.json': JSON.stringify({ name: 'app', scripts: { start: 'node index.js' }, engines: { node: '22.x' } }) })).toEqual([]);
  });

  it('reports a folder without package.json', async () => {
    const findings = await findingsFor({ 'app/index.js': '' });
    expect(findings).toEqual([expect.objectContaining({ severity: 'error', application: 'app', file: 'app/package.json' })]);
    expect(findings[0]!.message).toContain('has no package.json');
  });

  it('reports invalid JSON with its line and column', async () => {
    const findings = await findingsFor({ 'app/package.json': '{\n  "name": "app",\n  "scripts": {\n    "start": "node index.js",\n  }\n}\n' });
    expect(findings).toEqual([expect.objectContaining({ severity: 'error', file: 'app/package.json', line: 4, column: 29 })]);
    expect(findings[0]!.message).toContain('is not valid JSON at line 4, column 29: trailing comma');
  });

  it('reports a byte-order mark and a non-object document', async () => {
    expect((await findingsFor({ 'app/package.json': '\uFEFF{"name":"app"}' }))[0]!.message).toContain('byte-order mark');
    expect((await findingsFor({ 'app/package.json': '["app"]' }))[0]!.message).toContain('must hold a JSON object');
  });

  it('reports fields the buildpack reads with the wrong type', async () => {
    const findings = await findingsFor({ 'app/package.json': '{\n  "scripts": { "start": 1 },\n  "engines": "22",\n  "main": ["a"]\n}' });
    expect(findings.map((f) => [f.line, f.message.split(';')[0]])).toEqual([
      [3, 'app/package.json: "engines" must be an object, found a string ("22")'],
      [2, 'app/package.json: "scripts.start" must be a string, found a number (1)'],
      [4, 'app/package.json: "main" must be a string, found an array'],
    ]);
  });

  it('leaves Java applications and missing folders alone', async () => {
    expect(await findingsFor({ 'app/pom.xml': '<project></project>' })).toEqual([]);
    expect(await findingsFor({ 'other/package.json': '{}' })).toEqual([]);
  });
});
