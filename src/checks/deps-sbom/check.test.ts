import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCheck, workspaceFromFiles } from '../../engine/testing.js';
import type { CycloneDxBom } from '../../analyzers/sbom/cyclonedx.js';
import { TOOL_VERSION } from '../../engine/version.js';
import check from './check.js';

const fixture = (rel: string): string => readFileSync(new URL(`../../analyzers/lockfiles/fixtures/${rel}`, import.meta.url), 'utf8');

describe('deps/sbom', () => {
  it('is opt-in (the CLI enables it with --sbom FILE)', () => {
    expect(check.optIn).toBe(true);
    expect(check.requirement).toBe('DEPLOY-OSS-LIBS');
  });

  it('attaches the CycloneDX document and notes applications without a lock file', async () => {
    const ws = workspaceFromFiles({
      'connect.yaml': 'deployAs:\n  - name: processor\n    applicationType: service\n    endpoint: /\n  - name: job\n    applicationType: job\n    endpoint: /job\n',
      'processor/package.json': fixture('pnpm-v9/package.json'),
      'processor/pnpm-lock.yaml': fixture('pnpm-v9/pnpm-lock.yaml'),
      'shared/package.json': fixture('shared/package.json'),
      'job/package.json': '{"name":"job","dependencies":{"ms":"2.1.3"}}',
    }, { settings: { offline: true } });
    const run = await runCheck(check, ws);
    expect(run.findings).toEqual([
      expect.objectContaining({ severity: 'info', application: 'job', message: 'Application "job": its packages are not in the SBOM (no lock file in job/)' }),
    ]);
    expect(run.status).toBe('pass');
    const bom = run.sections.sbom as CycloneDxBom;
    expect(bom.bomFormat).toBe('CycloneDX');
    expect(bom.metadata.tools.components[0]!.version).toBe(TOOL_VERSION);
    expect(bom.components.filter((c) => c.type === 'application').map((c) => c.name)).toEqual(['processor', 'job']);
    expect(bom.components.filter((c) => c.type === 'library')).toHaveLength(82);
    expect(bom.dependencies.find((d) => d.ref === 'application:job')!.dependsOn).toEqual([]);
  });

  it('is skipped without a Node.js application', async () => {
    const ws = workspaceFromFiles({ 'connect.yaml': 'deployAs:\n  - name: svc\n    applicationType: service\n    endpoint: /\n', 'svc/pom.xml': '<project/>' });
    const run = await runCheck(check, ws);
    expect(run.status).toBe('skipped');
    expect(run.sections.sbom).toBeUndefined();
  });
});
