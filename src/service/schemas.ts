// JSON Schemas (2020-12 compatible) of every body, query and response of the API. They serve three
// purposes at once: request validation (schema → 400 with Connect's error codes), response
// serialisation (Fastify's fast-json-stringify), and the OpenAPI 3.1 document at /openapi.json.
// Shared schemas carry an `$id` and become `components.schemas` entries.

/** Limits the contract does not state; generous, but bounded so a request cannot be arbitrarily large. */
export const LIMITS = {
  nameLength: 256,
  descriptionLength: 4096,
  urlLength: 2048,
  textLength: 256,
  commentLength: 4096,
  maxActions: 100,
  maxListItems: 100,
  /** Query results (Connect: limit 0–500, offset ≤ 10,000). */
  maxLimit: 500,
  defaultLimit: 20,
  maxOffset: 10_000,
} as const;

export const INTEGRATION_TYPES = ['tax', 'marketplace', 'oms', 'psp', 'pim', 'promotion', 'search', 'erp', 'crm', 'email', 'analytics', 'shipping', 'giftcard', 'other'] as const;
export const REGIONS = ['europe-west1.gcp', 'us-central1.gcp', 'australia-southeast1.gcp', 'us-east-2.aws', 'eu-central-1.aws'] as const;
export const CONNECTOR_STATUS_VALUES = ['Draft', 'Processing', 'ReadyForCertification', 'InCertification', 'Published', 'Failed'] as const;

/** Connect's patterns (SDK constants and RAML). */
export const KEY_PATTERN = '^[A-Za-z0-9_-]+$';
export const PROJECT_IDENTIFIER_PATTERN = '^[a-zA-Z0-9-_.]+:[a-zA-Z0-9-_]{2,36}$';
export const EMAIL_PATTERN = '^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$';

type Schema = Record<string, unknown>;

const ref = (id: string): Schema => ({ $ref: `${id}#` });
const text = (maxLength: number = LIMITS.textLength, extra: Schema = {}): Schema => ({ type: 'string', maxLength, ...extra });
const input = (properties: Record<string, Schema>, required: string[] = [], extra: Schema = {}): Schema => ({
  type: 'object',
  additionalProperties: false,
  required,
  properties,
  ...extra,
});
const output = (properties: Record<string, Schema>, required: string[] = [], extra: Schema = {}): Schema => ({ type: 'object', required, properties, ...extra });

// --- shared building blocks --------------------------------------------------------------------

const IntegrationType: Schema = { $id: 'IntegrationType', type: 'string', enum: [...INTEGRATION_TYPES] };
const Region: Schema = { $id: 'Region', type: 'string', enum: [...REGIONS] };
const ProjectIdentifier: Schema = {
  $id: 'ProjectIdentifier',
  type: 'string',
  pattern: PROJECT_IDENTIFIER_PATTERN,
  description: '`{region}:{projectKey}` of a Composable Commerce project.',
};
const ConnectorKey: Schema = { $id: 'ConnectorKey', type: 'string', pattern: KEY_PATTERN, minLength: 2, maxLength: 256 };
const Email: Schema = { $id: 'Email', type: 'string', pattern: EMAIL_PATTERN, maxLength: LIMITS.textLength };

const creatorProperties = {
  email: ref('Email'),
  name: text(),
  title: text(),
  company: text(),
  logoUrl: text(LIMITS.urlLength),
  noOfContributors: { type: 'integer', minimum: 1 },
  supportUrl: text(LIMITS.urlLength),
};
const Creator: Schema = { $id: 'Creator', ...output(creatorProperties, ['email']) };
const CreatorDraft: Schema = { $id: 'CreatorDraft', ...input(creatorProperties, ['email']) };

const Repository: Schema = { $id: 'Repository', ...output({ url: { type: 'string' }, tag: { type: 'string' } }, ['url', 'tag']) };
const RepositoryDraft: Schema = {
  $id: 'RepositoryDraft',
  ...input({ url: text(LIMITS.urlLength, { minLength: 1 }), tag: text(LIMITS.textLength, { minLength: 1 }) }, ['url', 'tag']),
};

