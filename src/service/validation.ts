// Request validation with Connect's error codes. Bodies are validated strictly (no type coercion, no
// silently dropped properties: a misspelt field is an error, as it would otherwise be lost); query
// strings are coerced (`limit=20` → 20, one `sort` → [sort]) and get their defaults. Update bodies
// are checked action by action, so an unknown action or a wrong field names the action and its index
// instead of an unreadable `oneOf` failure.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';
import { ConnectError, errors } from './errors.js';
import { ACTION_NAMES, ACTION_SCHEMAS, LIMITS, SHARED_SCHEMAS } from './schemas.js';

// ajv-formats is CommonJS with a default export; under NodeNext the callable is on `.default`.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: Ajv) => Ajv;

function newAjv(options: ConstructorParameters<typeof Ajv>[0]): Ajv {
  const ajv = new Ajv({ allErrors: false, strict: true, discriminator: true, ...options });
  addFormats(ajv);
  for (const schema of SHARED_SCHEMAS) ajv.addSchema(schema);
  return ajv;
}

const bodyAjv = newAjv({ coerceTypes: false, useDefaults: false, removeAdditional: false });
const queryAjv = newAjv({ coerceTypes: 'array', useDefaults: true, removeAdditional: false });

const actionValidators = new Map<string, ValidateFunction>(ACTION_NAMES.map((name) => [name, bodyAjv.getSchema(`${ACTION_SCHEMAS[name]!.$id as string}`)!]));

type HttpPart = 'body' | 'querystring' | 'params' | 'headers' | string;

/** Fastify validator compiler: ajv per part, failures turned into Connect errors. */
export const validatorCompiler: FastifySchemaCompiler<Record<string, unknown>> = ({ schema, httpPart }) => {
  if (httpPart === 'body' && schema.$ref === 'ConnectorUpdate#') return (data: unknown) => checkUpdate(data);
  const ajv = httpPart === 'body' ? bodyAjv : queryAjv;
  const validate = ajv.compile(schema);
  return (data: unknown) => {
    if (validate(data)) return { value: data };
    return { error: toConnectError(httpPart ?? 'body', validate.errors ?? []) };
  };
};

function toConnectError(part: HttpPart, list: ErrorObject[]): ConnectError {
  const detail = describe(list[0], '');
  if (part === 'querystring') return errors.invalidQuery(detail);
  if (part === 'params') return errors.invalidPath(detail);
  return errors.invalidJson(detail);
}

/** `creator.email: must match pattern "…"`, the way a person reads it. */
export function describe(error: ErrorObject | undefined, prefix: string): string {
  if (!error) return 'invalid value';
  const segments = error.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  let where = [prefix, ...segments].filter((s) => s !== '').join('.');
  let message = error.message ?? 'is invalid';
  if (error.keyword === 'additionalProperties') {
    const extra = (error.params as { additionalProperty: string }).additionalProperty;
    where = where ? `${where}.${extra}` : extra;
    message = 'is not a known field';
  } else if (error.keyword === 'required') {
    const missing = (error.params as { missingProperty: string }).missingProperty;
    where = where ? `${where}.${missing}` : missing;
    message = 'is required';
  } else if (error.keyword === 'enum') {
    message = `must be one of ${(error.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
  }
  return where ? `${where}: ${message}` : `request body ${message}`;
}

function checkUpdate(data: unknown): { value: unknown } | { error: ConnectError } {
  const fail = (detail: string) => ({ error: errors.invalidJson(detail) });
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return fail('request body must be an object with "version" and "actions"');
  const body = data as Record<string, unknown>;
  for (const key of Object.keys(body)) if (key !== 'version' && key !== 'actions') return fail(`${key}: is not a known field`);
  if (body.version === undefined) return fail('version: is required');
  if (typeof body.version !== 'number' || !Number.isInteger(body.version) || body.version < 1) return fail('version: must be an integer ≥ 1');
  if (body.actions === undefined) return fail('actions: is required');
  if (!Array.isArray(body.actions)) return fail('actions: must be an array');
  if (body.actions.length > LIMITS.maxActions) return fail(`actions: at most ${LIMITS.maxActions} actions per request`);
  for (const [index, item] of body.actions.entries()) {
    const at = `actions[${index}]`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) return fail(`${at}: must be an object`);
    const name = (item as Record<string, unknown>).action;
    if (name === undefined) return fail(`${at}.action: is required`);
    if (typeof name !== 'string') return fail(`${at}.action: must be a string`);
    const validate = actionValidators.get(name);
    if (!validate) {
      return {
        error: new ConnectError(400, 'InvalidJsonInput', `Unknown update action '${name.slice(0, 64)}'.`, {
          detailedErrorMessage: `${at}.action: unknown action '${name.slice(0, 64)}'; known actions: ${ACTION_NAMES.join(', ')}`,
          actionIndex: index,
        }),
      };
    }
    if (!validate(item)) return fail(describe(validate.errors?.[0], `${at}`) + ` (action ${name})`);
  }
  return { value: data };
}
