import { describe, expect, it } from 'vitest';
import { workspaceFromFiles } from '../../engine/testing.js';
import type { DependencyNode } from '../lockfiles/graph.js';
import { classifyLicenseId, declaredLicenseText, evaluateDeclaredLicense, toExpression } from './dependency-license.js';
import { installedLicenseSource, lockLicenseSource, resolvePackageLicenses } from './package-licenses.js';
import { LICENSE_POLICY } from './policy.js';

const category = (value: unknown): string => evaluateDeclaredLicense(value).category;

describe('dependency licence evaluation', () => {
  // The cases license-checker (#88, #94) and osv-scanner (#1299) get wrong, and what npm authors write.
  it.each([
    ['(MIT OR Apache-2.0)', 'osi'],
    ['MIT OR Apache-2.0', 'osi'],
    ['(BSD-2-Clause OR MIT OR Apache-2.0)', 'osi'],
    ['MIT AND CC-BY-3.0', 'open'],
    ['MIT AND Zlib', 'osi'],
    ['Apache-2.0 AND MIT', 'osi'],
    ['BSD-3-Clause OR GPL-2.0', 'osi'],
    ['(MIT OR GPL-3.0)', 'osi'],
    ['(MIT OR GPL-3.0-or-later)', 'osi'],
    ['MIT AND GPL-3.0', 'strong-copyleft'],
    ['GPL-2.0', 'strong-copyleft'],
    ['GPL-2.0+', 'strong-copyleft'],
    ['GPL-3.0-only', 'strong-copyleft'],
    ['AGPL-3.0-or-later', 'strong-copyleft'],
    ['EUPL-1.2', 'strong-copyleft'],
    ['GPL-2.0-only WITH Classpath-exception-2.0', 'weak-copyleft'],
    ['Apache-2.0 WITH LLVM-exception', 'osi'],
    ['LGPL-3.0-or-later', 'weak-copyleft'],
    ['Apache-2.0 AND LGPL-3.0-or-later', 'weak-copyleft'],
    ['MPL-2.0', 'weak-copyleft'],
    ['(MPL-2.0 OR Apache-2.0)', 'osi'],
    ['EPL-2.0', 'weak-copyleft'],
    ['BlueOak-1.0.0', 'osi'],
    ['Python-2.0', 'osi'],
    ['0BSD', 'osi'],
    ['MIT-0', 'osi'],
    ['Unlicense', 'osi'],
    ['CC0-1.0', 'open'],
    ['(MIT OR CC0-1.0)', 'osi'],
    ['CC-BY-4.0', 'open'],
    ['WTFPL', 'open'],
    ['WTFPL OR CC0-1.0', 'open'],
    ['(WTFPL OR MIT)', 'osi'],
    ['Public Domain', 'open'],
    ['BUSL-1.1', 'not-osi'],
    ['SSPL-1.0', 'not-osi'],
    ['Elastic-2.0', 'not-osi'],
    ['CC-BY-NC-4.0', 'not-osi'],
    ['JSON', 'not-osi'],
    ['UNLICENSED', 'proprietary'],
    ['unlicensed', 'proprietary'],
    ['SEE LICENSE IN LICENSE.md', 'custom'],
    ['SEE LICENCE IN ./terms.txt', 'custom'],
    ['LicenseRef-Commercial', 'custom'],
    ['MIT AND LicenseRef-Acme', 'custom'],
    ['(MIT OR LicenseRef-Acme)', 'osi'],
    ['CyberSource', 'unknown'],
    ['MIT OR Apache-2.0 OR some licence', 'unknown'],
    ['', 'unknown'],
  ])('%j is %s', (value, expected) => {
    expect(category(value)).toBe(expected);
  });

  it('corrects lower-case ids and common non-SPDX names, operand by operand', () => {
    expect(toExpression('mit')).toMatchObject({ expression: 'MIT', corrected: true });
    expect(toExpression('(mit or apache-2.0)')).toMatchObject({ expression: '(MIT OR Apache-2.0)', corrected: true });
    expect(toExpression('Apache 2.0')).toMatchObject({ expression: 'Apache-2.0', corrected: true });
    expect(toExpression('Apache License, Version 2.0')).toMatchObject({ expression: 'Apache-2.0', corrected: true });
    expect(toExpression('MIT/X11')).toMatchObject({ expression: 'MIT OR X11', corrected: true });
    expect(toExpression('BSD*')).toMatchObject({ expression: 'BSD-3-Clause', corrected: true });
    expect(toExpression('ISC License')).toMatchObject({ expression: 'ISC' });
    expect(toExpression('Dual MIT/GPL')).toMatchObject({ expression: 'MIT OR GPL-3.0-only' });
    expect(toExpression('GPL-2.0')).toMatchObject({ expression: 'GPL-2.0', corrected: false });
    expect(toExpression('apache-2.0 with llvm-exception')).toMatchObject({ expression: 'Apache-2.0 WITH LLVM-exception' });
    for (const value of ['mit', 'Apache 2.0', 'MIT/X11', 'BSD*', '(mit or apache-2.0)', 'MIT License']) expect(category(value), value).toBe('osi');
  });

  it('reads the legacy object and array forms', () => {
    expect(declaredLicenseText({ type: 'MIT', url: 'https://opensource.org/licenses/MIT' })).toBe('MIT');
    expect(declaredLicenseText([{ type: 'MIT' }, { type: 'Apache-2.0' }])).toBe('MIT OR Apache-2.0');
    expect(declaredLicenseText([{ type: 'MIT License' }, 'GPL-2.0'])).toBe('(MIT License) OR GPL-2.0');
    expect(category([{ type: 'MIT' }, { type: 'GPL-2.0' }])).toBe('osi');
    expect(category([{ type: 'MIT License' }, { type: 'Apache 2.0' }])).toBe('osi');
    expect(category({ type: 'GPL-3.0' })).toBe('strong-copyleft');
    expect(category(undefined)).toBe('unknown');
    expect(category([])).toBe('unknown');
    expect(category(42)).toBe('unknown');
  });

  it('explains the verdict, naming the licence that decides it', () => {
    expect(evaluateDeclaredLicense('MIT AND GPL-3.0').reason).toBe('declares "MIT AND GPL-3.0"; every licence of an AND applies, and GPL-3.0 is strong copyleft');
    expect(evaluateDeclaredLicense('GPL-2.0 OR AGPL-3.0').reason).toBe('declares "GPL-2.0 OR AGPL-3.0"; every alternative is at best strong copyleft (GPL-2.0, AGPL-3.0)');
    expect(evaluateDeclaredLicense('mit').reason).toBe('declares "mit" (read as "MIT"), which is an OSI-approved licence');
    expect(evaluateDeclaredLicense('CyberSource').reason).toBe('declares "CyberSource", which is not an SPDX licence expression');
    expect(evaluateDeclaredLicense('UNLICENSED').reason).toBe('is "UNLICENSED" (not licensed for use by others)');
    expect(evaluateDeclaredLicense(undefined).reason).toBe('declares no licence');
    expect(evaluateDeclaredLicense('MIT AND GPL-3.0').deciding).toEqual([{ id: 'GPL-3.0', category: 'strong-copyleft' }]);
    expect(evaluateDeclaredLicense('GPL-2.0+').deciding).toEqual([{ id: 'GPL-2.0+', category: 'strong-copyleft' }]);
  });

  it('classifies ids by family, whatever the -only / -or-later / + spelling', () => {
    for (const id of ['GPL-2.0', 'GPL-2.0-only', 'GPL-2.0-or-later', 'GPL-2.0+']) expect(classifyLicenseId(id)).toBe('strong-copyleft');
    for (const id of ['LGPL-2.1', 'LGPL-2.1-only', 'LGPL-2.1+']) expect(classifyLicenseId(id)).toBe('weak-copyleft');
    expect(classifyLicenseId('MIT')).toBe('osi');
    expect(classifyLicenseId('GPL-3.0-only', 'GCC-exception-3.1')).toBe('weak-copyleft');
    expect(classifyLicenseId('Bugroff')).toBe('not-osi');
  });

  it('the policy blocks only runtime packages, and turns dev-only problems into warnings', () => {
    expect(LICENSE_POLICY.unknown.runtime).toEqual({ severity: 'error' });
    expect(LICENSE_POLICY.unknown.devOnly).toEqual({ severity: 'warning' });
    expect(LICENSE_POLICY['strong-copyleft'].runtime).toEqual({ severity: 'warning', manual: true });
    expect(LICENSE_POLICY.osi.runtime).toBeNull();
    expect(LICENSE_POLICY.open.devOnly).toBeNull();
  });
});

