import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { workspaceFromFiles } from '../../engine/testing.js';
import { isLicenseFileName, repositoryLicensesOf } from './files.js';

const mit = readFileSync(new URL('./fixtures/mit-reflowed.txt', import.meta.url), 'utf8');
const apache = readFileSync(new URL('./fixtures/apache-2.0.txt', import.meta.url), 'utf8');

describe('root licence files', () => {
  it('recognises licence file names and ignores lookalikes', () => {
    for (const name of ['LICENSE', 'license.md', 'LICENCE.txt', 'COPYING', 'LICENSE-MIT', 'License_Apache.txt']) {
      expect(isLicenseFileName(name), name).toBe(true);
    }
    for (const name of ['LICENSE-THIRD-PARTY', 'LICENSES-3rd-party.txt', 'license-checker.json', 'licenses.ts', 'NOTICE', 'README.md']) {
      expect(isLicenseFileName(name), name).toBe(false);
    }
  });

  it('identifies each root licence file, plain LICENSE first', () => {
    const ws = workspaceFromFiles({ 'LICENSE-APACHE': apache, LICENSE: mit, 'docs/LICENSE': mit });
    const result = repositoryLicensesOf(ws);
    expect(result.files.map((f) => f.path)).toEqual(['LICENSE', 'LICENSE-APACHE']);
    expect(result.identifiedIds).toEqual(['MIT', 'Apache-2.0']);
  });

  it('falls back to a REUSE LICENSES/ folder', () => {
    const ws = workspaceFromFiles({ 'LICENSES/MIT.txt': mit });
    expect(repositoryLicensesOf(ws).identifiedIds).toEqual(['MIT']);
  });

  it('finds nothing when there is no licence file', () => {
    expect(repositoryLicensesOf(workspaceFromFiles({ 'README.md': '# x\n' })).files).toEqual([]);
  });
});
