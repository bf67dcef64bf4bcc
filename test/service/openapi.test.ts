// /openapi.json is a valid OpenAPI 3.1 document generated from the route schemas, and it tells the
// truth: its structure is checked against the OpenAPI 3.1 rules it relies on (a structural schema
// below, plus the cross-references a schema cannot express), every embedded schema is a valid JSON
// Schema 2020-12, and real responses of the running server validate against the documented schemas.
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishedFrom } from '../../src/pipeline/state.js';
import { createFixtureRepository, draftFor, startService, type FixtureRepository, type TestService } from './helpers.js';

const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv2020) => Ajv2020;

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const extensions = { patternProperties: { '^x-': true } };

/** The parts of the OpenAPI 3.1 specification (§4.8) this service's document uses, as a JSON Schema. */
const OPENAPI_31_STRUCTURE = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  required: ['openapi', 'info'],
  anyOf: [{ required: ['paths'] }, { required: ['components'] }, { required: ['webhooks'] }],
  properties: {
    openapi: { type: 'string', pattern: '^3\\.1\\.\\d+(-.+)?$' },
    info: {
      type: 'object',
      required: ['title', 'version'],
      properties: { title: { type: 'string' }, version: { type: 'string' }, description: { type: 'string' }, summary: { type: 'string' } },
      ...extensions,
      unevaluatedProperties: false,
    },
    jsonSchemaDialect: { type: 'string' },
    servers: { type: 'array' },
    paths: { type: 'object', propertyNames: { pattern: '^/' }, additionalProperties: { $ref: '#/$defs/pathItem' } },
    webhooks: { type: 'object' },
    components: {
      type: 'object',
      properties: {
        schemas: { type: 'object', additionalProperties: { type: ['object', 'boolean'] } },
        securitySchemes: { type: 'object', additionalProperties: { $ref: '#/$defs/securityScheme' } },
      },
      ...extensions,
      unevaluatedProperties: false,
    },
    security: { $ref: '#/$defs/security' },
    tags: { type: 'array', items: { type: 'object', required: ['name'] } },
    externalDocs: { type: 'object' },
  },
  ...extensions,
  unevaluatedProperties: false,
  $defs: {
    pathItem: {
      type: 'object',
      properties: {
        summary: { type: 'string' },
        description: { type: 'string' },
        parameters: { type: 'array', items: { $ref: '#/$defs/parameter' } },
        ...Object.fromEntries(HTTP_METHODS.map((m) => [m, { $ref: '#/$defs/operation' }])),
      },
      ...extensions,
      unevaluatedProperties: false,
    },
    operation: {
      type: 'object',
      required: ['responses'],
      properties: {
        tags: { type: 'array', items: { type: 'string' } },
        summary: { type: 'string' },
        description: { type: 'string' },
        operationId: { type: 'string' },
        parameters: { type: 'array', items: { $ref: '#/$defs/parameter' } },
        requestBody: {
          type: 'object',
          required: ['content'],
          properties: { description: { type: 'string' }, required: { type: 'boolean' }, content: { $ref: '#/$defs/content' } },
          ...extensions,
          unevaluatedProperties: false,
        },
        responses: {
          type: 'object',
          minProperties: 1,
          propertyNames: { pattern: '^([1-5](\\d\\d|XX)|default)$' },
          additionalProperties: {
            type: 'object',
            required: ['description'],
            properties: { description: { type: 'string' }, headers: { type: 'object' }, content: { $ref: '#/$defs/content' }, links: { type: 'object' } },
            ...extensions,
            unevaluatedProperties: false,
          },
        },
        security: { $ref: '#/$defs/security' },
        deprecated: { type: 'boolean' },
      },
      ...extensions,
      unevaluatedProperties: false,
    },
    parameter: {
      type: 'object',
      required: ['name', 'in'],
      properties: {
        name: { type: 'string' },
        in: { enum: ['query', 'header', 'path', 'cookie'] },
        description: { type: 'string' },
        required: { type: 'boolean' },
        deprecated: { type: 'boolean' },
        style: { type: 'string' },
        explode: { type: 'boolean' },
        schema: { type: ['object', 'boolean'] },
      },
      if: { properties: { in: { const: 'path' } } },
      then: { required: ['required'], properties: { required: { const: true } } },
      ...extensions,
      unevaluatedProperties: false,
    },
    content: {
      type: 'object',
      propertyNames: { pattern: '^[a-z]+/[a-z0-9.+-]+$' },
      additionalProperties: {
        type: 'object',
        properties: { schema: { type: ['object', 'boolean'] }, example: true, examples: { type: 'object' }, encoding: { type: 'object' } },
        ...extensions,
        unevaluatedProperties: false,
      },
    },
    securityScheme: {
      type: 'object',
      required: ['type'],
      properties: { type: { enum: ['apiKey', 'http', 'mutualTLS', 'oauth2', 'openIdConnect'] }, description: { type: 'string' } },
      allOf: [
        { if: { properties: { type: { const: 'http' } } }, then: { required: ['scheme'], properties: { scheme: { type: 'string' }, bearerFormat: { type: 'string' } } } },
        {
          if: { properties: { type: { const: 'oauth2' } } },
          then: {
            required: ['flows'],
            properties: {
              flows: {
                type: 'object',
                properties: {
                  clientCredentials: {
                    type: 'object',
                    required: ['tokenUrl', 'scopes'],
                    properties: { tokenUrl: { type: 'string' }, refreshUrl: { type: 'string' }, scopes: { type: 'object', additionalProperties: { type: 'string' } } },
                  },
                },
              },
            },
          },
        },
      ],
    },
    security: { type: 'array', items: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } } },
  },
};

