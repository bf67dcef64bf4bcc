// DEPLOY-OSS-LIBS (opt-in, `--sbom FILE`): a CycloneDX 1.5 software bill of materials of the
// connector, built from the applications' lock files, attached to the report as `sbom` for the
// CLI to write. It is the inventory the licence and vulnerability checks judged, in the format
// reviewers' and customers' tools (Dependency-Track, Trivy, osv-scanner) read. Licences are the
// ones deps/licenses judged (lock file, registry manifest, installed package.json; one lookup per run).
import { dependencyLicensesOf } from '../../analyzers/licenses/registry-licenses.js';
import type { PackageLicense } from '../../analyzers/licenses/package-licenses.js';
import { dependencyGraphOf, type DependencyGraph } from '../../analyzers/lockfiles/graph.js';
import { applicationNameOf, nodeApplicationFoldersOf } from '../../analyzers/packages/applications.js';
import { buildCycloneDxSbom } from '../../analyzers/sbom/cyclonedx.js';
import { defineCheck } from '../../engine/types.js';
import { TOOL_VERSION } from '../../engine/version.js';

export default defineCheck({
  id: 'deps/sbom',
  requirement: 'DEPLOY-OSS-LIBS',
  title: 'Software bill of materials (CycloneDX 1.5)',
  rationale:
    'A bill of materials lists every package each application installs, with versions, hashes, licences and the ' +
    'dependency tree, so the Connect team and customers can audit the open-source libraries and match future ' +
    'advisories against the certified version. It is built from the lock files, which is what the runtime installs.',
  remediation: 'Commit a lock file for every application so that its packages can be listed.',
  optIn: true,
  async run(ctx) {
    const ws = ctx.workspace;
    const folders = nodeApplicationFoldersOf(ws);
    if (folders.length === 0) return ctx.skip('no Node.js application (a connect.yaml application folder with a package.json) to list');
    const graphs: DependencyGraph[] = folders.map((folder) => dependencyGraphOf(ws, applicationNameOf(folder)));
    for (const graph of graphs) {
      if (graph.lockFile !== null && graph.skipped === undefined) continue;
      ctx.report({
        severity: 'info',
        application: graph.application,
        message: `Application "${graph.application}": its packages are not in the SBOM (${graph.skipped ?? 'no lock file'})`,
      });
    }
    const licenses = new Map<string, Map<string, PackageLicense>>();
    for (const graph of graphs) {
      if (graph.lockFile === null || graph.skipped !== undefined) continue;
      licenses.set(graph.application, (await dependencyLicensesOf(ws, graph, ctx.signal)).licenses);
      if (ctx.signal.aborted) return;
    }
    ctx.attach('sbom', buildCycloneDxSbom(ws, graphs, { toolVersion: TOOL_VERSION, licensesOf: (graph) => licenses.get(graph.application) ?? new Map() }));
  },
});
