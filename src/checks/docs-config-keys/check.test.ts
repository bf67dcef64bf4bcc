import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCheck, workspaceFromFiles, workspaceFromFolder } from '../../engine/testing.js';
import check, { mentionsWord } from './check.js';

const complete = fileURLToPath(new URL('../docs-readme-quality/fixtures/complete-connector', import.meta.url));

const yaml = [
  'inheritAs:',
  '  configuration:',
  '    securedConfiguration:',
  '      - key: SHARED_TOKEN',
  '        description: shared',
  'deployAs:',
  '  - name: processor',
  '    applicationType: service',
  '    endpoint: /',
  '    configuration:',
  '      standardConfiguration:',
  '        - key: CTP_PROJECT_KEY',
  '          description: project key',
  '        - key: ACME_URL',
  '          description: Acme API URL',
  '      securedConfiguration:',
  '        - key: CTP_CLIENT_SECRET',
  '          description: client secret',
  '  - name: events',
  '    applicationType: event',
  '    endpoint: /events',
  '    configuration:',
  '      standardConfiguration:',
  '        - key: CTP_PROJECT_KEY',
  '          description: project key',
  '',
].join('\n');

describe('docs/config-keys', () => {
  it('passes when every key is documented (the complete fixture documents five keys in a table)', async () => {
    expect((await runCheck(check, workspaceFromFolder(complete))).findings).toEqual([]);
  });

  it('reports each undocumented key once, at its connect.yaml line, naming where it is declared', async () => {
    const ws = workspaceFromFiles({
      'connect.yaml': yaml,
      // CTP_PROJECT_KEY is documented in a code block; ACME_URL only as part of a longer word.
      'README.md': '# X\n\n```yaml\nCTP_PROJECT_KEY: my-project\n```\n\nSet MY_ACME_URL_OVERRIDE if needed.\n',
    });
    const run = await runCheck(check, ws);
    const byKey = Object.fromEntries(run.findings.map((f) => [(f.data as { key: string }).key, f]));
    expect(Object.keys(byKey).sort()).toEqual(['ACME_URL', 'CTP_CLIENT_SECRET', 'SHARED_TOKEN']);
    expect(byKey.ACME_URL).toMatchObject({ severity: 'error', requirement: 'DOC-USAGE', file: 'connect.yaml', line: 14, application: 'processor' });
    expect(byKey.ACME_URL!.message).toContain('standardConfiguration of application "processor"');
    expect(byKey.CTP_CLIENT_SECRET).toMatchObject({ line: 17 });
    expect(byKey.CTP_CLIENT_SECRET!.message).toContain('securedConfiguration');
    expect(byKey.SHARED_TOKEN).toMatchObject({ line: 4 });
    expect(byKey.SHARED_TOKEN!.application).toBeUndefined();
    expect(byKey.SHARED_TOKEN!.message).toContain('inheritAs securedConfiguration');
  });

  it('reports a key declared by two applications once, listing both', async () => {
    const ws = workspaceFromFiles({ 'connect.yaml': yaml, 'README.md': '# X\nACME_URL, CTP_CLIENT_SECRET and shared_token are explained here.\n' });
    const run = await runCheck(check, ws);
    expect(run.findings).toHaveLength(1);
    const finding = run.findings[0]!;
    expect(finding.message).toContain('"CTP_PROJECT_KEY"');
    expect(finding.message).toContain('"processor"');
    expect(finding.message).toContain('"events"');
    expect(finding.application).toBeUndefined();
    expect(finding.line).toBe(12);
    expect((finding.data as { occurrences: unknown[] }).occurrences).toEqual([
      { application: 'processor', secured: false, line: 12 },
      { application: 'events', secured: false, line: 24 },
    ]);
  });

  it('reads application READMEs and docs/ as documentation too', async () => {
    const ws = workspaceFromFiles({
      'connect.yaml': yaml,
      'docs/configuration.md': '`SHARED_TOKEN` and `CTP_PROJECT_KEY`',
      'processor/README.md': 'ACME_URL, CTP_CLIENT_SECRET',
    });
    expect((await runCheck(check, ws)).findings).toEqual([]);
  });

  it('is skipped without connect.yaml or without documentation', async () => {
    expect((await runCheck(check, workspaceFromFiles({ 'README.md': '# X\n' }))).status).toBe('skipped');
    expect((await runCheck(check, workspaceFromFiles({ 'connect.yaml': yaml }))).status).toBe('skipped');
    expect((await runCheck(check, workspaceFromFiles({ 'connect.yaml': 'deployAs: [\n' }))).status).toBe('skipped');
  });

  it('matches whole words only', () => {
    expect(mentionsWord('set ctp_project_key.', 'ctp_project_key')).toBe(true);
    expect(mentionsWord('my_ctp_project_key', 'ctp_project_key')).toBe(false);
    expect(mentionsWord('ctp_project_keys and ctp_project_key', 'ctp_project_key')).toBe(true);
  });
});
