import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCheck, workspaceFromFiles, workspaceFromFolder } from '../../engine/testing.js';
import check from './check.js';

const mit = readFileSync(new URL('../../analyzers/licenses/fixtures/mit-reflowed.txt', import.meta.url), 'utf8');
const modified = readFileSync(new URL('../../analyzers/licenses/fixtures/mit-modified.txt', import.meta.url), 'utf8');
const complete = fileURLToPath(new URL('../docs-readme-quality/fixtures/complete-connector', import.meta.url));
const yaml = [
  'deployAs:',
  '  - name: processor',
  '    applicationType: service',
  '    endpoint: /',
  '  - name: enabler',
  '    applicationType: assets',
  '',
].join('\n');

const repo = (processor: Record<string, unknown>, extra: Record<string, string> = {}, license = mit) =>
  workspaceFromFiles({
    'connect.yaml': yaml,
    LICENSE: license,
    'processor/package.json': `{\n  "name": "processor",\n${Object.entries(processor)
      .map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`)
      .join(',\n')}\n}\n`,
    'enabler/package.json': '{ "name": "enabler", "license": "MIT" }',
    ...extra,
  });

describe('license/package-json', () => {
  it('passes applications that declare the repository licence', async () => {
    expect((await runCheck(check, workspaceFromFolder(complete))).findings).toEqual([]);
    expect((await runCheck(check, repo({ license: '(MIT OR Apache-2.0)' }))).findings).toEqual([]);
  });

  it('warns when package.json declares another licence, at the field', async () => {
    const run = await runCheck(check, repo({ version: '1.0.0', license: 'ISC' }));
    expect(run.findings).toHaveLength(1);
    expect(run.findings[0]).toMatchObject({
      severity: 'warning',
      requirement: 'LICENSE-FILE',
      file: 'processor/package.json',
      line: 4,
      column: 3,
      application: 'processor',
    });
    expect(run.findings[0]!.message).toBe('processor/package.json declares "ISC", but LICENSE is MIT');
  });

  it('warns when the license field is missing, suggesting the repository licence', async () => {
    const run = await runCheck(check, repo({ version: '1.0.0' }));
    expect(run.findings).toHaveLength(1);
    expect(run.findings[0]!.message).toBe('processor/package.json has no "license" field; LICENSE is MIT, so add "license": "MIT"');
  });

  it('warns about UNLICENSED when the repository licence is OSI-approved, not otherwise', async () => {
    const run = await runCheck(check, repo({ license: 'UNLICENSED' }));
    expect(run.findings).toHaveLength(1);
    expect(run.findings[0]!.message).toContain('"UNLICENSED"');
    expect((await runCheck(check, repo({ license: 'UNLICENSED' }, {}, modified))).findings).toEqual([]);
  });

  it('warns about values that are not SPDX expressions, with a suggestion', async () => {
    const run = await runCheck(check, repo({ license: 'mit' }));
    expect(run.findings).toHaveLength(1);
    expect(run.findings[0]!.message).toContain('is not a valid SPDX licence expression; did you mean "MIT"?');
    const notString = await runCheck(check, repo({ license: { type: 'MIT' } }));
    expect(notString.findings[0]!.message).toContain('must be a string');
  });

  it('accepts SEE LICENSE IN a file that exists, warns when it does not', async () => {
    expect((await runCheck(check, repo({ license: 'SEE LICENSE IN ../LICENSE' }))).findings).toEqual([]);
    const run = await runCheck(check, repo({ license: 'SEE LICENSE IN LICENSE.md' }));
    expect(run.findings).toHaveLength(1);
    expect(run.findings[0]!.message).toContain('processor/LICENSE.md does not exist');
  });

  it('only checks syntax and presence when the repository licence is not identified', async () => {
    expect((await runCheck(check, repo({ license: 'ISC' }, {}, modified))).findings).toEqual([]);
    expect((await runCheck(check, repo({ license: 'ISC' }, { LICENSE: 'nothing' }))).findings).toEqual([]);
  });

  it('accepts any licence of the same text family (GPL-3.0-or-later for a GPL-3.0 text)', async () => {
    const { createRequire } = await import('node:module');
    const gpl = (createRequire(import.meta.url)('spdx-license-list/full') as Record<string, { licenseText: string }>)['GPL-3.0-only']!.licenseText;
    const run = await runCheck(check, repo({ license: 'GPL-3.0-or-later' }, { 'enabler/package.json': '{"license":"GPL-3.0+"}' }, gpl));
    expect(run.findings).toEqual([]);
  });

  it('skips applications without a readable package.json and repositories without connect.yaml', async () => {
    const ws = workspaceFromFiles({ 'connect.yaml': yaml, LICENSE: mit, 'processor/package.json': '{ broken' });
    expect((await runCheck(check, ws)).findings).toEqual([]);
    expect((await runCheck(check, workspaceFromFiles({ LICENSE: mit }))).status).toBe('skipped');
  });
});
