// Configuration comes only from environment variables that Connect sets from connect.yaml.

export const DEFAULT_PORT = 8080;

export class ConfigError extends Error {}

/** Server settings; the webhook is checked when a message needs it, so health checks work without it. */
export function readServerConfig(env = process.env) {
  const port = Number.parseInt(env.PORT ?? '', 10);
  return {
    port: Number.isInteger(port) && port > 0 ? port : DEFAULT_PORT,
    projectKey: env.CTP_PROJECT_KEY,
    region: env.CTP_REGION,
    webhookUrl: env.ORDER_WEBHOOK_URL,
    webhookToken: env.ORDER_WEBHOOK_TOKEN,
  };
}

/** What the deploy scripts need to call the commercetools API; all of it is required. */
export function readApiConfig(env = process.env) {
  const required = ['CTP_PROJECT_KEY', 'CTP_API_URL', 'CTP_AUTH_URL', 'CTP_CLIENT_ID', 'CTP_CLIENT_SECRET'];
  const missing = required.filter((key) => !env[key]);
  if (missing.length > 0) throw new ConfigError(`missing configuration: ${missing.join(', ')}`);
  return {
    projectKey: env.CTP_PROJECT_KEY,
    apiUrl: env.CTP_API_URL,
    authUrl: env.CTP_AUTH_URL,
    clientId: env.CTP_CLIENT_ID,
    clientSecret: env.CTP_CLIENT_SECRET,
  };
}