const StandardConfigurationKey: Schema = {
  $id: 'StandardConfigurationKey',
  ...output({ key: { type: 'string' }, description: { type: 'string' }, default: { type: 'string' }, required: { type: 'boolean' } }, ['key', 'description']),
};
const SecuredConfigurationKey: Schema = {
  $id: 'SecuredConfigurationKey',
  ...output({ key: { type: 'string' }, description: { type: 'string' }, required: { type: 'boolean' } }, ['key', 'description']),
};
const ConnectorConfigurationApplication: Schema = {
  $id: 'ConnectorConfigurationApplication',
  ...output(
    {
      applicationName: { type: 'string' },
      applicationType: { type: 'string' },
      standardConfiguration: { type: 'array', items: ref('StandardConfigurationKey') },
      securedConfiguration: { type: 'array', items: ref('SecuredConfigurationKey') },
    },
    ['applicationName', 'applicationType', 'standardConfiguration', 'securedConfiguration'],
  ),
};
const ConnectorGlobalConfiguration: Schema = {
  $id: 'ConnectorGlobalConfiguration',
  ...output({
    standardConfiguration: { type: 'array', items: ref('StandardConfigurationKey') },
    securedConfiguration: { type: 'array', items: ref('SecuredConfigurationKey') },
  }),
};
const ConnectorApiClient: Schema = { $id: 'ConnectorApiClient', ...output({ scopes: { type: 'array', items: { type: 'string' } } }, ['scopes']) };
const CertificationInfo: Schema = {
  $id: 'CertificationInfo',
  ...output(
    {
      comments: {
        type: 'array',
        items: output({ userId: { type: 'string' }, datetime: { type: 'string', format: 'date-time' }, comment: { type: 'string' } }, ['userId', 'datetime', 'comment']),
      },
    },
    ['comments'],
  ),
};
const ConnectorReport: Schema = {
  $id: 'ConnectorReport',
  ...output(
    {
      entries: {
        type: 'array',
        items: output(
          {
            type: { type: 'string', enum: ['Information', 'Warning', 'Error'] },
            title: { type: 'string' },
            message: { type: 'string' },
            createdAt: { type: 'string', format: 'date-time' },
          },
          ['type', 'title', 'createdAt'],
        ),
      },
    },
    ['entries'],
  ),
};

const ConnectorStaged: Schema = {
  $id: 'ConnectorStaged',
  description: 'A connector as its creator edits it, before and while it is published and certified.',
  ...output(
    {
      id: { type: 'string', format: 'uuid' },
      key: { type: 'string' },
      version: { type: 'integer' },
      name: { type: 'string' },
      description: { type: 'string' },
      integrationTypes: { type: 'array', items: ref('IntegrationType') },
      creator: ref('Creator'),
      repository: ref('Repository'),
      configurations: { type: 'array', items: ref('ConnectorConfigurationApplication') },
      globalConfiguration: ref('ConnectorGlobalConfiguration'),
      apiClient: ref('ConnectorApiClient'),
      private: { type: 'boolean' },
      privateProjects: { type: 'array', items: { type: 'string' } },
      supportedRegions: { type: 'array', items: { type: 'string' } },
      certificationInfo: ref('CertificationInfo'),
      status: { type: 'string', enum: [...CONNECTOR_STATUS_VALUES] },
      publishingReport: ref('ConnectorReport'),
      alreadyListed: { type: 'boolean' },
      hasChanges: { type: 'boolean' },
      isPreviewable: { type: 'string', enum: ['true', 'false', 'pending', 'none'] },
      previewableReport: ref('ConnectorReport'),
      documentationUrl: { type: 'string' },
      createdAt: { type: 'string', format: 'date-time' },
      lastModifiedAt: { type: 'string', format: 'date-time' },
    },
    [
      'id', 'version', 'name', 'description', 'integrationTypes', 'creator', 'repository', 'configurations', 'private',
      'privateProjects', 'supportedRegions', 'status', 'alreadyListed', 'hasChanges', 'isPreviewable', 'createdAt', 'lastModifiedAt',
    ],
  ),
};

const Connector: Schema = {
  $id: 'Connector',
  description: 'A published connector (read-only).',
  ...output(
    {
      id: { type: 'string', format: 'uuid' },
      key: { type: 'string' },
      version: { type: 'integer' },
      name: { type: 'string' },
      description: { type: 'string' },
      integrationTypes: { type: 'array', items: ref('IntegrationType') },
      creator: ref('Creator'),
      repository: ref('Repository'),
      configurations: { type: 'array', items: ref('ConnectorConfigurationApplication') },
      apiClient: ref('ConnectorApiClient'),
      private: { type: 'boolean' },
      globalConfiguration: ref('ConnectorGlobalConfiguration'),
      supportedRegions: { type: 'array', items: { type: 'string' } },
      certified: { type: 'boolean' },
      documentationUrl: { type: 'string' },
      createdAt: { type: 'string', format: 'date-time' },
      lastModifiedAt: { type: 'string', format: 'date-time' },
    },
    ['id', 'version', 'name', 'integrationTypes', 'creator', 'repository', 'private', 'supportedRegions', 'certified'],
  ),
};

