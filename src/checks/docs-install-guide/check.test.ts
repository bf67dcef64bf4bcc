import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCheck, workspaceFromFiles, workspaceFromFolder } from '../../engine/testing.js';
import check from './check.js';

const complete = fileURLToPath(new URL('../docs-readme-quality/fixtures/complete-connector', import.meta.url));
const yaml = 'deployAs:\n  - name: processor\n    applicationType: service\n    endpoint: /\n';

describe('docs/install-guide', () => {
  it('passes a README with an installation section', async () => {
    const run = await runCheck(check, workspaceFromFolder(complete));
    expect(run.findings).toEqual([]);
    expect(run.status).toBe('pass');
  });

  it('accepts a deployment section in an application README, or an INSTALL.md guide', async () => {
    const inApp = workspaceFromFiles({
      'connect.yaml': yaml,
      'README.md': '# Connector\n\nIt does things.\n',
      'processor/README.md': '## Deploying the processor\n\nCreate a deployment with the Connect API and enter the keys.\n',
    });
    expect((await runCheck(check, inApp)).findings).toEqual([]);
    const guide = workspaceFromFiles({ 'README.md': '# Connector\n', 'INSTALL.md': 'Create a deployment in the Merchant Center and enter the keys.\n' });
    expect((await runCheck(check, guide)).findings).toEqual([]);
  });

  it('reports a README without an installation section', async () => {
    const ws = workspaceFromFiles({
      'connect.yaml': yaml,
      'README.md': '# Connector\n\n## Features\n\nIt syncs orders.\n\n## Prerequisites\n\nAn API client.\n\n```md\n## Installation\nnot a heading\n```\n',
    });
    const run = await runCheck(check, ws);
    expect(run.status).toBe('fail');
    expect(run.findings).toHaveLength(1);
    expect(run.findings[0]).toMatchObject({ severity: 'error', requirement: 'DOC-INSTALL', file: 'README.md' });
    expect(run.findings[0]!.message).toContain('No installation or deployment section');
    expect(run.findings[0]!.message).toContain('README.md');
  });

  it('reports an installation section that is only a placeholder, at its heading', async () => {
    const ws = workspaceFromFiles({ 'README.md': '# Connector\n\nSome text.\n\nInstallation\n------------\n\nTODO\n\n## Usage\n\nCall the endpoint with a cart id.\n' });
    const run = await runCheck(check, ws);
    expect(run.findings).toHaveLength(1);
    expect(run.findings[0]).toMatchObject({ file: 'README.md', line: 5 });
    expect(run.findings[0]!.message).toContain('"Installation" section of README.md is empty or a placeholder');
  });

  it('is skipped when there is no documentation at all (docs/readme-quality reports it)', async () => {
    const run = await runCheck(check, workspaceFromFiles({ 'connect.yaml': yaml }));
    expect(run.status).toBe('skipped');
    expect(run.findings).toEqual([]);
  });
});
