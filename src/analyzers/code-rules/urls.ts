// Finding URLs in text and telling endpoints from everything else that looks like a URL: XML and
// JSON-schema namespaces, reserved example hosts, documentation links, the machine itself. Shared by
// the code rule (rules/urls.ts) and the configuration-file scan of the sec/urls check.
import allowlist from './data/url-allowlist.json' with { type: 'json' };

export const URL_ALLOWLIST = allowlist;
const NAMESPACE_HOSTS: ReadonlySet<string> = new Set(allowlist.namespaceHosts);
const PLACEHOLDER_HOSTS: ReadonlySet<string> = new Set(allowlist.placeholderHosts);
const DOCUMENTATION_HOSTS: ReadonlySet<string> = new Set(allowlist.documentationHosts);
const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(allowlist.loopbackHosts);
export const NAMESPACE_KEYS: ReadonlySet<string> = new Set(allowlist.namespaceKeys);
export const DOCUMENTATION_KEYS: ReadonlySet<string> = new Set(allowlist.documentationKeys.map((k) => k.toLowerCase()));
const COMMERCETOOLS_HOST = new RegExp(allowlist.commercetoolsHostPattern, 'i');
const COMMERCETOOLS_VARIABLES: Readonly<Record<string, string>> = allowlist.commercetoolsVariables;

/** Stands for a template substitution inside a URL (`https://api.${region}.x.com`). */
export const SUBSTITUTION = '\u0000';

/** http, https, ws, wss URLs; stops at whitespace, quotes, brackets and the characters that end URLs in prose. */
const URL_PATTERN = /\b(?:https?|wss?):\/\/(?:\[[0-9a-fA-F:.]+\])?[^\s"'`<>{}|\\^[\]]*/gi;

export interface FoundUrl {
  url: string;
  /** Offset of the URL in the text searched. */
  index: number;
  /** Lower-case host without user info and port; may contain SUBSTITUTION. */
  host: string;
}

/** URLs in a piece of text (a string literal's value, a template skeleton, a configuration line). */
export function findUrls(text: string): FoundUrl[] {
  if (!text.includes('://')) return [];
  const out: FoundUrl[] = [];
  for (const match of text.matchAll(URL_PATTERN)) {
    const url = match[0].replace(/[.,;:!?)'"]+$/, '');
    const host = hostOf(url);
    if (host === '' || !/[a-z0-9]/i.test(host.replaceAll(SUBSTITUTION, ''))) continue;
    out.push({ url, index: match.index, host });
  }
  return out;
}

function hostOf(url: string): string {
  const after = url.slice(url.indexOf('://') + 3);
  const authority = after.split(/[/?#]/, 1)[0] ?? '';
  const hostPort = authority.includes('@') ? authority.slice(authority.lastIndexOf('@') + 1) : authority;
  if (hostPort.startsWith('[')) return hostPort.slice(0, hostPort.indexOf(']') + 1).toLowerCase();
  return hostPort.replace(/:[^:]*$/, '').toLowerCase();
}

export type HostClass = 'namespace' | 'placeholder' | 'documentation' | 'loopback' | 'commercetools' | 'templated' | 'endpoint';

/** What a host says about the URL, before looking at where it is used. */
export function classifyHost(host: string, url: string): HostClass {
  if (host.includes(SUBSTITUTION)) {
    // `https://${host}/x`: the host is all configuration; `https://api.${region}.commercetools.com`: a pattern.
    const fixed = host.split(SUBSTITUTION).join('');
    return /[a-z]{2,}\.[a-z]{2,}/i.test(fixed) ? 'templated' : 'placeholder';
  }
  if (/[$%*<>]/.test(host) || host.includes('...') || /^your[-.]|[-.]your[-.]/.test(host)) return 'placeholder';
  if (NAMESPACE_HOSTS.has(host) || [...NAMESPACE_HOSTS].some((h) => h.includes('/') && `${host}${pathOf(url)}`.startsWith(h))) return 'namespace';
  if (PLACEHOLDER_HOSTS.has(host) || allowlist.placeholderSuffixes.some((s) => host.endsWith(s))) return 'placeholder';
  if (LOOPBACK_HOSTS.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host) || host.endsWith('.localhost')) return 'loopback';
  // `https://x`, `http://dummy`: a single label is never a public endpoint (parse bases, test values).
  if (!host.includes('.') && !host.startsWith('[')) return 'placeholder';
  if (DOCUMENTATION_HOSTS.has(host) || allowlist.documentationHostPrefixes.some((p) => host.startsWith(p))) return 'documentation';
  if (COMMERCETOOLS_HOST.test(host)) return 'commercetools';
  return 'endpoint';
}

function pathOf(url: string): string {
  const after = url.slice(url.indexOf('://') + 3);
  const slash = after.search(/[/?#]/);
  return slash === -1 ? '' : after.slice(slash);
}

/** Configuration that should hold a commercetools host: `api.europe-west1.gcp.commercetools.com` → CTP_API_URL. */
export function commercetoolsVariableFor(host: string): string {
  const first = host.split('.')[0] ?? '';
  return COMMERCETOOLS_VARIABLES[first] ?? 'CTP_API_URL / CTP_AUTH_URL';
}

/** The URL sits inside prose ("see https://… for details"): text around it, not an endpoint on its own. */
export function isInProse(text: string, found: FoundUrl): boolean {
  const rest = `${text.slice(0, found.index)} ${text.slice(found.index + found.url.length)}`.replaceAll(SUBSTITUTION, ' ');
  return /[A-Za-z]{2,}[,:;]?\s+[A-Za-z]{2,}/.test(rest);
}

/** `xmlns="http://…"` or `xmlns:xs="…"` right before the URL. */
export function isXmlNamespaceAttribute(text: string, found: FoundUrl): boolean {
  return /xmlns(?::[\w-]+)?\s*=\s*["']?$/.test(text.slice(Math.max(0, found.index - 40), found.index));
}

export const URL_REMEDIATION = {
  hardcoded:
    'Declare the URL as a configuration key in connect.yaml (standardConfiguration, or securedConfiguration if it embeds credentials) and read it from process.env at run time, so each deployment sets its own.',
  commercetools:
    'Read commercetools hosts from configuration: CTP_API_URL for the HTTP API and CTP_AUTH_URL for tokens (declare them in connect.yaml, usually under inheritAs); never assume a region or cloud.',
  fallback:
    'Remove the built-in default so the deployment configuration is the only source: declare the key in connect.yaml (required, or with its `default:` there) and fail clearly at start-up when it is missing.',
  templated:
    'The host is assembled from a pattern with a configured part (e.g. the region); read the complete URL from configuration instead (CTP_API_URL, CTP_AUTH_URL or your own key in connect.yaml).',
  development:
    'Development endpoints belong in local configuration (an uncommitted .env), not in shipped code; read the URL from process.env in every environment.',
  documentation: 'Nothing to change if this link is documentation shown to people; it is reported for the reviewer only.',
  configuration:
    'Configuration files shipped inside an application folder are part of the application: move the URL into connect.yaml configuration and read it from the environment.',
} as const;
