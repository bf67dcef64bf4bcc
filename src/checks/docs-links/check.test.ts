import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCheck, workspaceFromFiles, workspaceFromFolder } from '../../engine/testing.js';
import check, { MAX_LINK_FINDINGS, resolveTarget } from './check.js';

const complete = fileURLToPath(new URL('../docs-readme-quality/fixtures/complete-connector', import.meta.url));

describe('docs/links', () => {
  it('passes documentation whose relative links and images resolve', async () => {
    expect((await runCheck(check, workspaceFromFolder(complete))).findings).toEqual([]);
  });

  it('ignores anchors, absolute URLs, mailto:, placeholders and links above the root', async () => {
    const ws = workspaceFromFiles({
      'README.md': [
        '[a](#usage) [b](https://example.com/x.md) [c](mailto:a@b.io) [d](//cdn.example/x.png)',
        '[e]({{docsUrl}}/x) [f](../../issues) [g](tel:+491234)',
        '```',
        '[h](missing-in-code.md)',
        '```',
        '`[i](missing-in-span.md)`',
      ].join('\n'),
    });
    expect((await runCheck(check, ws)).findings).toEqual([]);
  });

  it('resolves relative, root-relative, percent-encoded and folder links', async () => {
    const ws = workspaceFromFiles({
      'README.md': '[a](docs/guide.md#setup) ![b](docs%2Fimages%2Fflow.png) [c](./docs/) [d](processor)',
      'docs/guide.md': '[back](../README.md) [abs](/docs/images/flow.png?raw=true)',
      'docs/images/flow.png': 'png',
      'processor/package.json': '{}',
    });
    expect((await runCheck(check, ws)).findings).toEqual([]);
  });

  it('warns about a missing file and a missing image, with position and a case hint', async () => {
    const ws = workspaceFromFiles({
      'README.md': '# X\n\nSee [the guide](docs/Setup.md) and\n<img src="docs/missing.png" alt="x">\n',
      'docs/setup.md': '# Setup\n',
    });
    const run = await runCheck(check, ws);
    expect(run.status).toBe('warn');
    expect(run.findings.map((f) => [f.severity, f.requirement, f.file, f.line, f.column])).toEqual([
      ['warning', 'DOC-USAGE', 'README.md', 3, 17],
      ['warning', 'DOC-USAGE', 'README.md', 4, 11],
    ]);
    expect(run.findings[0]!.message).toContain('the repository has docs/setup.md');
    expect(run.findings[1]!.message).toContain('links an image "docs/missing.png"');
  });

  it('checks links in application READMEs relative to their folder, naming the application', async () => {
    const ws = workspaceFromFiles({
      'connect.yaml': 'deployAs:\n  - name: processor\n    applicationType: service\n    endpoint: /\n',
      'processor/README.md': '[env](.env.example) [root](../LICENSE)',
      LICENSE: 'MIT',
    });
    const run = await runCheck(check, ws);
    expect(run.findings).toHaveLength(1);
    expect(run.findings[0]).toMatchObject({ file: 'processor/README.md', application: 'processor' });
    expect(run.findings[0]!.message).toContain('processor/.env.example does not exist');
  });

  it(`lists at most ${MAX_LINK_FINDINGS} broken links and summarises the rest`, async () => {
    const lines = Array.from({ length: MAX_LINK_FINDINGS + 5 }, (_, i) => `[x](missing-${i}.md)`).join('\n');
    const run = await runCheck(check, workspaceFromFiles({ 'README.md': lines }));
    expect(run.findings).toHaveLength(MAX_LINK_FINDINGS + 1);
    expect(run.findings.at(-1)!.message).toContain('5 more broken relative links');
  });

  it('is skipped without documentation', async () => {
    expect((await runCheck(check, workspaceFromFiles({ 'a.txt': 'x' }))).status).toBe('skipped');
  });

  it('resolves targets like GitHub does', () => {
    expect(resolveTarget('docs', '../README.md')).toBe('README.md');
    expect(resolveTarget('docs', '/img/a.png')).toBe('img/a.png');
    expect(resolveTarget('', 'a%20b.md#x')).toBe('a b.md');
    expect(resolveTarget('', '../../issues')).toBeUndefined();
    expect(resolveTarget('', '%E0%A4%A.md')).toBe('%E0%A4%A.md');
  });
});
