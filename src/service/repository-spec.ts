// Reads connect.yaml of a repository at a tag, as Connect does when a ConnectorStaged is created or
// its repository changes, and derives `configurations`, `globalConfiguration` and `apiClient` from
// it. The engine does the work: `cloneTag` (hardened shallow fetch, tag commit pinned) and the
// connect-spec analyzer's parser and validator. Failures become Connect's error codes:
// GitRepositoryNotReachable, ConnectorSpecificationFileNotFound, ConnectorSpecificationFileNotValid.
import { lstat, readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import { CONNECT_YAML, MAX_CONNECT_YAML_BYTES, parseConnectSpec, type ConnectConfigEntry } from '../analyzers/connect-spec/parse.js';
import { validateConnectSpec } from '../analyzers/connect-spec/validate.js';
import { cloneTag, GitUnavailableError, printable, redactCredentials, RepositoryError, type GitOptions } from '../engine/acquire/git.js';
import type {
  ConnectorApiClient,
  ConnectorConfigurationApplication,
  ConnectorGlobalConfiguration,
  SecuredConfigurationKey,
  StandardConfigurationKey,
} from '../store/model.js';
import { ConnectError } from './errors.js';

/** Diagnostics quoted in a ConnectorSpecificationFileNotValid error (the full list is in `diagnostics`). */
export const MAX_QUOTED_DIAGNOSTICS = 5;
/** Cap on the diagnostics returned in the error body. */
export const MAX_RETURNED_DIAGNOSTICS = 50;

export interface ResolvedRepository {
  url: string;
  tag: string;
  commit: string;
  configurations: ConnectorConfigurationApplication[];
  globalConfiguration?: ConnectorGlobalConfiguration;
  apiClient?: ConnectorApiClient;
}

export type RepositoryResolver = (url: string, tag: string) => Promise<ResolvedRepository>;

export interface ResolverOptions {
  allowLocalRepositories?: boolean;
  cloneTimeoutMs?: number;
}

export function createRepositoryResolver(options: ResolverOptions = {}): RepositoryResolver {
  return (url, tag) => resolveRepository(url, tag, options);
}

export async function resolveRepository(url: string, tag: string, options: ResolverOptions = {}): Promise<ResolvedRepository> {
  const gitOptions: GitOptions = { allowLocal: options.allowLocalRepositories ?? false };
  if (options.cloneTimeoutMs !== undefined) gitOptions.timeoutMs = options.cloneTimeoutMs;
  let clone;
  try {
    clone = await cloneTag(url, tag, gitOptions);
  } catch (error) {
    if (error instanceof RepositoryError) {
      // The caller's URL is echoed back, but never a password someone put into it.
      throw new ConnectError(400, 'GitRepositoryNotReachable', `Git repository '${shown(url)}' at tag '${shown(tag)}' is not reachable: ${redactCredentials(error.message)}`, {
        requirement: error.requirement,
      });
    }
    if (error instanceof GitUnavailableError) throw new ConnectError(500, 'General', 'Git is not available on the certification service.');
    throw error;
  }
  try {
    const text = await readConnectYaml(clone.dir, url, tag);
    const parse = parseConnectSpec(text);
    const problems = validateConnectSpec(parse).filter((d) => d.severity === 'error');
    if (problems.length > 0) {
      const quoted = problems.slice(0, MAX_QUOTED_DIAGNOSTICS).map((d) => `${d.field}: ${d.message}${d.line ? ` (line ${d.line}${d.column ? `, column ${d.column}` : ''})` : ''}`);
      const more = problems.length > MAX_QUOTED_DIAGNOSTICS ? ` (and ${problems.length - MAX_QUOTED_DIAGNOSTICS} more)` : '';
      throw new ConnectError(400, 'ConnectorSpecificationFileNotValid', `${CONNECT_YAML} at tag '${tag}' is not valid: ${quoted.join('; ')}${more}`, {
        diagnostics: problems.slice(0, MAX_RETURNED_DIAGNOSTICS).map((d) => ({ field: d.field, message: d.message, ...(d.line ? { line: d.line } : {}), ...(d.column ? { column: d.column } : {}) })),
      });
    }
    const spec = parse.spec;
    const resolved: ResolvedRepository = {
      url,
      tag,
      commit: clone.commit,
      configurations: spec.applications.map((app) => ({
        applicationName: app.name,
        applicationType: app.applicationType,
        ...configurationOf(app.configuration),
      })),
    };
    if (spec.globalConfiguration.length > 0) resolved.globalConfiguration = configurationOf(spec.globalConfiguration);
    if (spec.apiClientScopes) resolved.apiClient = { scopes: [...spec.apiClientScopes] };
    return resolved;
  } finally {
    await clone.cleanup();
  }
}

async function readConnectYaml(dir: string, url: string, tag: string): Promise<string> {
  const file = path.join(dir, CONNECT_YAML);
  const notFound = () =>
    new ConnectError(400, 'ConnectorSpecificationFileNotFound', `${CONNECT_YAML} was not found at the root of '${shown(url)}' at tag '${shown(tag)}'.`);
  let stats;
  try {
    stats = await lstat(file);
  } catch {
    throw notFound();
  }
  if (stats.isSymbolicLink()) {
    // A symlink may point anywhere on this machine; follow it only while it stays inside the clone.
    const [target, root] = await Promise.all([realpath(file).catch(() => ''), realpath(dir)]);
    if (!target || !target.startsWith(root + path.sep)) throw notFound();
    stats = await lstat(target);
  }
  if (!stats.isFile()) throw notFound();
  if (stats.size > MAX_CONNECT_YAML_BYTES) {
    throw new ConnectError(400, 'ConnectorSpecificationFileNotValid', `${CONNECT_YAML} is larger than ${MAX_CONNECT_YAML_BYTES} bytes.`);
  }
  return readFile(file, 'utf8');
}

function shown(text: string): string {
  return printable(redactCredentials(text));
}

function configurationOf(entries: ConnectConfigEntry[]): { standardConfiguration: StandardConfigurationKey[]; securedConfiguration: SecuredConfigurationKey[] } {
  const standardConfiguration: StandardConfigurationKey[] = [];
  const securedConfiguration: SecuredConfigurationKey[] = [];
  for (const entry of entries) {
    const base = { key: entry.key, description: entry.description ?? '', ...(entry.required !== undefined ? { required: entry.required } : {}) };
    if (entry.secured) securedConfiguration.push(base);
    else standardConfiguration.push({ ...base, ...(entry.default !== undefined ? { default: entry.default } : {}) });
  }
  return { standardConfiguration, securedConfiguration };
}
