// SEC-URLS outside code: URLs in configuration files shipped inside an application folder (JSON,
// YAML, .env), in package.json `config` (exposed to scripts as npm_package_config_*), and in
// connect.yaml configuration defaults. Tool configuration, lock files, schemas, API descriptions,
// translations, templates (.env.example) and test folders are not application configuration.
import type { Severity } from '../../engine/types.js';
import type { Workspace } from '../../engine/workspace.js';
import { connectSpecOf } from '../connect-spec/parse.js';
import { isRecord } from '../packages/package-json.js';
import { basenameOf, isDotenvFile, isDotenvTemplate, isTestPath } from '../secrets/files.js';
import type { CodeApplication } from './index.js';
import { classifyHost, commercetoolsVariableFor, DOCUMENTATION_KEYS, findUrls, NAMESPACE_KEYS, URL_REMEDIATION } from './urls.js';

/** Files larger than this are data, not configuration someone maintains by hand. */
export const MAX_CONFIG_FILE_BYTES = 256 * 1024;

export interface ConfigUrl {
  file: string;
  line: number;
  column: number;
  severity: Severity;
  message: string;
  remediation: string;
  url: string;
  use: string;
}

/** Tool and package-manager files, and documents that describe rather than configure. */
const NOT_APPLICATION_CONFIG = new RegExp(
  [
    '^package(?:-lock)?\\.json$', '^npm-shrinkwrap\\.json$', '^pnpm-(?:lock|workspace)\\.yaml$', '^yarn\\.lock$', '^\\.yarnrc\\.yml$',
    '^[jt]sconfig(?:\\.[\\w-]+)?\\.json$', '^\\.?(?:eslint|prettier|babel|stylelint|lintstaged|commitlint|swc|mocharc|nycrc|c8rc|markdownlint)',
    '^(?:renovate|lerna|nx|turbo|vercel|netlify|now|firebase|app|manifest|cypress|playwright|jest\\.config|vitest\\.config|nodemon|tslint|biome|knip|typedoc|api-extractor|components|codecov|sonar-project)\\.json$',
    '^(?:docker-compose|compose)(?:\\.[\\w-]+)?\\.ya?ml$', '^\\.?(?:gitlab-ci|travis|codecov|mkdocs|dependabot|pre-commit-config|goreleaser)\\.ya?ml$',
    '(?:openapi|swagger|asyncapi|postman)[\\w.-]*\\.(?:json|ya?ml)$', '\\.schema\\.json$', '^schema\\.json$', '\\.(?:graphql|gql)\\.json$',
  ].join('|'),
  'i',
);
const SKIPPED_FOLDERS = /(?:^|\/)(?:node_modules|dist|build|out|public|coverage|\.next|\.nuxt|\.turbo|\.cache|\.connect|\.github|\.vscode|\.idea|\.husky|docs?|locales?|i18n|translations|lang|messages|__snapshots__|schemas?)\//i;
/** node-config and similar: `config/development.json`, `.env.local`: settings for development or tests. */
const DEVELOPMENT_NAMED = /(?:^|[./_-])(?:dev|development|local|test|testing|e2e|ci)(?:[./_-]|$)/i;

function isConfigFile(path: string): 'json' | 'yaml' | 'dotenv' | undefined {
  const name = basenameOf(path);
  if (isDotenvFile(path)) return 'dotenv';
  if (isDotenvTemplate(path) || NOT_APPLICATION_CONFIG.test(name)) return undefined;
  if (/\.(?:json|jsonc|json5)$/i.test(name)) return 'json';
  if (/\.ya?ml$/i.test(name)) return 'yaml';
  return undefined;
}

/** The key on the line before the value (`"apiUrl": "…"`, `apiUrl: …`, `API_URL=…`). */
function keyBefore(line: string, index: number, kind: 'json' | 'yaml' | 'dotenv'): string | undefined {
  const before = line.slice(0, index);
  const m =
    kind === 'json'
      ? /"([^"]+)"\s*:\s*"?[^"]*$/.exec(before)
      : kind === 'yaml'
        ? /(?:^|\s|-\s)["']?([\w$@.-]+)["']?\s*:\s*["']?[^:]*$/.exec(before)
        : /^\s*(?:export\s+)?([\w.-]+)\s*=/.exec(before);
  return m?.[1];
}

