import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCheck, workspaceFromFiles, workspaceFromFolder } from '../../engine/testing.js';
import check, { contactEvidence } from './check.js';

const complete = fileURLToPath(new URL('../docs-readme-quality/fixtures/complete-connector', import.meta.url));
const yaml = 'deployAs:\n  - name: processor\n    applicationType: service\n    endpoint: /\n';

describe('creator/contact-channel', () => {
  it('passes quietly and attaches the evidence it found', async () => {
    const run = await runCheck(check, workspaceFromFolder(complete));
    expect(run.findings).toEqual([]);
    const kinds = (run.sections.contactChannels as { kind: string; detail: string }[]).map((e) => `${e.kind}: ${e.detail}`);
    expect(kinds).toEqual(['section: "Support" section', 'email: e-mail address', 'package-json: "author" in processor/package.json']);
  });

  it.each([
    ['SECURITY.md at the root', { 'SECURITY.md': 'Report vulnerabilities to security@acme.io' }],
    ['SECURITY.md in .github/', { '.github/SECURITY.md': 'Report vulnerabilities privately.' }],
    ['SUPPORT.md in docs/', { 'docs/SUPPORT.md': 'Ask in the forum.' }],
    ['a Contact section with a link', { 'README.md': '# X\n\n## Contact\n\nUse [our portal](https://help.acme.io).\n' }],
    ['a Maintainers section naming the issue tracker', { 'README.md': '# X\n\nMaintainers\n-----------\n\nOpen GitHub issues for bugs.\n' }],
    ['an e-mail address in prose', { 'README.md': '# X\n\nQuestions go to team@acme.io.\n' }],
    ['"bugs" in package.json', { 'processor/package.json': '{"bugs": {"url": "https://github.com/acme/x/issues"}}' }],
    ['"author" object in package.json', { 'processor/package.json': '{"author": {"name": "Acme GmbH"}}' }],
  ])('accepts %s', async (_label, extra) => {
    const run = await runCheck(check, workspaceFromFiles({ 'connect.yaml': yaml, ...extra }));
    expect(run.findings).toEqual([]);
  });

  it('reports a repository without any contact channel', async () => {
    const ws = workspaceFromFiles({
      'connect.yaml': yaml,
      'README.md':
        '# X\n\n## Support\n\nTBD\n\n## Help\n\nWe will add this later on, probably.\n\n## Build\n\n```\ngit config user.email dev@acme.io\n```\n\nInstall with `npm i @acme/sdk`.\n',
      'processor/package.json': '{"name": "processor", "author": "", "contributors": []}',
      'SECURITY.md': '',
    });
    const run = await runCheck(check, ws);
    expect(run.findings).toHaveLength(1);
    expect(run.findings[0]).toMatchObject({ severity: 'error', requirement: 'CREATOR-INFO' });
    expect(run.findings[0]!.message).toContain('no contact or support channel');
  });

  it('does not count placeholder or git addresses as contact e-mails', () => {
    const ws = workspaceFromFiles({ 'README.md': '# X\n\nClone git@github.com:acme/x.git or mail you@example.com.\nNeeds express@4.18.2.\n' });
    expect(contactEvidence(ws)).toEqual([]);
  });
});
