// SEC-SECRETS: no hardcoded tokens, credentials or passwords anywhere in the repository: code,
// configuration (JSON, YAML, .env, properties), documentation. Provider formats (commercetools API
// client credentials first), private keys, credentials in URLs, and secret-looking values assigned to
// credential-named variables or keys. Each finding shows a redacted form and a fingerprint, never
// the secret; suppress one by fingerprint in `.connect-certify.json` (or inline, with a reason).
import { applicationsOf } from '../../analyzers/connect-spec/applications.js';
import { secretScanOf, SECRETS_ALLOW_KEY, type SecretMatch } from '../../analyzers/secrets/index.js';
import { CONFIG_FILE } from '../../engine/config.js';
import { defineCheck, type Severity } from '../../engine/types.js';
import type { Workspace } from '../../engine/workspace.js';

const COMMERCETOOLS_REMEDIATION =
  'Revoke this API client in the Merchant Center (Settings > Developer settings) and create a new one; the old secret stays in the Git history. ' +
  'Declare CTP_CLIENT_ID and CTP_CLIENT_SECRET under securedConfiguration in connect.yaml and read them from process.env at run time.';

const TEST_REMEDIATION =
  'Tests should not carry working credentials: use an obvious placeholder, build a fake value at run time, or read it from the environment. ' +
  `If this value is a deliberate, useless test value, suppress it by its fingerprint in ${CONFIG_FILE} with a reason.`;

export default defineCheck({
  id: 'secrets/hardcoded',
  requirement: 'SEC-SECRETS',
  title: 'No hardcoded secrets in code, configuration or documentation',
  rationale:
    'A credential committed to a repository is readable by everyone who can read the repository, stays in its history after deletion, ' +
    'and ships in the connector to every merchant who deploys it. The certification page requires that code and configuration hold no tokens, credentials or passwords.',
  remediation:
    'Remove the secret, rotate it (it remains in the Git history), and read it at run time from the environment: in Connect, declare it under ' +
    'securedConfiguration in connect.yaml. If the value is not a secret (an example, a public test key), add its fingerprint to ' +
    `allow["${SECRETS_ALLOW_KEY}"] in ${CONFIG_FILE}, or suppress the finding with a reason.`,
  run(ctx) {
    const ws = ctx.workspace;
    const scan = secretScanOf(ws);
    for (const problem of scan.allowListProblems) {
      ctx.report({
        severity: 'warning',
        file: CONFIG_FILE,
        message: `${CONFIG_FILE}: allow["${SECRETS_ALLOW_KEY}"] entry ${JSON.stringify(problem.entry)} was ignored: ${problem.problem}`,
        remediation: 'Use a 16-character fingerprint as reported, or a simple regular expression without nested quantifiers.',
      });
    }
    const applicationOf = applicationLocator(ws);
    for (const match of scan.matches) {
      ctx.report({
        severity: severityOf(match),
        message: messageOf(match),
        file: match.file,
        line: match.line,
        column: match.column,
        endLine: match.line,
        endColumn: match.endColumn,
        application: applicationOf(match.file),
        evidence: match.evidence,
        fingerprint: match.fingerprint,
        remediation: match.inTest ? TEST_REMEDIATION : match.provider === 'commercetools' ? COMMERCETOOLS_REMEDIATION : undefined,
        data: {
          rule: match.ruleId,
          provider: match.provider,
          redacted: match.redacted,
          length: match.length,
          context: match.inTest ? 'test' : match.context,
          ...(match.key ? { key: match.key } : {}),
        },
      });
    }
    ctx.attach('secretScan', {
      filesScanned: scan.filesScanned,
      bytesScanned: scan.bytesScanned,
      findings: scan.matches.length,
      allowedByConfig: scan.allowed,
      notes: scan.notes,
    });
  },
});

/** Tests and fixtures are warnings (SHOULD fix); everywhere else the rule's own severity. */
function severityOf(match: SecretMatch): Severity {
  return match.inTest ? 'warning' : match.severity;
}

function messageOf(match: SecretMatch): string {
  const name = match.key ? ` assigned to ${match.key}` : '';
  const context = match.inTest ? ' (a test or fixture)' : match.context === 'docs' ? ' (documentation)' : '';
  return `${match.description}${name} in ${match.file}${context}: ${match.redacted}, fingerprint ${match.fingerprint}`;
}

/** Maps a file to the application whose folder holds it, when connect.yaml declares one. */
function applicationLocator(ws: Workspace): (file: string) => string | undefined {
  let folders: { name: string; prefix: string }[] = [];
  try {
    folders = applicationsOf(ws).map((app) => ({ name: app.name, prefix: `${app.path}/` }));
  } catch {
    // Without a readable connect.yaml findings are still reported, just not grouped by application.
  }
  return (file) => folders.find((f) => file.startsWith(f.prefix))?.name;
}