function classify(
  file: string,
  url: string,
  host: string,
  key: string | undefined,
  kind: 'json' | 'yaml' | 'dotenv' | 'package-config' | 'connect-default',
): Pick<ConfigUrl, 'severity' | 'message' | 'remediation' | 'use'> | undefined {
  const hostClass = classifyHost(host, url);
  if (hostClass === 'namespace' || hostClass === 'placeholder' || hostClass === 'templated') return undefined;
  if (key !== undefined && (NAMESPACE_KEYS.has(key) || key.startsWith('xmlns'))) return undefined;
  const where = key !== undefined ? `"${key}"` : 'a value';
  if (hostClass === 'documentation' || (key !== undefined && DOCUMENTATION_KEYS.has(key.toLowerCase()))) {
    return { severity: 'info', use: 'documentation', message: `${where} holds the documentation link ${url}`, remediation: URL_REMEDIATION.documentation };
  }
  if (kind === 'connect-default') {
    return {
      severity: 'warning',
      use: 'fallback',
      message: `configuration key ${where} has the built-in default ${url}; every deployment that does not override it uses this host`,
      remediation: 'Leave URL keys without a default (required: true) so each deployment states its own, unless the default is the one public endpoint every merchant uses.',
    };
  }
  if (hostClass === 'loopback') {
    return { severity: 'warning', use: 'development-localhost', message: `${where} points to the local machine (${url}): a development setting`, remediation: URL_REMEDIATION.development };
  }
  if (kind === 'dotenv') {
    return {
      severity: 'warning',
      use: 'fallback',
      message: `${where} is set to ${url} in a committed environment file; dotenv loads it wherever the variable is not set, so it acts as a built-in default`,
      remediation: URL_REMEDIATION.fallback,
    };
  }
  if (DEVELOPMENT_NAMED.test(basenameOf(file))) {
    return { severity: 'warning', use: 'development', message: `${where} holds ${url} in a development or test configuration file`, remediation: URL_REMEDIATION.development };
  }
  if (hostClass === 'commercetools') {
    return {
      severity: 'error',
      use: 'commercetools',
      message: `${where} hardcodes the commercetools URL ${url}; it must come from ${commercetoolsVariableFor(host)}`,
      remediation: URL_REMEDIATION.commercetools,
    };
  }
  return { severity: 'error', use: 'hardcoded', message: `${where} hardcodes the URL ${url} in configuration shipped with the application`, remediation: URL_REMEDIATION.configuration };
}

/** URLs in the configuration files of one application folder. */
export function configurationUrlsOf(ws: Workspace, app: CodeApplication): ConfigUrl[] {
  const out: ConfigUrl[] = [];
  const prefix = app.dir === '' ? '' : `${app.dir}/`;
  for (const entry of ws.filesUnder(app.dir)) {
    const rel = entry.path.slice(prefix.length);
    if (SKIPPED_FOLDERS.test(rel) || isTestPath(rel)) continue;
    const kind = isConfigFile(entry.path);
    if (!kind || entry.size > MAX_CONFIG_FILE_BYTES) continue;
    const text = ws.readText(entry.path);
    if (text === undefined || !text.includes('://')) continue;
    text.split('\n').forEach((line, index) => {
      const trimmed = line.trimStart();
      if ((kind === 'yaml' || kind === 'dotenv') && trimmed.startsWith('#')) return;
      if (kind === 'json' && trimmed.startsWith('//')) return;
      // YAML/.env comments after a value: `url: x # see https://…`
      const content = kind === 'json' ? line : line.replace(/\s#.*$/, '');
      for (const found of findUrls(content)) {
        const key = keyBefore(content, found.index, kind);
        const verdict = classify(entry.path, found.url, found.host, key, kind);
        if (verdict) out.push({ file: entry.path, line: index + 1, column: found.index + 1, url: found.url, ...verdict });
      }
    });
  }
  // package.json `config`: npm exposes it to scripts as npm_package_config_<key>.
  const pkg = app.packageJson;
  const config = pkg.value?.config;
  if (isRecord(config)) {
    const visit = (value: unknown, path: string[]): void => {
      if (typeof value === 'string') {
        for (const found of findUrls(value)) {
          const verdict = classify(pkg.file, found.url, found.host, path[path.length - 1], 'package-config');
          if (verdict) out.push({ file: pkg.file, ...pkg.positionOf(['config', ...path]), url: found.url, ...verdict });
        }
      } else if (Array.isArray(value)) value.forEach((v, i) => visit(v, [...path, String(i)]));
      else if (isRecord(value)) for (const [k, v] of Object.entries(value)) visit(v, [...path, k]);
    };
    visit(config, []);
  }
  return out;
}

/** connect.yaml configuration entries whose `default` is a URL (of the applications built from this folder, and global ones once). */
export function connectDefaultUrlsOf(ws: Workspace): (ConfigUrl & { application?: string })[] {
  const spec = connectSpecOf(ws);
  const out: (ConfigUrl & { application?: string })[] = [];
  const entries = [
    ...spec.spec.globalConfiguration.map((entry) => ({ entry, application: undefined as string | undefined })),
    ...spec.spec.applications.flatMap((app) => app.configuration.map((entry) => ({ entry, application: app.name }))),
  ];
  for (const { entry, application } of entries) {
    if (entry.default === undefined) continue;
    for (const found of findUrls(entry.default)) {
      const verdict = classify(spec.file, found.url, found.host, entry.key, 'connect-default');
      if (!verdict) continue;
      const position = spec.positionOf([...entry.path, 'default']);
      out.push({ file: spec.file, line: position.line, column: position.column, url: found.url, ...verdict, ...(application ? { application } : {}) });
    }
  }
  return out;
}
