// Connect's error envelope (connect-reference.md §D.5): `{ statusCode, message, errors: [{ code,
// message, …extra }] }`, where `message` repeats the first error's message. Every error the service
// returns — validation, malformed JSON, auth, not found, conflicts, internal — goes through here.

export interface ConnectErrorObject {
  code: string;
  message: string;
  [extra: string]: unknown;
}

export interface ErrorEnvelope {
  statusCode: number;
  message: string;
  errors: ConnectErrorObject[];
  /** OAuth-style fields, present on auth errors as commercetools' auth layer sends them. */
  error?: string;
  error_description?: string;
}

export class ConnectError extends Error {
  /** The first error's code (a plain field: Fastify writes `code` on validation errors it wraps). */
  code: string;
  readonly errors: ConnectErrorObject[];
  /** Extra top-level fields (OAuth `error`, `error_description`). */
  readonly top: Partial<Pick<ErrorEnvelope, 'error' | 'error_description'>>;
  /** Response headers (e.g. WWW-Authenticate). */
  readonly headers: Record<string, string>;

  constructor(
    readonly statusCode: number,
    code: string,
    message: string,
    extra: Record<string, unknown> = {},
    options: { top?: ConnectError['top']; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.code = code;
    this.errors = [{ code, message, ...extra }];
    this.top = options.top ?? {};
    this.headers = options.headers ?? {};
  }

  envelope(): ErrorEnvelope {
    return { statusCode: this.statusCode, message: this.message, errors: this.errors, ...this.top };
  }
}

export const INVALID_JSON_MESSAGE = 'Request body does not contain valid JSON.';

export const errors = {
  invalidJson: (detailedErrorMessage: string) => new ConnectError(400, 'InvalidJsonInput', INVALID_JSON_MESSAGE, { detailedErrorMessage }),
  invalidQuery: (detailedErrorMessage: string) =>
    new ConnectError(400, 'InvalidQueryParam', `Request query parameters are invalid: ${detailedErrorMessage}`, { detailedErrorMessage }),
  invalidPath: (detailedErrorMessage: string) =>
    new ConnectError(400, 'InvalidPathParam', `Request path parameters are invalid: ${detailedErrorMessage}`, { detailedErrorMessage }),
  notFound: (message: string) => new ConnectError(404, 'ResourceNotFound', message),
  concurrentModification: (expectedVersion: number, currentVersion?: number) =>
    new ConnectError(
      409,
      'ConcurrentModification',
      currentVersion === undefined
        ? `Object version ${expectedVersion} does not match the current version.`
        : `Object version ${expectedVersion} does not match the current version ${currentVersion}.`,
      { expectedVersion, ...(currentVersion !== undefined ? { currentVersion } : {}) },
    ),
  duplicateField: (field: string, duplicateValue: unknown) =>
    new ConnectError(400, 'DuplicateField', `A value for field '${field}' already exists: ${JSON.stringify(duplicateValue)}.`, { field, duplicateValue }),
  /** 401 for a missing, unknown or expired bearer token (the body commercetools' auth layer sends). */
  invalidToken: (description = 'invalid_token') =>
    new ConnectError(401, 'invalid_token', 'invalid_token', { ...(description !== 'invalid_token' ? { detailedErrorMessage: description } : {}) }, {
      top: { error: 'invalid_token' },
      headers: { 'www-authenticate': 'Bearer error="invalid_token"' },
    }),
  insufficientScope: (message: string) => new ConnectError(403, 'AuthorizationError', message),
  invalidClient: () =>
    new ConnectError(401, 'invalid_client', 'Please provide valid client credentials using HTTP Basic Authentication.', {}, {
      top: { error: 'invalid_client', error_description: 'Please provide valid client credentials using HTTP Basic Authentication.' },
      headers: { 'www-authenticate': 'Basic realm="connect-certify"' },
    }),
  oauth: (code: 'invalid_request' | 'unsupported_grant_type' | 'invalid_scope', message: string) =>
    new ConnectError(400, code, message, {}, { top: { error: code, error_description: message } }),
  tooManyRequests: (message: string) => new ConnectError(429, 'TooManyRequests', message),
  general: (message = 'Internal error.') => new ConnectError(500, 'General', message),
  business: (code: string, message: string, extra: Record<string, unknown> = {}) => new ConnectError(400, code, message, extra),
};
