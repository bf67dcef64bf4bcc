// Placeholder values for an application's configuration (connect.yaml `configuration` plus the
// inherited `inheritAs.configuration`): what Connect would set as environment variables, minus
// anything real. Defaults are used when declared; commercetools' well-known keys get well-formed
// values (an app validating CTP_REGION or a URL at start-up must not crash on the placeholder);
// secured keys get fresh random values, which every log redacts. None of them reach commercetools:
// the sandbox has no network but loopback.
import { randomBytes } from 'node:crypto';
import type { ConnectApplication, ConnectConfigEntry, ConnectSpec } from '../connect-spec/parse.js';

export const PLACEHOLDER_REGION = 'europe-west1.gcp';
export const PLACEHOLDER_PROJECT_KEY = 'placeholder-project';
/** Unresolvable by design (RFC 2606 `.invalid`), and unreachable anyway without network. */
export const PLACEHOLDER_URL = 'https://placeholder.invalid';

/** Well-formed values for commercetools' usual keys, so start-up validation passes. */
const KNOWN_VALUES: Record<string, string> = {
  CTP_PROJECT_KEY: PLACEHOLDER_PROJECT_KEY,
  CTP_REGION: PLACEHOLDER_REGION,
  CTP_API_URL: `https://api.${PLACEHOLDER_REGION}.commercetools.com`,
  CTP_AUTH_URL: `https://auth.${PLACEHOLDER_REGION}.commercetools.com`,
  CTP_SESSION_URL: `https://session.${PLACEHOLDER_REGION}.commercetools.com`,
  CTP_SCOPE: `manage_project:${PLACEHOLDER_PROJECT_KEY}`,
  CTP_SCOPES: `manage_project:${PLACEHOLDER_PROJECT_KEY}`,
  CTP_JWKS_URL: `https://mc-api.${PLACEHOLDER_REGION}.commercetools.com/.well-known/jwks.json`,
  CTP_JWT_ISSUER: `https://mc-api.${PLACEHOLDER_REGION}.commercetools.com`,
};
const URL_KEY = /(URL|URI|ENDPOINT|HOST|ORIGIN)S?$/;
const NUMBER_KEY = /(DAYS|HOURS|MINUTES|SECONDS|_MS|TIMEOUT|LIMIT|COUNT|SIZE|PORT|RETRIES|ATTEMPTS|QUANTITY|AMOUNT|NUMBER|THRESHOLD|INTERVAL)$|^(MAX|MIN)_/;
const BOOLEAN_KEY = /^(ENABLE|DISABLE|IS|USE|HAS)_|_(ENABLED|DISABLED|FLAG)$/;
const EMAIL_KEY = /E?MAIL(_ADDRESS)?$/;

export interface PlaceholderEntry {
  key: string;
  secured: boolean;
  source: 'default' | 'known' | 'heuristic' | 'random';
  /** The value, or `[redacted]` for secured entries (this record goes into the report). */
  shown: string;
}

export interface PlaceholderConfiguration {
  env: Record<string, string>;
  /** Values to redact from logs. */
  secrets: string[];
  entries: PlaceholderEntry[];
}

/** The environment an application gets: inherited configuration first, its own entries override. */
export function placeholderConfigurationOf(spec: ConnectSpec, app: ConnectApplication, random: (bytes: number) => string = randomHex): PlaceholderConfiguration {
  const byKey = new Map<string, ConnectConfigEntry>();
  for (const entry of [...spec.globalConfiguration, ...app.configuration]) {
    if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(entry.key)) byKey.set(entry.key, entry);
  }
  const env: Record<string, string> = {};
  const secrets: string[] = [];
  const entries: PlaceholderEntry[] = [];
  for (const entry of byKey.values()) {
    const { value, source } = placeholderFor(entry, random);
    env[entry.key] = value;
    if (entry.secured) secrets.push(value);
    entries.push({ key: entry.key, secured: entry.secured, source, shown: entry.secured ? '[redacted]' : value });
  }
  return { env, secrets, entries };
}

function placeholderFor(entry: ConnectConfigEntry, random: (bytes: number) => string): { value: string; source: PlaceholderEntry['source'] } {
  const key = entry.key.toUpperCase();
  if (entry.secured) {
    // Random, so a value in a log is recognisably ours and redactable; URL-shaped when the key asks.
    if (URL_KEY.test(key)) return { value: `${PLACEHOLDER_URL}/${random(8)}`, source: 'random' };
    return { value: random(16), source: 'random' };
  }
  if (entry.default !== undefined && entry.default !== '') return { value: entry.default, source: 'default' };
  const known = KNOWN_VALUES[key];
  if (known !== undefined) return { value: known, source: 'known' };
  if (URL_KEY.test(key)) return { value: PLACEHOLDER_URL, source: 'heuristic' };
  if (EMAIL_KEY.test(key)) return { value: 'placeholder@example.com', source: 'heuristic' };
  if (BOOLEAN_KEY.test(key)) return { value: 'false', source: 'heuristic' };
  if (NUMBER_KEY.test(key)) return { value: '1', source: 'heuristic' };
  return { value: `placeholder-${entry.key.toLowerCase().replace(/_/g, '-')}`, source: 'heuristic' };
}

function randomHex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}
