// Scopes as commercetools writes them (`{name}:{projectKey}`), plus the service's own
// `certify_connectors` for the Connect team's reviewers. A client belongs to at most one project:
// ConnectorStaged paths carry no project key, so the project comes from the token's scopes.

export const REVIEWER_SCOPE = 'certify_connectors';

/** Project scopes a client may hold (connect-reference.md §D.1). */
export const PROJECT_SCOPE_NAMES = [
  'manage_project',
  'manage_connectors',
  'view_connectors',
  'manage_connectors_deployments',
  'view_connectors_deployments',
  'manage_api_clients',
] as const;

/** Scopes that allow reading ConnectorStaged / Connector resources of the project. */
const VIEW_SCOPES = new Set(['manage_project', 'manage_connectors', 'view_connectors']);
/** Scopes that allow changing them. */
const MANAGE_SCOPES = new Set(['manage_project', 'manage_connectors']);

const PROJECT_KEY = /^[a-zA-Z0-9_-]{2,36}$/;

export interface ParsedScope {
  name: string;
  projectKey?: string;
}

export function parseScope(scope: string): ParsedScope | undefined {
  if (scope === REVIEWER_SCOPE) return { name: scope };
  const colon = scope.indexOf(':');
  if (colon === -1) return undefined;
  const name = scope.slice(0, colon);
  const projectKey = scope.slice(colon + 1);
  if (!(PROJECT_SCOPE_NAMES as readonly string[]).includes(name) || !PROJECT_KEY.test(projectKey)) return undefined;
  return { name, projectKey };
}

/** Why a client cannot be created with these scopes, or undefined when they are acceptable. */
export function clientScopesProblem(scopes: string[]): string | undefined {
  if (scopes.length === 0) return 'at least one scope is required';
  const projects = new Set<string>();
  for (const scope of scopes) {
    const parsed = parseScope(scope);
    if (!parsed) {
      return `unknown scope "${scope}"; use ${PROJECT_SCOPE_NAMES.map((n) => `${n}:{projectKey}`).join(', ')} or ${REVIEWER_SCOPE}`;
    }
    if (parsed.projectKey) projects.add(parsed.projectKey);
  }
  if (projects.size > 1) return `a client belongs to one project; these scopes name ${[...projects].join(', ')}`;
  return undefined;
}

/** The caller of a request, as its token's scopes describe it. */
export interface Principal {
  clientId: string;
  scopes: string[];
  /** The project whose connectors the caller works on (undefined for a reviewer-only client). */
  projectKey?: string;
  canView: boolean;
  canManage: boolean;
  /** Holds `certify_connectors`: reads every connector, comments on them, runs the review workflow. */
  reviewer: boolean;
}

export function principalOf(clientId: string, scopes: string[]): Principal {
  let projectKey: string | undefined;
  let canView = false;
  let canManage = false;
  let reviewer = false;
  for (const scope of scopes) {
    const parsed = parseScope(scope);
    if (!parsed) continue;
    if (parsed.name === REVIEWER_SCOPE) reviewer = true;
    if (!parsed.projectKey) continue;
    projectKey ??= parsed.projectKey;
    if (parsed.projectKey !== projectKey) continue;
    if (VIEW_SCOPES.has(parsed.name)) canView = true;
    if (MANAGE_SCOPES.has(parsed.name)) canManage = true;
  }
  return { clientId, scopes, ...(projectKey !== undefined ? { projectKey } : {}), canView, canManage, reviewer };
}
