import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCheck, workspaceFromFiles, workspaceFromFolder } from '../../engine/testing.js';
import check from './check.js';

const text = (name: string) => readFileSync(new URL(`../../analyzers/licenses/fixtures/${name}`, import.meta.url), 'utf8');
const complete = fileURLToPath(new URL('../docs-readme-quality/fixtures/complete-connector', import.meta.url));

describe('license/file', () => {
  it('passes an identified licence and attaches what it found', async () => {
    const run = await runCheck(check, workspaceFromFolder(complete));
    expect(run.findings).toEqual([]);
    expect(run.sections.repositoryLicense).toEqual({
      files: [{ file: 'LICENSE', id: 'MIT', name: 'MIT License', osiApproved: true, similarity: expect.any(Number), sameText: [] }],
    });
  });

  it('accepts LICENCE.md, COPYING and lower-case names', async () => {
    for (const name of ['LICENCE.md', 'COPYING', 'license.txt']) {
      const run = await runCheck(check, workspaceFromFiles({ [name]: text('apache-2.0.txt') }));
      expect(run.findings, name).toEqual([]);
    }
  });

  it('reports a repository without a licence file', async () => {
    const run = await runCheck(check, workspaceFromFiles({ 'README.md': '# x\n', 'docs/LICENSE': text('isc.txt'), 'LICENSE-THIRD-PARTY': text('isc.txt') }));
    expect(run.findings).toHaveLength(1);
    expect(run.findings[0]).toMatchObject({ severity: 'error', requirement: 'LICENSE-FILE' });
    expect(run.findings[0]!.message).toContain('No licence file at the repository root');
  });

  it('reports a stub licence file that only names the licence', async () => {
    const run = await runCheck(check, workspaceFromFiles({ LICENSE: 'MIT License\n\nCopyright (c) 2024 Acme GmbH\n' }));
    expect(run.findings).toHaveLength(1);
    expect(run.findings[0]).toMatchObject({ severity: 'error', file: 'LICENSE', line: 1 });
    expect(run.findings[0]!.manual).toBeUndefined();
    expect(run.findings[0]!.message).toContain('does not contain its text');
  });

  it('reports a licence file that is not a licence at all', async () => {
    const run = await runCheck(check, workspaceFromFiles({ 'LICENSE.md': text('not-a-license.txt') }));
    expect(run.findings).toHaveLength(1);
    expect(run.findings[0]).toMatchObject({ severity: 'error', file: 'LICENSE.md' });
    expect(run.findings[0]!.message).toContain('does not read as a licence');
  });

  it('makes a modified licence a MANUAL item naming the closest licence', async () => {
    const run = await runCheck(check, workspaceFromFiles({ LICENSE: text('mit-modified.txt') }));
    expect(run.status).toBe('manual');
    expect(run.findings).toHaveLength(1);
    expect(run.findings[0]).toMatchObject({ manual: true, file: 'LICENSE', data: { closest: 'MIT' } });
    expect(run.findings[0]!.message).toMatch(/closest SPDX licence: MIT at \d+ %/);
  });

  it('identifies each of several licence files (dual licensing)', async () => {
    const run = await runCheck(check, workspaceFromFiles({ 'LICENSE-MIT': text('mit-reflowed.txt'), 'LICENSE-APACHE': text('apache-2.0.txt') }));
    expect(run.findings).toEqual([]);
    expect((run.sections.repositoryLicense as { files: { id: string }[] }).files.map((f) => f.id).sort()).toEqual(['Apache-2.0', 'MIT']);
  });
});
