// SEC-CODE: TLS certificate verification stays on. In code (the `sec-code/tls-verification` rule of
// src/analyzers/code-rules): `rejectUnauthorized: false`, `strictSSL: false`, a checkServerIdentity
// that accepts everything, NODE_TLS_REJECT_UNAUTHORIZED = '0' in process.env or an environment
// object. Outside code: NODE_TLS_REJECT_UNAUTHORIZED=0 in what runs in production (the start script
// chain and connect.yaml postDeploy/preUndeploy) and in a committed .env inside an application folder.
import { codeApplicationsOf } from '../../analyzers/code-rules/index.js';
import { NO_APPLICATIONS, reportRuleHits } from '../../analyzers/code-rules/report.js';
import { connectSpecOf } from '../../analyzers/connect-spec/parse.js';
import { commandsOfScript } from '../../analyzers/packages/scripts.js';
import { isDotenvFile, isTestPath } from '../../analyzers/secrets/files.js';
import { defineCheck } from '../../engine/types.js';

const DISABLING_ASSIGNMENT = /(?:^|[\s;&|(])(?:export\s+)?NODE_TLS_REJECT_UNAUTHORIZED\s*=\s*["']?0["']?(?=$|[\s;&|)])/m;
const REMEDIATION =
  'Keep certificate verification on (the default). If a server uses a private CA, pass its certificate with the `ca` option or NODE_EXTRA_CA_CERTS instead of disabling verification.';

export default defineCheck({
  id: 'sec-code/tls-verification',
  requirement: 'SEC-CODE',
  title: 'TLS certificate verification stays on',
  rationale:
    '`rejectUnauthorized: false`, `strictSSL: false`, NODE_TLS_REJECT_UNAUTHORIZED=0 or a checkServerIdentity that accepts everything let any machine on the network path impersonate the API the connector calls and read its credentials and data.',
  remediation: REMEDIATION,
  run(ctx) {
    const ws = ctx.workspace;
    const apps = codeApplicationsOf(ws);
    if (apps.length === 0) return ctx.skip(NO_APPLICATIONS);
    reportRuleHits(ctx, 'sec-code/tls-verification');
    for (const app of apps) {
      // Scripts that run in production: the start chain of the package, the connect.yaml scripts.
      const pkg = app.packageJson;
      const reported = new Set<string>();
      for (const step of commandsOfScript(pkg.scripts, 'start')) {
        const script = step.script ?? 'start';
        const text = pkg.scripts[script] ?? '';
        if (reported.has(script) || !DISABLING_ASSIGNMENT.test(text)) continue;
        reported.add(script);
        ctx.report({
          severity: 'error',
          application: app.application,
          file: pkg.file,
          ...pkg.positionOf(['scripts', script]),
          message: `${pkg.file}: script "${script}" (run by the start command) sets NODE_TLS_REJECT_UNAUTHORIZED=0, which turns off TLS certificate verification for every request the application makes`,
          remediation: REMEDIATION,
          evidence: text.length > 120 ? `${text.slice(0, 119)}…` : text,
        });
      }
      const spec = connectSpecOf(ws);
      for (const application of app.applications) {
        for (const field of ['postDeploy', 'preUndeploy'] as const) {
          const line = application.scripts[field];
          if (line === undefined || !DISABLING_ASSIGNMENT.test(line)) continue;
          ctx.report({
            severity: 'error',
            application: application.name,
            file: spec.file,
            ...spec.positionOf(['deployAs', application.index, 'scripts', field]),
            message: `${spec.file}: ${field} of application "${application.name}" sets NODE_TLS_REJECT_UNAUTHORIZED=0, which turns off TLS certificate verification`,
            remediation: REMEDIATION,
            evidence: line,
          });
        }
      }
      // A committed .env in the application folder (dotenv loads it at start-up).
      for (const entry of ws.filesUnder(app.dir)) {
        if (!isDotenvFile(entry.path) || isTestPath(entry.path) || entry.path.includes('/node_modules/')) continue;
        const text = ws.readText(entry.path) ?? '';
        const lines = text.split('\n');
        lines.forEach((content, index) => {
          if (content.trimStart().startsWith('#') || !DISABLING_ASSIGNMENT.test(content)) return;
          ctx.report({
            severity: 'error',
            application: app.application,
            file: entry.path,
            line: index + 1,
            column: content.indexOf('NODE_TLS_REJECT_UNAUTHORIZED') + 1,
            message: `${entry.path}:${index + 1}: NODE_TLS_REJECT_UNAUTHORIZED=0 in a committed environment file turns off TLS certificate verification wherever the file is loaded`,
            remediation: REMEDIATION,
            evidence: content.trim(),
          });
        });
      }
    }
  },
});