describe('package licence sources', () => {
  const node = (name: string, version: string, extra: Partial<DependencyNode> = {}): DependencyNode => ({
    id: `${name}@${version}`,
    name,
    version,
    dev: false,
    optional: false,
    peer: false,
    direct: true,
    locations: [],
    ...extra,
  });

  it('takes the lock record first, then an installed package.json of the locked version', () => {
    const ws = workspaceFromFiles({
      'app/package-lock.json': '{}',
      'app/node_modules/a/package.json': JSON.stringify({ name: 'a', version: '1.0.0', license: 'GPL-3.0' }),
      'app/node_modules/b/package.json': JSON.stringify({ name: 'b', version: '2.0.0', licenses: [{ type: 'MIT' }] }),
      'app/node_modules/c/package.json': JSON.stringify({ name: 'c', version: '9.9.9', license: 'MIT' }),
      'app/node_modules/@s/d/package.json': JSON.stringify({ name: '@s/d', version: '1.0.0' }),
    });
    const graph = { lockFile: 'app/package-lock.json', importer: '' };
    const resolved = resolvePackageLicenses(
      [node('a', '1.0.0', { license: 'MIT' }), node('b', '2.0.0'), node('c', '1.0.0'), node('@s/d', '1.0.0'), node('e', '1.0.0')],
      [lockLicenseSource(graph), installedLicenseSource(ws, graph)],
    );
    expect(resolved.get('a@1.0.0')!.found).toEqual({ value: 'MIT', source: 'lock', file: 'app/package-lock.json' });
    expect(resolved.get('b@2.0.0')!.found).toEqual({ value: [{ type: 'MIT' }], source: 'installed', file: 'app/node_modules/b/package.json' });
    // The installed c is another version than the locked one: no data.
    expect(resolved.get('c@1.0.0')!.found).toBeUndefined();
    // Installed without a licence: the package declares none.
    expect(resolved.get('@s/d@1.0.0')!.found).toEqual({ value: undefined, source: 'installed', file: 'app/node_modules/@s/d/package.json' });
    expect(resolved.get('e@1.0.0')!.found).toBeUndefined();
  });

  it('does not follow an installed package.json out of the repository', () => {
    const ws = workspaceFromFiles({
      'package-lock.json': '{}',
      'outside.json': '{}',
      'node_modules/x/package.json': { symlink: '/etc/hostname' },
    });
    const source = installedLicenseSource(ws, { lockFile: 'package-lock.json', importer: '' });
    expect(source(node('x', '1.0.0'))).toBeUndefined();
  });
});
