// Configuration comes only from environment variables set by Connect from connect.yaml
// (`inheritAs.configuration` and the service's own `configuration`).

export const DEFAULT_PORT = 8080;
/** Used when MAX_LINE_ITEM_QUANTITY is unset; matches the default declared in connect.yaml. */
export const DEFAULT_MAX_LINE_ITEM_QUANTITY = 10;

export interface ServiceConfig {
  port: number;
  maxLineItemQuantity: number;
  projectKey: string | undefined;
  region: string | undefined;
  /** Values that were present but unusable, so the caller can log them once at start-up. */
  problems: string[];
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): ServiceConfig {
  const problems: string[] = [];
  const port = positiveInteger(env.PORT, DEFAULT_PORT, 'PORT', problems);
  const maxLineItemQuantity = positiveInteger(
    env.MAX_LINE_ITEM_QUANTITY,
    DEFAULT_MAX_LINE_ITEM_QUANTITY,
    'MAX_LINE_ITEM_QUANTITY',
    problems,
  );
  return { port, maxLineItemQuantity, projectKey: env.CTP_PROJECT_KEY, region: env.CTP_REGION, problems };
}

function positiveInteger(raw: string | undefined, fallback: number, name: string, problems: string[]): number {
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (Number.isInteger(value) && value > 0) return value;
  // A typo in an optional limit must not take checkout down: keep the documented default.
  problems.push(`${name}="${raw}" is not a positive integer; using ${fallback}`);
  return fallback;
}
