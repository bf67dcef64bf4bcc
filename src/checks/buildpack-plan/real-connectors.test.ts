// Runs every layout/buildpack check over the real connectors in ../shared/data/real-connectors
// (configuration and lock files only, no source code, so layout/source-present fails them all) and
// pins what the checks report. Skipped when the data folder is absent.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCheck, workspaceFromFolder } from '../../engine/testing.js';
import type { CheckDefinition } from '../../engine/types.js';
import type { Workspace } from '../../engine/workspace.js';
import buildScript from '../buildpack-build-script/check.js';
import commonModules from '../buildpack-common-modules/check.js';
import connectScripts from '../buildpack-connect-scripts/check.js';
import java from '../buildpack-java/check.js';
import lockFile from '../buildpack-lock-file/check.js';
import nodeVersion from '../buildpack-node-version/check.js';
import packageJson from '../buildpack-package-json/check.js';
import packageManager from '../buildpack-package-manager/check.js';
import planCheck from './check.js';
import startCommand from '../buildpack-start-command/check.js';
import appFolders from '../layout-app-folders/check.js';
import sourcePresent from '../layout-source-present/check.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const DATA = path.resolve(here, '../../../../shared/data/real-connectors');
const present = existsSync(DATA);
const CHECKS: CheckDefinition[] = [appFolders, sourcePresent, planCheck, packageJson, lockFile, packageManager, commonModules, buildScript, startCommand, nodeVersion, connectScripts, java];

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
async function findings(connector: string, check: CheckDefinition) {
  return (await runCheck(check, wsOf(connector))).findings;
}

describe.skipIf(!present)('real connectors (../shared/data/real-connectors)', () => {
  it('has the expected sample', () => {
    expect(connectors.length).toBeGreaterThanOrEqual(30);
  });

  it('runs every layout/buildpack check on every connector without throwing', async () => {
    for (const connector of connectors) {
      const ws = wsOf(connector);
      for (const check of CHECKS) {
        const run = await runCheck(check, ws);
        expect(['pass', 'warn', 'fail', 'skipped'], `${check.id} on ${connector}`).toContain(run.status);
      }
      const plan = await runCheck(planCheck, ws);
      expect((plan.sections.buildpackPlan as unknown[]).length, connector).toBeGreaterThan(0);
    }
  });

  it('fails engines.node "=20.8.0" (cybersource), like mollie\'s ">=18.0.0 <=20.9.0"', async () => {
    const errors = (await findings('alice8892__cybersource', nodeVersion)).filter((f) => f.severity === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toContain('"engines.node": "=20.8.0" admits none of the Node.js majors Connect supports');
  });

  it('reports yarn.lock + package-lock.json in one application (abandoned-carts, ct-reporting-tool)', async () => {
    for (const [connector, apps] of [
      ['commercetools-demo__abandoned-carts', ['mc-app', 'service']],
      ['NunoMonteiroNkt__ct-reporting-tool', ['merchant-center-custom-application']],
    ] as const) {
      const errors = (await findings(connector, lockFile)).filter((f) => f.message.includes('lock files of 2 package managers'));
      expect(errors.map((f) => f.application).sort()).toEqual([...apps].sort());
    }
  });

  it('flags the yarn packageManager field beside package-lock.json (ct-connect-agent)', async () => {
    const warnings = await findings('CommerceCraftTechnology__ct-connect-agent-main', packageManager);
    expect(warnings).toEqual([expect.objectContaining({ severity: 'warning', application: 'service' })]);
    expect(warnings[0]!.message).toContain('makes the buildpack build with npm');
  });

  it('warns about the only application without a lock file (sample-service-connector-eg)', async () => {
    const missing = [];
    for (const connector of connectors) {
      for (const f of await findings(connector, lockFile)) if (f.message.includes('no lock file')) missing.push(`${connector}/${f.application}`);
    }
    expect(missing).toEqual(['abhilash-ct__sample-service-connector-eg/service']);
  });

  it('informs, without failing, about Merchant Center apps whose Yarn build script is ignored', async () => {
    const mc = (await findings('mediaopt__avalara-commercetools-connector', buildScript)).filter((f) => f.application === 'mc-app');
    expect(mc.map((f) => f.severity)).toEqual(['info']);
  });

  it('finds the application folder of every declared application', async () => {
    for (const connector of connectors) expect(await findings(connector, appFolders), connector).toEqual([]);
  });
});
