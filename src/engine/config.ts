// `.connect-certify.json` at the repository root: allow-lists, suppressions (each with a reason),
// creator record, and check selection. Validated by hand so an error names the field.
import type { CreatorRecord } from './workspace.js';

export const CONFIG_FILE = '.connect-certify.json';

export interface SuppressionRule {
  /** Check id the suppression applies to. */
  check: string;
  /** Why this finding is acceptable; required and shown in the report. */
  reason: string;
  /** Optional path (exact, or a prefix ending in '/') the suppression is limited to. */
  file?: string;
  /** Optional finding fingerprint (e.g. a secret's) the suppression is limited to. */
  fingerprint?: string;
}

export interface RepositoryConfig {
  suppressions?: SuppressionRule[];
  /** Free-form allow-lists keyed by check id, read by the check that owns them. */
  allow?: Record<string, string[]>;
  creator?: CreatorRecord;
  only?: string[];
  skip?: string[];
}

export class ConfigError extends Error {}

/** Parses and validates the config file text; throws ConfigError naming the field at fault. */
export function parseRepositoryConfig(text: string, file = CONFIG_FILE): RepositoryConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${file}: not valid JSON (${(error as Error).message})`);
  }
  if (!isObject(raw)) throw new ConfigError(`${file}: must be a JSON object`);
  const known = new Set(['$schema', 'suppressions', 'allow', 'creator', 'only', 'skip']);
  for (const key of Object.keys(raw)) {
    if (!known.has(key)) throw new ConfigError(`${file}: unknown field "${key}" (known: ${[...known].join(', ')})`);
  }
  const config: RepositoryConfig = {};
  if (raw.suppressions !== undefined) {
    if (!Array.isArray(raw.suppressions)) throw new ConfigError(`${file}: "suppressions" must be an array`);
    config.suppressions = raw.suppressions.map((entry, i) => {
      const where = `${file}: suppressions[${i}]`;
      if (!isObject(entry)) throw new ConfigError(`${where} must be an object`);
      if (typeof entry.check !== 'string' || entry.check === '') throw new ConfigError(`${where}.check must name a check id`);
      if (typeof entry.reason !== 'string' || entry.reason.trim().length < 3) {
        throw new ConfigError(`${where}.reason is required: say why this finding is acceptable`);
      }
      const rule: SuppressionRule = { check: entry.check, reason: entry.reason.trim() };
      if (entry.file !== undefined) {
        if (typeof entry.file !== 'string') throw new ConfigError(`${where}.file must be a string`);
        rule.file = entry.file;
      }
      if (entry.fingerprint !== undefined) {
        if (typeof entry.fingerprint !== 'string') throw new ConfigError(`${where}.fingerprint must be a string`);
        rule.fingerprint = entry.fingerprint;
      }
      return rule;
    });
  }
  if (raw.allow !== undefined) {
    if (!isObject(raw.allow)) throw new ConfigError(`${file}: "allow" must be an object of string arrays`);
    config.allow = {};
    for (const [key, list] of Object.entries(raw.allow)) {
      if (!Array.isArray(list) || list.some((v) => typeof v !== 'string')) {
        throw new ConfigError(`${file}: allow.${key} must be an array of strings`);
      }
      config.allow[key] = list as string[];
    }
  }
  if (raw.creator !== undefined) {
    if (!isObject(raw.creator)) throw new ConfigError(`${file}: "creator" must be an object`);
    const creator: CreatorRecord = {};
    for (const key of ['email', 'name', 'company'] as const) {
      const value = raw.creator[key];
      if (value === undefined) continue;
      if (typeof value !== 'string') throw new ConfigError(`${file}: creator.${key} must be a string`);
      creator[key] = value;
    }
    config.creator = creator;
  }
  for (const key of ['only', 'skip'] as const) {
    const value = raw[key];
    if (value === undefined) continue;
    if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
      throw new ConfigError(`${file}: "${key}" must be an array of check ids`);
    }
    config[key] = value as string[];
  }
  return config;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
