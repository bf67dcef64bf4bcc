// Every check of this area over the 30 real connectors' configuration files (no READMEs or
// licences there: a realistic worst case). Skipped when the shared data folder is absent.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCheck, workspaceFromFolder } from '../../engine/testing.js';
import contactChannel from '../creator-contact-channel/check.js';
import configKeys from '../docs-config-keys/check.js';
import installGuide from '../docs-install-guide/check.js';
import links from '../docs-links/check.js';
import readmeQuality from '../docs-readme-quality/check.js';
import usage from '../docs-usage/check.js';
import licenseFile from '../license-file/check.js';
import packageJson from './check.js';

const dataDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../shared/data/real-connectors');
const checks = [contactChannel, configKeys, installGuide, links, readmeQuality, usage, licenseFile, packageJson];

describe.skipIf(!existsSync(dataDir))('real connectors', () => {
  it('runs every documentation, licence and creator check without throwing', async () => {
    const repos = readdirSync(dataDir, { withFileTypes: true }).filter((d) => d.isDirectory());
    expect(repos.length).toBeGreaterThan(0);
    const licenseWarnings: string[] = [];
    for (const repo of repos) {
      const ws = workspaceFromFolder(path.join(dataDir, repo.name));
      for (const check of checks) {
        const run = await runCheck(check, ws);
        for (const finding of run.findings) {
          expect(finding.message.length, `${check.id} on ${repo.name}`).toBeGreaterThan(10);
          expect(finding.requirement).toBe(check.requirement);
        }
        if (check === packageJson) licenseWarnings.push(...run.findings.map((f) => f.message));
      }
    }
    // Without a LICENSE file only missing or malformed "license" fields can be reported, e.g. the
    // payment template's enabler (no field) and mediaopt's "SEE LICENSE IN ../LICENSE" (file absent here).
    expect(licenseWarnings.some((m) => m.includes('has no "license" field'))).toBe(true);
    expect(licenseWarnings.some((m) => m.includes('SEE LICENSE IN ../LICENSE'))).toBe(true);
  });
});
