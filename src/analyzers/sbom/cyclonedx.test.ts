import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject } from 'ajv';
import type { FormatsPlugin } from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { workspaceFromFiles, workspaceFromFolder } from '../../engine/testing.js';
import { dependencyGraphsOf } from '../lockfiles/graph.js';
import { buildCycloneDxSbom, cyclonedxLicenses, encodePurlComponent, integrityToHashes, npmPurl, type CycloneDxBom } from './cyclonedx.js';

const require = createRequire(import.meta.url);
const addFormats = require('ajv-formats') as FormatsPlugin;
const SCHEMAS = new URL('../../../node_modules/@cyclonedx/cyclonedx-library/res/schema/', import.meta.url);
const REAL = path.resolve(fileURLToPath(new URL('../../../../shared/data/real-connectors', import.meta.url)));
const fixture = (rel: string): string => readFileSync(new URL(`../lockfiles/fixtures/${rel}`, import.meta.url), 'utf8');

/** The CycloneDX 1.5 JSON schema as published (draft-07) with the SPDX and JSF schemas it references. */
function cyclonedxValidator(): (bom: unknown) => string[] {
  const load = (file: string): Record<string, unknown> => JSON.parse(readFileSync(new URL(file, SCHEMAS), 'utf8')) as Record<string, unknown>;
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  // The BOM schema refers to its siblings by their file names, relative to its own $id.
  for (const file of ['spdx.SNAPSHOT.schema.json', 'jsf-0.82.SNAPSHOT.schema.json']) ajv.addSchema({ ...load(file), $id: `http://cyclonedx.org/schema/${file}` });
  const validate = ajv.compile(load('bom-1.5.SNAPSHOT.schema.json'));
  return (bom) => (validate(bom) ? [] : (validate.errors ?? []).slice(0, 10).map((e: ErrorObject) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`));
}

describe('CycloneDX SBOM', () => {
  const validate = cyclonedxValidator();

  describe('package URLs', () => {
    it.each([
      ['express', '4.21.2', 'pkg:npm/express@4.21.2'],
      ['@fastify/error', '3.4.1', 'pkg:npm/%40fastify/error@3.4.1'],
      ['@types/node', '20.19.43', 'pkg:npm/%40types/node@20.19.43'],
      ['JSONStream', '1.3.5', 'pkg:npm/jsonstream@1.3.5'],
      ['@Scope/Name', '1.0.0', 'pkg:npm/%40scope/name@1.0.0'],
      ['semver', '1.0.0+build.7', 'pkg:npm/semver@1.0.0%2Bbuild.7'],
      ['pkg', '2.0.0-rc.1', 'pkg:npm/pkg@2.0.0-rc.1'],
      ["weird!'()*", '1.0.0', 'pkg:npm/weird%21%27%28%29%2A@1.0.0'],
      ['lodash.get', '4.4.2', 'pkg:npm/lodash.get@4.4.2'],
    ])('%s@%s → %s', (name, version, purl) => {
      expect(npmPurl(name, version)).toBe(purl);
    });

    it('keeps the characters purl allows unencoded', () => {
      expect(encodePurlComponent('a-b_c.d~e:f')).toBe('a-b_c.d~e:f');
      expect(encodePurlComponent('a/b c')).toBe('a%2Fb%20c');
    });
  });

  it('turns subresource integrity into hex hashes', () => {
    expect(integrityToHashes('sha1-AAAAAAAAAAAAAAAAAAAAAAAAAAA=')).toEqual([{ alg: 'SHA-1', content: '0'.repeat(40) }]);
    const sha512 = fixture('npm-v3/package-lock.json').match(/"integrity": "(sha512-[^"]+)"/)![1]!;
    const [hash] = integrityToHashes(sha512);
    expect(hash!.alg).toBe('SHA-512');
    expect(hash!.content).toMatch(/^[0-9a-f]{128}$/);
    expect(Buffer.from(hash!.content, 'hex').toString('base64')).toBe(sha512.slice('sha512-'.length));
    expect(integrityToHashes(`${sha512} sha1-AAAAAAAAAAAAAAAAAAAAAAAAAAA=`)).toHaveLength(2);
    expect(integrityToHashes('md5-xyz')).toEqual([]);
    expect(integrityToHashes('sha512-short')).toEqual([]);
    expect(integrityToHashes(undefined)).toEqual([]);
  });

  it('writes licences as an SPDX id, an expression, or a name', () => {
    expect(cyclonedxLicenses('MIT')).toEqual([{ license: { id: 'MIT' } }]);
    expect(cyclonedxLicenses('mit')).toEqual([{ license: { id: 'MIT' } }]);
    expect(cyclonedxLicenses('(MIT OR Apache-2.0)')).toEqual([{ expression: '(MIT OR Apache-2.0)' }]);
    expect(cyclonedxLicenses('GPL-2.0+')).toEqual([{ expression: 'GPL-2.0+' }]);
    expect(cyclonedxLicenses('GPL-2.0')).toEqual([{ expression: 'GPL-2.0' }]);
    expect(cyclonedxLicenses('Apache-2.0 WITH LLVM-exception')).toEqual([{ expression: 'Apache-2.0 WITH LLVM-exception' }]);
    expect(cyclonedxLicenses([{ type: 'MIT' }, { type: 'Apache-2.0' }])).toEqual([{ expression: 'MIT OR Apache-2.0' }]);
    expect(cyclonedxLicenses('CyberSource')).toEqual([{ license: { name: 'CyberSource' } }]);
    expect(cyclonedxLicenses('UNLICENSED')).toEqual([{ license: { name: 'UNLICENSED' } }]);
    expect(cyclonedxLicenses('SEE LICENSE IN LICENSE.md')).toEqual([{ license: { name: 'SEE LICENSE IN LICENSE.md' } }]);
    expect(cyclonedxLicenses(undefined)).toBeUndefined();
  });

  it('describes the connector, its applications and every locked package', () => {
    const ws = workspaceFromFiles({
      'connect.yaml': 'deployAs:\n  - name: processor\n    applicationType: service\n    endpoint: /\n  - name: enabler\n    applicationType: assets\n',
      'package.json': fixture('workspace-npm/package.json'),
      'package-lock.json': fixture('workspace-npm/package-lock.json'),
      'processor/package.json': fixture('workspace-npm/processor/package.json'),
      'enabler/package.json': fixture('workspace-npm/enabler/package.json'),
      'shared/package.json': fixture('workspace-npm/shared/package.json'),
    });
    const bom = buildCycloneDxSbom(ws, dependencyGraphsOf(ws), { toolVersion: '9.9.9', now: new Date('2025-01-02T03:04:05Z'), serialNumber: 'urn:uuid:00000000-0000-4000-8000-000000000000' });
    expect(validate(bom)).toEqual([]);
    // The validator does reject what is not CycloneDX.
    expect(validate({ ...bom, serialNumber: 'not-a-urn' })).not.toEqual([]);
    expect(validate({ ...bom, components: [{ ...bom.components[2]!, scope: 'dev' }] })).not.toEqual([]);
    expect(bom).toMatchObject({ bomFormat: 'CycloneDX', specVersion: '1.5', version: 1, serialNumber: 'urn:uuid:00000000-0000-4000-8000-000000000000' });
    expect(bom.metadata.timestamp).toBe('2025-01-02T03:04:05.000Z');
    expect(bom.metadata.tools.components[0]).toMatchObject({ name: 'connect-certify', version: '9.9.9' });
    expect(bom.metadata.component).toMatchObject({ type: 'application', 'bom-ref': 'connector' });
    expect(bom.components.filter((c) => c.type === 'application').map((c) => c.name)).toEqual(['processor', 'enabler']);
    const ms212 = bom.components.find((c) => c.purl === 'pkg:npm/ms@2.1.2')!;
    // ms@2.1.2 is processor's devDependency: not in the runtime image.
    expect(ms212).toMatchObject({ type: 'library', name: 'ms', version: '2.1.2', scope: 'optional', properties: [{ name: 'cdx:npm:package:development', value: 'true' }] });
    expect(ms212.hashes![0]!.alg).toBe('SHA-512');
    const debug = bom.components.find((c) => c.purl === 'pkg:npm/debug@2.6.9')!;
    expect(debug).toMatchObject({ scope: 'required', 'bom-ref': 'pkg:npm/debug@2.6.9', licenses: [{ license: { id: 'MIT' } }] });
    const deps = new Map(bom.dependencies.map((d) => [d.ref, d.dependsOn]));
    expect(deps.get('connector')).toEqual(['application:processor', 'application:enabler']);
    // The common module's dependency (escape-html via file:../shared) is the processor's.
    expect(deps.get('application:processor')!.sort()).toEqual(['pkg:npm/debug@2.6.9', 'pkg:npm/escape-html@1.0.3', 'pkg:npm/ms@2.1.2']);
    expect(deps.get('pkg:npm/debug@2.6.9')).toEqual(['pkg:npm/ms@2.0.0']);
    // Every package appears once, shared between the applications.
    expect(bom.components.filter((c) => c.purl === 'pkg:npm/escape-html@1.0.3')).toHaveLength(1);
  });

  it('scoped packages get a group, and Yarn 1 locks give SHA-512 hashes and download URLs', () => {
    const ws = workspaceFromFiles({
      'connect.yaml': 'deployAs:\n  - name: processor\n    applicationType: service\n    endpoint: /\n',
      'processor/package.json': fixture('yarn-v1/package.json'),
      'processor/yarn.lock': fixture('yarn-v1/yarn.lock'),
      'shared/package.json': fixture('shared/package.json'),
    });
    const bom = buildCycloneDxSbom(ws, dependencyGraphsOf(ws));
    expect(validate(bom)).toEqual([]);
    const scoped = bom.components.find((c) => c.name === 'error')!;
    expect(scoped).toMatchObject({ group: '@fastify', purl: 'pkg:npm/%40fastify/error@3.4.1', 'bom-ref': 'pkg:npm/%40fastify/error@3.4.1' });
    expect(scoped.externalReferences![0]!.url).toMatch(/^https:\/\/registry\.yarnpkg\.com\/@fastify\/error\/-\/error-3\.4\.1\.tgz#/);
    expect(scoped.licenses).toBeUndefined();
    expect(bom.serialNumber).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
  });

  it.skipIf(!existsSync(REAL))('the SBOM of real connectors validates against the CycloneDX 1.5 schema', () => {
    for (const connector of ['commercetools__connect-payment-integration-template', 'commercetools-demo__abandoned-carts', 'alice8892__cybersource', 'JFluegge__commercetools-connect-application']) {
      const ws = workspaceFromFolder(path.join(REAL, connector));
      const bom: CycloneDxBom = buildCycloneDxSbom(ws, dependencyGraphsOf(ws), { toolVersion: '0.1.0' });
      expect(validate(bom), connector).toEqual([]);
      const refs = new Set(bom.components.map((c) => c['bom-ref']));
      expect(refs.size).toBe(bom.components.length);
      for (const d of bom.dependencies) {
        expect(d.ref === 'connector' || refs.has(d.ref), d.ref).toBe(true);
        for (const r of d.dependsOn) expect(refs.has(r), r).toBe(true);
      }
      console.log(`${connector}: ${bom.components.length} components, ${bom.components.filter((c) => c.licenses).length} with licences, ${JSON.stringify(bom).length} bytes`);
    }
  });
});