const ConnectorStagedDraft: Schema = {
  $id: 'ConnectorStagedDraft',
  ...input(
    {
      key: ref('ConnectorKey'),
      name: text(LIMITS.nameLength, { minLength: 1 }),
      description: text(LIMITS.descriptionLength),
      integrationTypes: { type: 'array', items: ref('IntegrationType'), maxItems: INTEGRATION_TYPES.length, uniqueItems: true },
      creator: ref('CreatorDraft'),
      repository: ref('RepositoryDraft'),
      supportedRegions: { type: 'array', items: ref('Region'), maxItems: REGIONS.length, uniqueItems: true },
      privateProjects: { type: 'array', items: ref('ProjectIdentifier'), maxItems: LIMITS.maxListItems, uniqueItems: true },
      documentationUrl: text(LIMITS.urlLength),
    },
    ['name', 'creator', 'repository'],
  ),
};

// --- update actions (connect-reference.md §D.4) ------------------------------------------------

const action = (name: string, properties: Record<string, Schema> = {}, required: string[] = []): Schema => ({
  $id: `Connector${name[0]!.toUpperCase()}${name.slice(1)}Action`,
  ...input({ action: { type: 'string', const: name }, ...properties }, ['action', ...required]),
});

/** One schema per update action, by action name. */
export const ACTION_SCHEMAS: Readonly<Record<string, Schema>> = {
  publish: action('publish', { certification: { type: 'boolean' } }, ['certification']),
  updatePreviewable: action('updatePreviewable'),
  setRepository: action('setRepository', { url: text(LIMITS.urlLength, { minLength: 1 }), tag: text(LIMITS.textLength, { minLength: 1 }) }, ['tag']),
  addCertificationComment: action('addCertificationComment', { comment: text(LIMITS.commentLength, { minLength: 1 }) }, ['comment']),
  unlist: action('unlist'),
  addPrivateProject: action('addPrivateProject', { privateProject: ref('ProjectIdentifier') }, ['privateProject']),
  removePrivateProject: action('removePrivateProject', { privateProject: ref('ProjectIdentifier') }, ['privateProject']),
  setName: action('setName', { name: text(LIMITS.nameLength, { minLength: 1 }) }, ['name']),
  setDescription: action('setDescription', { description: text(LIMITS.descriptionLength) }, ['description']),
  setIntegrationTypes: action('setIntegrationTypes', { integrationTypes: { type: 'array', items: ref('IntegrationType'), maxItems: INTEGRATION_TYPES.length, uniqueItems: true } }, ['integrationTypes']),
  setSupportedRegions: action('setSupportedRegions', { regions: { type: 'array', items: ref('Region'), minItems: 1, maxItems: REGIONS.length, uniqueItems: true } }, ['regions']),
  setDocumentationUrl: action('setDocumentationUrl', { documentationUrl: text(LIMITS.urlLength) }, ['documentationUrl']),
  setCreatorEmail: action('setCreatorEmail', { creatorEmail: ref('Email') }, ['creatorEmail']),
  setCreatorName: action('setCreatorName', { creatorName: text() }, ['creatorName']),
  setCreatorTitle: action('setCreatorTitle', { creatorTitle: text() }, ['creatorTitle']),
  setCreatorCompany: action('setCreatorCompany', { creatorCompany: text() }, ['creatorCompany']),
  setCreatorLogo: action('setCreatorLogo', { logoUrl: text(LIMITS.urlLength) }, ['logoUrl']),
  setCreatorSupportUrl: action('setCreatorSupportUrl', { creatorSupportUrl: text(LIMITS.urlLength) }, ['creatorSupportUrl']),
  setCreatorNoOfContributors: action('setCreatorNoOfContributors', { creatorNoOfContributors: { type: 'integer', minimum: 1 } }, ['creatorNoOfContributors']),
};

export const ACTION_NAMES = Object.keys(ACTION_SCHEMAS);

const ConnectorUpdateAction: Schema = {
  $id: 'ConnectorUpdateAction',
  oneOf: Object.values(ACTION_SCHEMAS).map((s) => ref(s.$id as string)),
  discriminator: { propertyName: 'action' },
};

const ConnectorUpdate: Schema = {
  $id: 'ConnectorUpdate',
  ...input(
    {
      version: { type: 'integer', minimum: 1 },
      actions: { type: 'array', maxItems: LIMITS.maxActions, items: ref('ConnectorUpdateAction') },
    },
    ['version', 'actions'],
  ),
};

// --- responses -----------------------------------------------------------------------------------

const paged = (id: string, item: string): Schema => ({
  $id: id,
  ...output(
    {
      limit: { type: 'integer' },
      offset: { type: 'integer' },
      count: { type: 'integer' },
      total: { type: 'integer' },
      results: { type: 'array', items: ref(item) },
    },
    ['limit', 'offset', 'count', 'total', 'results'],
  ),
});

