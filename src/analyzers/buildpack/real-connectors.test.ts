// Runs the buildpack analyzer over the real connectors in ../shared/data/real-connectors
// (configuration and lock files only, no source code) and pins facts about them; the checks' view
// of the same data is in src/checks/buildpack-plan/real-connectors.test.ts. Skipped when the data
// folder is absent.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { workspaceFromFiles, workspaceFromFolder } from '../../engine/testing.js';
import type { Workspace } from '../../engine/workspace.js';
import { buildpackPlansOf, lockSyncOf, type BuildpackPlan } from './plan.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const DATA = path.resolve(here, '../../../../shared/data/real-connectors');
const present = existsSync(DATA);

const connectors = present ? readdirSync(DATA, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort() : [];
const workspaces = new Map<string, Workspace>();
function wsOf(name: string): Workspace {
  let ws = workspaces.get(name);
  if (!ws) {
    ws = workspaceFromFolder(path.join(DATA, name));
    workspaces.set(name, ws);
  }
  return ws;
}
const planOf = (connector: string, app: string): BuildpackPlan => {
  const plan = buildpackPlansOf(wsOf(connector)).find((p) => p.application === app);
  if (!plan) throw new Error(`${connector} has no application ${app}`);
  return plan;
};

describe.skipIf(!present)('real connectors (../shared/data/real-connectors)', () => {
  it('has the expected sample', () => {
    expect(connectors.length).toBeGreaterThanOrEqual(30);
  });

  it('plans every application of every connector', () => {
    let applications = 0;
    for (const connector of connectors) {
      const plans = buildpackPlansOf(wsOf(connector));
      applications += plans.length;
      for (const plan of plans) {
        expect(plan.folderExists, `${connector}/${plan.application}`).toBe(true);
        expect(plan.language, `${connector}/${plan.application}`).toBe('nodejs');
        expect(plan.node?.packageJson.syntaxError, `${connector}/${plan.application}`).toBeUndefined();
      }
    }
    expect(applications).toBeGreaterThanOrEqual(45);
  });

  it('finds every committed lock file in sync with its package.json', () => {
    const compared: string[] = [];
    for (const connector of connectors) {
      for (const plan of buildpackPlansOf(wsOf(connector))) {
        const sync = lockSyncOf(wsOf(connector), plan);
        if (!sync) continue;
        expect(sync.parseError, `${connector}: ${sync.lockFile}`).toBeUndefined();
        expect(sync.problems, `${connector}: ${sync.lockFile}`).toEqual([]);
        expect(sync.checked).toBeGreaterThan(0);
        compared.push(`${connector}/${sync.lockFile}`);
      }
    }
    // The sample holds 30 package-lock.json (v2, v3) and 20 yarn.lock (v1) in application folders;
    // the 3 package-lock.json beside a yarn.lock are not what the buildpack uses: 47 compared.
    expect(compared.length).toBeGreaterThanOrEqual(45);
  });

  it('detects an out-of-sync lock when a real package.json is changed', () => {
    const dir = path.join(DATA, 'commercetools__connect-payment-integration-template/processor');
    if (!existsSync(dir)) return;
    const pj = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const [name, range] = Object.entries(pj.dependencies)[0]!;
    pj.dependencies[name] = `^${Number(/\d+/.exec(range)![0]) + 50}.0.0`;
    pj.dependencies['left-pad'] = '^1.3.0';
    const ws = workspaceFromFiles({
      'connect.yaml': 'deployAs:\n  - name: processor\n    applicationType: service\n    endpoint: /\n',
      'processor/package.json': JSON.stringify(pj, null, 2),
      'processor/package-lock.json': readFileSync(path.join(dir, 'package-lock.json'), 'utf8'),
    });
    const sync = lockSyncOf(ws, buildpackPlansOf(ws)[0]!);
    expect(sync?.problems.map((p) => [p.name, p.kind])).toEqual([
      [name, 'unsatisfied'],
      ['left-pad', 'missing'],
    ]);
  });

  it('detects a yarn.lock missing a pattern of a real package.json', () => {
    const dir = path.join(DATA, 'mediaopt__avalara-commercetools-connector/service');
    if (!existsSync(dir)) return;
    const pj = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const [name] = Object.keys(pj.dependencies);
    pj.dependencies[name!] = '^999.0.0';
    const ws = workspaceFromFiles({
      'connect.yaml': 'deployAs:\n  - name: service\n    applicationType: service\n    endpoint: /\n',
      'service/package.json': JSON.stringify(pj),
      'service/yarn.lock': readFileSync(path.join(dir, 'yarn.lock'), 'utf8'),
    });
    const sync = lockSyncOf(ws, buildpackPlansOf(ws)[0]!);
    expect(sync?.problems).toEqual([expect.objectContaining({ name, kind: 'specifier-differs' })]);
  });

  it('reads engines.node "=20.8.0" (cybersource) as admitting no supported major, like mollie\'s ">=18.0.0 <=20.9.0"', () => {
    expect(planOf('alice8892__cybersource', 'cybersource-service').node?.nodeVersion).toMatchObject({ engines: '=20.8.0', supported: false, major: 20, admittedSupported: [] });
  });

  it('picks yarn where yarn.lock and package-lock.json share a folder (abandoned-carts, ct-reporting-tool)', () => {
    for (const [connector, app] of [
      ['commercetools-demo__abandoned-carts', 'mc-app'],
      ['commercetools-demo__abandoned-carts', 'service'],
      ['NunoMonteiroNkt__ct-reporting-tool', 'merchant-center-custom-application'],
    ] as const) {
      const node = planOf(connector, app).node;
      expect(node?.packageManager).toBe('yarn');
      expect(node?.lockFilesInFolder.map((l) => l.file)).toEqual(['yarn.lock', 'package-lock.json']);
    }
  });

  it('plans the documented patterns: payment templates use npm build, kit templates yarn gcp-build', () => {
    expect(planOf('commercetools__connect-payment-integration-template', 'processor').node).toMatchObject({
      packageManager: 'npm',
      install: 'npm ci',
      build: { script: 'build', command: 'npm run build' },
      start: { command: 'npm run start', script: 'node dist/main.js' },
      nodeVersion: { engines: '>=24.0.0', major: 24, supported: true },
    });
    expect(planOf('mediaopt__avalara-commercetools-connector', 'service').node).toMatchObject({
      packageManager: 'yarn',
      yarnBerry: false,
      build: { script: 'gcp-build', command: 'yarn run gcp-build' },
      start: { command: 'yarn run start' },
    });
    expect(planOf('mediaopt__avalara-commercetools-connector', 'mc-app').node?.build.ignoredBuildScript).toBe(true);
    expect(planOf('CommerceCraftTechnology__ct-connect-agent-main', 'service').node?.packageManagerField).toMatchObject({ name: 'yarn', version: '1.22.22' });
  });
});
