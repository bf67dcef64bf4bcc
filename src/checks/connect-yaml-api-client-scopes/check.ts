// inheritAs.apiClient.scopes: no manage_api_clients, no duplicates, only scope-shaped strings.
import { defineCheck } from '../../engine/types.js';
import { connectSpecOf } from '../../analyzers/connect-spec/parse.js';
import { apiClientOf, locate } from '../../analyzers/connect-spec/locate.js';

/** Scopes that must never be requested by a connector (the deploying client needs it; Connect's docs forbid it here). */
export const FORBIDDEN_SCOPES: readonly string[] = ['manage_api_clients'];
/** A commercetools scope: `name` or `name:projectKey`. */
export const SCOPE_SHAPE = /^[A-Za-z0-9_]+(?::[A-Za-z0-9_-]+)?$/;

export default defineCheck({
  id: 'connect-yaml/api-client-scopes',
  requirement: 'DEPLOY-SPEC',
  title: 'API client scopes are valid and do not include manage_api_clients',
  rationale:
    'With inheritAs.apiClient Connect creates an API client with the listed scopes at deploy time. Connect’s docs say ' +
    'manage_api_clients belongs to the client that creates the deployment and must not be put in connect.yaml (error). ' +
    'The schema only requires non-empty strings, so duplicates and strings that are not scope-shaped (name or ' +
    'name:projectKey, e.g. "manage_orders") pass it; they are warnings.',
  remediation: 'Remove manage_api_clients and duplicates from inheritAs.apiClient.scopes; list scopes such as manage_orders or view_products.',
  run(ctx) {
    const parse = connectSpecOf(ctx.workspace);
    const scopes = apiClientOf(parse)?.scopes;
    if (!Array.isArray(scopes)) return;
    const seen = new Map<string, number>();
    scopes.forEach((scope: unknown, index: number) => {
      if (typeof scope !== 'string') return;
      const path = ['inheritAs', 'apiClient', 'scopes', index];
      const field = `${parse.file} inheritAs.apiClient.scopes.${index}`;
      const name = scope.split(':')[0]!;
      if (FORBIDDEN_SCOPES.includes(name)) {
        ctx.report({
          severity: 'error',
          message: `${field}: "${scope}" must not be requested in connect.yaml (the client that creates the deployment needs it, not the connector)`,
          ...locate(parse, path),
        });
      } else if (!SCOPE_SHAPE.test(scope)) {
        ctx.report({
          severity: 'warning',
          message: `${field}: ${JSON.stringify(scope.length > 60 ? `${scope.slice(0, 60)}…` : scope)} is not a scope (expected name or name:projectKey, e.g. manage_orders)`,
          ...locate(parse, path),
        });
      }
      const first = seen.get(scope);
      if (first === undefined) seen.set(scope, index);
      else {
        ctx.report({ severity: 'warning', message: `${field}: "${scope}" is listed twice (also scopes.${first})`, ...locate(parse, path) });
      }
    });
  },
});
