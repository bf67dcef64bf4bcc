// Endpoints and health-check paths longer than 256 characters: the official regex means to forbid them but does not.
import { defineCheck } from '../../engine/types.js';
import { connectSpecOf } from '../../analyzers/connect-spec/parse.js';
import { locate } from '../../analyzers/connect-spec/locate.js';

/** The `{0,256}` of Connect's endpoint pattern, and the bound of names and keys in its API. */
export const MAX_ENDPOINT_LENGTH = 256;

export default defineCheck({
  id: 'connect-yaml/endpoint-length',
  requirement: 'DEPLOY-SPEC',
  title: 'Endpoints are at most 256 characters',
  rationale:
    "Connect's endpoint pattern ^(?!$)([a-zA-Z0-9_\\-/]{0,256})+$ is meant to bound an endpoint to 256 characters, but the " +
    'outer + repeats the group, so any length passes the schema. A longer endpoint or healthCheck.path is almost certainly ' +
    'a mistake and is not guaranteed to be accepted by the backend.',
  remediation: 'Shorten the endpoint (or healthCheck.path) to at most 256 characters.',
  run(ctx) {
    const parse = connectSpecOf(ctx.workspace);
    for (const app of parse.spec.applications) {
      const values: [string, string | undefined, (string | number)[]][] = [
        ['endpoint', app.endpoint, ['deployAs', app.index, 'endpoint']],
        ['healthCheck.path', app.healthCheckPath, ['deployAs', app.index, 'healthCheck', 'path']],
      ];
      for (const [what, value, path] of values) {
        if (value === undefined || value.length <= MAX_ENDPOINT_LENGTH) continue;
        ctx.report({
          severity: 'error',
          message: `${parse.file} deployAs.${app.index}.${what}: is ${value.length} characters long (limit ${MAX_ENDPOINT_LENGTH})`,
          ...locate(parse, path),
          ...(app.name ? { application: app.name } : {}),
        });
      }
    }
  },
});
