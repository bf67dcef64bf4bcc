import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCheck, workspaceFromFiles, workspaceFromFolder, type FixtureFiles } from '../../engine/testing.js';
import check from './check.js';

const complete = fileURLToPath(new URL('../docs-readme-quality/fixtures/complete-connector', import.meta.url));

describe('docs/usage', () => {
  it('passes a README with a usage section', async () => {
    const run = await runCheck(check, workspaceFromFolder(complete));
    expect(run.findings).toEqual([]);
  });

  it('accepts synonyms: How it works, Configuration, Examples, docs/usage.md', async () => {
    const cases: FixtureFiles[] = [
      { 'README.md': '# X\n\n### How it works\n\nThe event app refunds cancelled orders automatically.\n' },
      { 'README.md': '# X\n\n<h2>Configuration</h2>\n\nSet the merchant id and the API key before deploying.\n' },
      { 'docs/README.md': '# X\n\nExamples\n========\n\n    curl -X POST https://example/payments with a cart id\n' },
      { 'README.md': '# X\n', 'docs/usage.md': 'Send a POST request with the cart id to the processor URL.\n' },
    ];
    for (const files of cases) {
      expect((await runCheck(check, workspaceFromFiles(files))).findings, JSON.stringify(files)).toEqual([]);
    }
  });

  it('reports documentation without usage instructions', async () => {
    const ws = workspaceFromFiles({ 'README.md': '# Connector\n\n## Features\n\n- syncs orders\n- refunds payments\n\n## Installation\n\nDeploy it from the marketplace and enter the keys.\n' });
    const run = await runCheck(check, ws);
    expect(run.findings).toHaveLength(1);
    expect(run.findings[0]).toMatchObject({ severity: 'error', requirement: 'DOC-USAGE', file: 'README.md' });
    expect(run.findings[0]!.message).toContain('No usage section');
  });

  it('reports an empty usage section in an application README with the application', async () => {
    const ws = workspaceFromFiles({
      'connect.yaml': 'deployAs:\n  - name: processor\n    applicationType: service\n    endpoint: /\n',
      'processor/README.md': '# Processor\n\n## Usage\n\n## Deployment\n\nDeploy with the Connect API.\n',
    });
    const run = await runCheck(check, ws);
    expect(run.findings).toHaveLength(1);
    expect(run.findings[0]).toMatchObject({ file: 'processor/README.md', line: 3, application: 'processor' });
  });

  it('reports a repository without any documentation', async () => {
    const run = await runCheck(check, workspaceFromFiles({ 'connect.yaml': 'deployAs: []\n' }));
    expect(run.findings).toHaveLength(1);
    expect(run.findings[0]!.message).toContain('no documentation');
  });
});
