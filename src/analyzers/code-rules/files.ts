// File-name conventions the code checks use on top of the import analysis' roles.

/** Merchant Center custom application / view configuration (`custom-application-config.mjs`). */
export function isMerchantCenterConfig(file: string): boolean {
  return /(?:^|\/)custom-(?:application|view)-config\.[cm]?[jt]s$/i.test(file);
}

/** The application's own logger: console output is its job (`src/logger.ts`, `utils/logging.js`). */
export function isLoggerImplementation(file: string): boolean {
  return /(?:^|\/)(?:logger|logging|log)(?:\/index)?\.[cm]?[jt]sx?$/i.test(file) || /(?:^|\/)(?:logger|logging)\//i.test(file);
}

/**
 * Configuration for development or tests kept in an application folder: `.env.test`,
 * `.env.development`, `.env.local`, node-config's `config/test.json` / `config/development.yaml` /
 * `config/local*.json`. Templates (`.env.example`) document keys and are fine.
 */
export function developmentConfigKind(relPath: string): string | undefined {
  const name = relPath.slice(relPath.lastIndexOf('/') + 1).toLowerCase();
  const env = /^\.env\.(test|testing|development|dev|local|development\.local|test\.local|e2e|ci)$/.exec(name);
  if (env) return `environment file for ${env[1]!.replace('.local', '')}`;
  const nodeConfig = /(?:^|\/)config\/(test|testing|development|dev|local(?:-[\w-]+)?|e2e)\.(?:json5?|ya?ml|[cm]?[jt]s|toml)$/i.exec(relPath);
  if (nodeConfig) return `node-config settings for ${nodeConfig[1]!.toLowerCase()}`;
  return undefined;
}