/** JSON Schema 2020-12 keywords plus the OpenAPI vocabulary a schema may carry. */
const SCHEMA_KEYWORDS = new Set([
  '$id', '$schema', '$ref', '$defs', '$anchor', '$comment', 'type', 'enum', 'const', 'properties', 'required', 'additionalProperties',
  'patternProperties', 'propertyNames', 'items', 'prefixItems', 'minItems', 'maxItems', 'uniqueItems', 'contains', 'minLength', 'maxLength',
  'pattern', 'format', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf', 'oneOf', 'anyOf', 'allOf', 'not',
  'if', 'then', 'else', 'description', 'title', 'default', 'examples', 'readOnly', 'writeOnly', 'deprecated', 'minProperties',
  'maxProperties', 'unevaluatedProperties', 'unevaluatedItems', 'dependentRequired', 'dependentSchemas',
  // OpenAPI vocabulary
  'discriminator', 'xml', 'externalDocs', 'example',
]);

describe('OpenAPI document', () => {
  let service: TestService;
  let repository: FixtureRepository;
  let doc: any;

  beforeAll(async () => {
    repository = createFixtureRepository();
    service = await startService('sqlite');
    const response = await service.request('GET', '/openapi.json');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    doc = response.body;
  });
  afterAll(async () => {
    await service?.close();
    repository?.dispose();
  });

  it('has the OpenAPI 3.1 structure', () => {
    const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
    const validate = ajv.compile(OPENAPI_31_STRUCTURE);
    const valid = validate(doc);
    expect(validate.errors ?? [], JSON.stringify(validate.errors?.slice(0, 5), null, 1)).toEqual([]);
    expect(valid).toBe(true);
    expect(doc.openapi).toBe('3.1.0');
    // The structural schema does reject broken documents.
    const broken = (mutate: (d: any) => void) => {
      const copy = structuredClone(doc);
      mutate(copy);
      return validate(copy);
    };
    expect(broken((d) => delete d.info.title)).toBe(false);
    expect(broken((d) => (d.openapi = '3.0.3'))).toBe(false);
    expect(broken((d) => (d.paths['/connectors/drafts/{id}'].get.parameters[0].required = false))).toBe(false);
    expect(broken((d) => (d.paths['/health'].get.responses['200'] = {}))).toBe(false);
    expect(broken((d) => (d.paths['/health'].get.requestBody = { content: {} , bogus: 1 }))).toBe(false);
  });

  it('documents every route of the API, with unique operation ids', () => {
    const operations = Object.entries(doc.paths as Record<string, Record<string, any>>).flatMap(([path, item]) =>
      Object.keys(item)
        .filter((k) => HTTP_METHODS.includes(k))
        .map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(operations.sort()).toEqual(
      [
        'POST /oauth/token',
        'POST /oauth/introspect',
        'GET /health',
        'POST /connectors/drafts',
        'GET /connectors/drafts',
        'GET /connectors/drafts/{id}',
        'POST /connectors/drafts/{id}',
        'DELETE /connectors/drafts/{id}',
        'GET /connectors/drafts/key={key}',
        'POST /connectors/drafts/key={key}',
        'DELETE /connectors/drafts/key={key}',
        'GET /connectors/{id}',
        'GET /connectors/key={key}',
        'GET /connectors/search',
        'GET /reviews',
        'GET /reviews/{id}',
        'POST /reviews/{id}/claim',
        'POST /reviews/{id}/checklist',
        'POST /reviews/{id}/notes',
        'POST /reviews/{id}/approve',
        'POST /reviews/{id}/reject',
        'GET /reports/{runId}',
      ].sort(),
    );
    const ids = Object.values(doc.paths as Record<string, Record<string, any>>).flatMap((item) => Object.values(item).map((op) => op.operationId));
    expect(ids.every((id) => typeof id === 'string' && id !== '')).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    // Every update action of the Connect API is documented.
    const actions = doc.components.schemas.ConnectorUpdateAction.oneOf.map((s: { $ref: string }) => s.$ref.split('/').pop());
    expect(actions).toHaveLength(19);
  });

  it('declares every path parameter of each template, and only those', () => {
    for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, any>>)) {
      const inTemplate = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]).sort();
      for (const [method, operation] of Object.entries(item)) {
        const declared = ((operation.parameters ?? []) as { in: string; name: string }[]).filter((p) => p.in === 'path').map((p) => p.name).sort();
        expect(declared, `${method} ${path}`).toEqual(inTemplate);
      }
    }
  });

  it('resolves every $ref and every security requirement', () => {
    const refs: string[] = [];
    const walk = (node: unknown) => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === 'object') {
        for (const [key, value] of Object.entries(node)) {
          if (key === '$ref' && typeof value === 'string') refs.push(value);
          else walk(value);
        }
      }
    };
    walk(doc);
    expect(refs.length).toBeGreaterThan(50);
    for (const ref of refs) {
      expect(ref.startsWith('#/'), ref).toBe(true);
      const target = ref
        .slice(2)
        .split('/')
        .reduce<any>((node, part) => node?.[part.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
      expect(target, ref).toBeDefined();
    }
    const schemes = doc.components.securitySchemes;
    const oauthScopes = Object.keys(schemes.oauth2.flows.clientCredentials.scopes);
    for (const item of Object.values(doc.paths as Record<string, Record<string, any>>)) {
      for (const operation of Object.values(item)) {
        for (const requirement of (operation.security ?? []) as Record<string, string[]>[]) {
          for (const [scheme, scopes] of Object.entries(requirement)) {
            expect(schemes[scheme], scheme).toBeDefined();
            if (scheme === 'oauth2') for (const scope of scopes) expect(oauthScopes).toContain(scope);
          }
        }
      }
    }
  });

  it('embeds only valid JSON Schema 2020-12 schemas', () => {
    const ajv = new Ajv2020({ strict: false });
    const schemas: unknown[] = [...Object.values(doc.components.schemas)];
    for (const item of Object.values(doc.paths as Record<string, Record<string, any>>)) {
      for (const operation of Object.values(item)) {
        for (const parameter of operation.parameters ?? []) schemas.push(parameter.schema);
        for (const media of Object.values(operation.requestBody?.content ?? {}) as { schema: unknown }[]) schemas.push(media.schema);
        for (const response of Object.values(operation.responses) as { content?: Record<string, { schema: unknown }> }[]) {
          for (const media of Object.values(response.content ?? {})) schemas.push(media.schema);
        }
      }
    }
    const unknownKeywords = new Set<string>();
    const walk = (schema: unknown) => {
      if (!schema || typeof schema !== 'object') return;
      for (const [key, value] of Object.entries(schema)) {
        if (!SCHEMA_KEYWORDS.has(key)) unknownKeywords.add(key);
        if (['properties', 'patternProperties', '$defs'].includes(key)) Object.values(value as object).forEach(walk);
        else if (['items', 'additionalProperties', 'not', 'if', 'then', 'else', 'propertyNames', 'contains', 'unevaluatedProperties'].includes(key)) walk(value);
        else if (['oneOf', 'anyOf', 'allOf', 'prefixItems'].includes(key)) (value as unknown[]).forEach(walk);
      }
    };
    for (const schema of schemas) {
      expect(ajv.validateSchema(schema as object), JSON.stringify(ajv.errors)).toBe(true);
      walk(schema);
    }
    expect([...unknownKeywords]).toEqual([]);
  });

  it('matches what the server really sends', async () => {
    const ajv = new Ajv2020({ strict: false, discriminator: true });
    addFormats(ajv);
    ajv.addSchema({ ...doc, $id: 'urn:connect-certify:openapi' });
    const check = (name: string, value: unknown) => {
      const validate = ajv.getSchema(`urn:connect-certify:openapi#/components/schemas/${name}`)!;
      expect(validate(value), `${name}: ${JSON.stringify(validate.errors)}`).toBe(true);
    };

    const token = await service.token(['manage_connectors:openapi-proj', 'view_connectors:openapi-proj']);
    const created = await service.request('POST', '/connectors/drafts', { token, body: draftFor(repository.url, { key: 'openapi-conformance', documentationUrl: 'https://docs.example.com' }) });
    check('ConnectorStaged', created.body);
    const commented = await service.request('POST', `/connectors/drafts/${created.body.id}`, {
      token,
      body: { version: 1, actions: [{ action: 'addCertificationComment', comment: 'ready' }, { action: 'updatePreviewable' }] },
    });
    check('ConnectorStaged', commented.body);
    check('ConnectorStagedPagedQueryResponse', (await service.request('GET', '/connectors/drafts', { token })).body);
    check('ErrorResponse', (await service.request('GET', '/connectors/drafts/key=missing', { token })).body);
    check('ErrorResponse', (await service.request('POST', `/connectors/drafts/${created.body.id}`, { token, rawBody: '{' })).body);

    const record = (await service.store.connectors.findStaged({ id: created.body.id }))!;
    await service.store.connectors.upsertPublished(publishedFrom(record, { certified: true, listed: true, now: new Date().toISOString() }));
    check('Connector', (await service.request('GET', `/connectors/${created.body.id}`, { token })).body);
    check('ConnectorSearchPagedQueryResponse', (await service.request('GET', '/connectors/search?text=good', { token })).body);

    // Every update action the document describes is accepted by the server's own validation.
    check('ConnectorUpdate', { version: 1, actions: [{ action: 'setName', name: 'x' }, { action: 'publish', certification: true }] });
    const invalid = ajv.getSchema('urn:connect-certify:openapi#/components/schemas/ConnectorUpdate')!;
    expect(invalid({ version: 1, actions: [{ action: 'setKey', key: 'x' }] })).toBe(false);
  });
});