const ErrorObject: Schema = {
  $id: 'ErrorObject',
  type: 'object',
  required: ['code', 'message'],
  properties: { code: { type: 'string' }, message: { type: 'string' }, detailedErrorMessage: { type: 'string' } },
  additionalProperties: true,
};
const ErrorResponse: Schema = {
  $id: 'ErrorResponse',
  type: 'object',
  required: ['statusCode', 'message', 'errors'],
  properties: {
    statusCode: { type: 'integer' },
    message: { type: 'string' },
    errors: { type: 'array', items: ref('ErrorObject') },
    error: { type: 'string' },
    error_description: { type: 'string' },
  },
  additionalProperties: true,
};

const TokenResponse: Schema = {
  $id: 'TokenResponse',
  ...output(
    { access_token: { type: 'string' }, token_type: { type: 'string', const: 'Bearer' }, expires_in: { type: 'integer' }, scope: { type: 'string' } },
    ['access_token', 'token_type', 'expires_in', 'scope'],
  ),
};
const IntrospectionResponse: Schema = {
  $id: 'IntrospectionResponse',
  ...output({ active: { type: 'boolean' }, scope: { type: 'string' }, exp: { type: 'integer' }, client_id: { type: 'string' } }, ['active']),
};

/** Every shared schema, in dependency-free order (each is registered by `$id`). */
export const SHARED_SCHEMAS: readonly Schema[] = [
  IntegrationType, Region, ProjectIdentifier, ConnectorKey, Email, Creator, CreatorDraft, Repository, RepositoryDraft,
  StandardConfigurationKey, SecuredConfigurationKey, ConnectorConfigurationApplication, ConnectorGlobalConfiguration,
  ConnectorApiClient, CertificationInfo, ConnectorReport, ConnectorStaged, Connector, ConnectorStagedDraft,
  ...Object.values(ACTION_SCHEMAS), ConnectorUpdateAction, ConnectorUpdate,
  paged('ConnectorStagedPagedQueryResponse', 'ConnectorStaged'), paged('ConnectorSearchPagedQueryResponse', 'Connector'),
  ErrorObject, ErrorResponse, TokenResponse, IntrospectionResponse,
];

// --- query strings -------------------------------------------------------------------------------

const pagination = {
  limit: { type: 'integer', minimum: 0, maximum: LIMITS.maxLimit, default: LIMITS.defaultLimit, description: 'Number of results requested.' },
  offset: { type: 'integer', minimum: 0, maximum: LIMITS.maxOffset, default: 0, description: 'Number of elements skipped.' },
  sort: { type: 'array', items: { type: 'string', maxLength: 64 }, maxItems: 10, description: 'e.g. `createdAt desc`; fields id, key, version, name, status, createdAt, lastModifiedAt.' },
};

export const STAGED_QUERY: Schema = {
  type: 'object',
  properties: {
    ...pagination,
    isPrivate: { type: 'boolean' },
    integrationTypes: { type: 'array', items: ref('IntegrationType'), maxItems: INTEGRATION_TYPES.length },
  },
};

export const SEARCH_QUERY: Schema = {
  type: 'object',
  properties: {
    text: { type: 'string', maxLength: LIMITS.textLength },
    ...pagination,
    private: { type: 'boolean' },
    'creator.company': { type: 'string', maxLength: LIMITS.textLength },
    id: { type: 'array', items: { type: 'string', maxLength: 64 }, maxItems: LIMITS.maxListItems },
    key: { type: 'array', items: { type: 'string', maxLength: 256 }, maxItems: LIMITS.maxListItems },
    integrationTypes: { type: 'array', items: ref('IntegrationType'), maxItems: INTEGRATION_TYPES.length },
  },
};

export const DELETE_QUERY: Schema = {
  type: 'object',
  properties: { version: { type: 'integer', minimum: 1, description: 'Expected current version (409 ConcurrentModification otherwise).' } },
};

export const ID_PARAMS: Schema = { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 256 } } };
export const KEY_PARAMS: Schema = { type: 'object', required: ['key'], properties: { key: { type: 'string', maxLength: 256 } } };

/** The error responses every authenticated route may give, for the OpenAPI document. */
export function errorResponses(...statusCodes: number[]): Record<string, Schema> {
  const descriptions: Record<number, string> = {
    400: 'Invalid request (InvalidJsonInput, InvalidQueryParam, business rule codes).',
    401: 'Missing, unknown or expired token (invalid_token).',
    403: 'The token lacks the scope for this operation (AuthorizationError).',
    404: 'No such resource visible to the caller (ResourceNotFound).',
    409: 'Version mismatch (ConcurrentModification).',
    429: 'Too many requests.',
  };
  return Object.fromEntries(statusCodes.map((code) => [String(code), { description: descriptions[code] ?? 'Error', ...ref('ErrorResponse') }]));
}

export { ref as schemaRef };

/** A success response: the shared schema plus the description the OpenAPI document shows. */
export function okResponse(id: string, description: string): Schema {
  return { description, ...ref(id) };
}
