import { describe, expect, it } from 'vitest';
import { runCheck, workspaceFromFiles, type FixtureFiles } from '../../engine/testing.js';
import check from './check.js';

const connect = 'deployAs:\n  - name: app\n    applicationType: service\n    endpoint: /\n';
const run = (files: FixtureFiles) => runCheck(check, workspaceFromFiles({ 'connect.yaml': connect, ...files }));
const pom = (version: string) => `<?xml version="1.0"?>\n<project>\n  <properties>\n    <java.version>${version}</java.version>\n  </properties>\n</project>\n`;
const toml = (version: string) => `[[build.env]]\nname = "GOOGLE_RUNTIME_VERSION"\nvalue = "${version}"\n`;

describe('buildpack/java', () => {
  it('accepts a Maven project on Java 17', async () => {
    expect((await run({ 'app/pom.xml': pom('17'), 'app/project.toml': toml('17') })).findings).toEqual([]);
  });

  it('errors for a Gradle project without pom.xml', async () => {
    const { findings } = await run({ 'app/build.gradle': 'plugins {}' });
    expect(findings).toEqual([expect.objectContaining({ severity: 'error', file: 'app/build.gradle' })]);
    expect(findings[0]!.message).toContain('Connect builds Java applications with Maven only');
  });

  it('errors for a pom.xml that is not a POM', async () => {
    expect((await run({ 'app/pom.xml': '<nothing/>' })).findings[0]!.message).toContain('is not a Maven POM');
  });

  it('warns for a non-LTS Java and for project.toml disagreeing with the pom', async () => {
    const { findings } = await run({ 'app/pom.xml': pom('17'), 'app/project.toml': toml('19') });
    expect(findings.map((f) => [f.severity, f.file])).toEqual([
      ['warning', 'app/project.toml'],
      ['warning', 'app/project.toml'],
    ]);
    expect(findings[0]!.message).toContain('Java 19, which is not an LTS release');
    expect(findings[1]!.message).toContain('differs from <java.version>17</java.version>');
  });

  it('informs about an LTS the documentation does not name', async () => {
    expect((await run({ 'app/pom.xml': pom('21') })).findings.map((f) => f.severity)).toEqual(['info']);
  });

  it('skips connectors without Java applications', async () => {
    expect((await run({ 'app/package.json': '{}' })).status).toBe('skipped');
  });
});
