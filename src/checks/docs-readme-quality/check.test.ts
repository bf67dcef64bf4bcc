import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCheck, workspaceFromFiles, workspaceFromFolder } from '../../engine/testing.js';
import check, { MIN_DOCUMENTATION_WORDS } from './check.js';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(' ');

describe('docs/readme-quality', () => {
  it('passes a README written for the connector', async () => {
    const run = await runCheck(check, workspaceFromFolder(fixture('complete-connector')));
    expect(run.findings).toEqual([]);
    expect(run.status).toBe('pass');
  });

  it('reports READMEs left from the starter template, at the template sentence', async () => {
    const run = await runCheck(check, workspaceFromFolder(fixture('starter-template')));
    const template = run.findings.filter((f) => f.message.includes('template'));
    expect(template.map((f) => [f.file, f.line])).toEqual([
      ['README.md', 2],
      ['docs/README.md', 1],
    ]);
    expect(template[0]).toMatchObject({ severity: 'error', requirement: 'DOC-INSTALL' });
    expect(template[0]!.message).toContain('connect-application-kit starter');
  });

  it('reports a repository without a README', async () => {
    const run = await runCheck(check, workspaceFromFiles({ 'connect.yaml': 'deployAs: []\n' }));
    expect(run.findings).toHaveLength(1);
    expect(run.findings[0]!.message).toContain('No README at the repository root or in docs/');
  });

  it('reports a missing root README even when application READMEs exist', async () => {
    const ws = workspaceFromFiles({
      'connect.yaml': 'deployAs:\n  - name: processor\n    applicationType: service\n    endpoint: /\n',
      'processor/README.md': `# Processor\n\n${words(MIN_DOCUMENTATION_WORDS)}\n`,
    });
    const run = await runCheck(check, ws);
    expect(run.findings).toHaveLength(1);
    expect(run.findings[0]!.message).toContain('found only processor/README.md');
  });

  it(`reports documentation with fewer than ${MIN_DOCUMENTATION_WORDS} words of prose`, async () => {
    const thin = `# Connector\n\n## Installation\n\n\`\`\`bash\n${words(300)}\n\`\`\`\n\n${words(MIN_DOCUMENTATION_WORDS - 1)}\n`;
    const run = await runCheck(check, workspaceFromFiles({ 'README.md': thin }));
    expect(run.findings).toHaveLength(1);
    expect(run.findings[0]).toMatchObject({ severity: 'error', file: 'README.md', data: { words: MIN_DOCUMENTATION_WORDS - 1 } });
    expect(run.findings[0]!.message).toContain('nearly empty');
  });

  it('counts prose across all documentation files', async () => {
    const half = words(Math.ceil(MIN_DOCUMENTATION_WORDS / 2));
    const run = await runCheck(check, workspaceFromFiles({ 'README.md': `# X\n\n${half}\n`, 'docs/guide.md': `${half}\n` }));
    expect(run.findings).toEqual([]);
  });
});
