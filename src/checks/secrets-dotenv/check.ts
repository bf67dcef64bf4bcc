// SEC-SECRETS: a committed `.env` file. `.env`, `.env.local`, `.env.production`… hold a machine's
// real settings and belong in .gitignore; only templates (`.env.example`, `.env.sample`,
// `.env.template`, `.env.dist`) are meant to be committed. With real-looking values it is an error;
// with only empty or placeholder values, a warning that the file should not be in the repository.
import { applicationsOf } from '../../analyzers/connect-spec/applications.js';
import { isDotenvFile, isTestPath, looksLikeSecretValue, placeholderReason, secretScanOf } from '../../analyzers/secrets/index.js';
import { defineCheck } from '../../engine/types.js';
import type { Workspace } from '../../engine/workspace.js';

/** `KEY=value`, optionally `export`ed and quoted, as dotenv and shells read it. */
const DOTENV_LINE = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*?)\s*$/;
/** At most this many variable names are listed in a message. */
const MAX_NAMES_LISTED = 5;

export default defineCheck({
  id: 'secrets/dotenv',
  requirement: 'SEC-SECRETS',
  title: 'No committed .env files',
  rationale:
    'A .env file holds one machine\'s real configuration, credentials included; committing it publishes them. Connect passes configuration ' +
    'to applications through connect.yaml (securedConfiguration for secrets), so a connector never needs one in its repository.',
  remediation:
    'Delete the file from the repository, add ".env*" (with "!.env.example") to .gitignore, rotate any credential it held, and commit a ' +
    '.env.example with placeholder values instead.',
  run(ctx) {
    const ws = ctx.workspace;
    const dotenvFiles = ws.files.filter((f) => isDotenvFile(f.path));
    if (dotenvFiles.length === 0) return;
    const scan = secretScanOf(ws);
    const applicationOf = applicationLocator(ws);
    for (const file of dotenvFiles) {
      const secretKeys = new Set<string>();
      for (const match of scan.matches) {
        if (match.file === file.path) secretKeys.add(match.key ?? match.description);
      }
      let values = 0;
      const text = safeRead(ws, file.path);
      for (const raw of (text ?? '').split('\n')) {
        const m = DOTENV_LINE.exec(raw);
        if (!m || raw.trimStart().startsWith('#')) continue;
        const value = unquote(m[2] ?? '');
        // Ordinary settings (`PORT=8080`, `LOG_LEVEL=debug`) count as values; placeholders do not.
        const reason = placeholderReason(value, m[1]);
        if (value === '' || reason === 'empty' || reason === 'reference' || reason === 'masked' || reason === 'example') continue;
        values++;
        // A random-looking value is a secret whatever its name (`SESSION_SIGNING=…`).
        if (looksLikeSecretValue(value) && value.length >= 16) secretKeys.add(m[1]!);
      }
      const inTest = isTestPath(file.path);
      if (secretKeys.size > 0) {
        const names = [...secretKeys].slice(0, MAX_NAMES_LISTED).join(', ') + (secretKeys.size > MAX_NAMES_LISTED ? ', …' : '');
        ctx.report({
          severity: inTest ? 'warning' : 'error',
          file: file.path,
          line: 1,
          application: applicationOf(file.path),
          message: `${file.path} is committed and holds ${secretKeys.size} real-looking secret value${secretKeys.size === 1 ? '' : 's'} (${names})`,
          data: { secrets: secretKeys.size, values },
        });
      } else {
        ctx.report({
          severity: 'warning',
          file: file.path,
          line: 1,
          application: applicationOf(file.path),
          message: values === 0
            ? `${file.path} is committed; its values are empty or placeholders, but a .env file should not be in the repository (commit a .env.example instead)`
            : `${file.path} is committed with ${values} configuration value${values === 1 ? '' : 's'} (none looks like a secret); a .env file should not be in the repository`,
          data: { secrets: 0, values },
        });
      }
    }
  },
});

function unquote(value: string): string {
  const trimmed = value.replace(/\s+#.*$/, '');
  const m = /^(["'])(.*)\1$/.exec(trimmed);
  return m ? m[2]! : trimmed;
}

function safeRead(ws: Workspace, path: string): string | undefined {
  try {
    return ws.readText(path);
  } catch {
    return undefined;
  }
}

function applicationLocator(ws: Workspace): (file: string) => string | undefined {
  let folders: { name: string; prefix: string }[] = [];
  try {
    folders = applicationsOf(ws).map((app) => ({ name: app.name, prefix: `${app.path}/` }));
  } catch {
    // No readable connect.yaml: report without an application.
  }
  return (file) => folders.find((f) => file.startsWith(f.prefix))?.name;
}
