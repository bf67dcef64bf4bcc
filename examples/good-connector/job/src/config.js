// Configuration comes only from environment variables that Connect sets from connect.yaml.

export const DEFAULT_PORT = 8080;
/** Matches the default declared for STALE_CART_AGE_DAYS in connect.yaml. */
export const DEFAULT_STALE_CART_AGE_DAYS = 30;

export class ConfigError extends Error {}

export function readServerConfig(env = process.env) {
  const port = Number.parseInt(env.PORT ?? '', 10);
  return {
    port: Number.isInteger(port) && port > 0 ? port : DEFAULT_PORT,
    projectKey: env.CTP_PROJECT_KEY,
    region: env.CTP_REGION,
  };
}

/** Everything one cleanup run needs; read per run so a missing value fails the run, not the start-up. */
export function readJobConfig(env = process.env) {
  const required = ['CTP_PROJECT_KEY', 'CTP_API_URL', 'CTP_AUTH_URL', 'CTP_CLIENT_ID', 'CTP_CLIENT_SECRET'];
  const missing = required.filter((key) => !env[key]);
  if (missing.length > 0) throw new ConfigError(`missing configuration: ${missing.join(', ')}`);
  const rawAge = env.STALE_CART_AGE_DAYS ?? String(DEFAULT_STALE_CART_AGE_DAYS);
  const staleCartAgeDays = Number(rawAge);
  if (!Number.isInteger(staleCartAgeDays) || staleCartAgeDays < 1) {
    throw new ConfigError(`STALE_CART_AGE_DAYS="${rawAge}" must be a whole number of days, at least 1`);
  }
  return {
    projectKey: env.CTP_PROJECT_KEY,
    apiUrl: env.CTP_API_URL,
    authUrl: env.CTP_AUTH_URL,
    clientId: env.CTP_CLIENT_ID,
    clientSecret: env.CTP_CLIENT_SECRET,
    staleCartAgeDays,
  };
}
