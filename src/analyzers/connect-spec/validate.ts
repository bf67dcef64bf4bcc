// Connect's connect.yaml schema (@commercetools-connect/specification 0.0.16,
// dist/schemas/specification-v1.schema.js), re-implemented by hand so that every diagnostic has a
// line and column, and so that no input can make validation slow: the official endpoint regex
// `^(?!$)([a-zA-Z0-9_\-/]{0,256})+$` backtracks exponentially, and the cron regex is unanchored
// (see cron.ts). The verdict (any error or none) equals the official parser's on every input the
// shared YAML parse accepts; test/connect-yaml-differential.test.ts holds that line.
//
// Rules (each mirrors a zod construct of the official schema):
// - root: strict object { deployAs: array (required), inheritAs?: { configuration?, apiClient? } }
// - inheritAs.apiClient: strict { scopes: non-empty array of non-empty strings }
// - deployAs[]: discriminated on applicationType; per type the allowed and required fields are
//   APPLICATION_SHAPES below; every object is strict (unknown keys are errors).
// - name: ^[a-zA-Z0-9_-]{2,256}$; endpoint and healthCheck.path: non-empty, only [A-Za-z0-9_/-],
//   no "//" (length unbounded, as the official `+` makes it).
// - configuration: strict { standardConfiguration?: [{key, description, required?, default?}],
//   securedConfiguration?: [{key, description, required?}] }; key ^[a-zA-Z0-9_]{2,256}$ and not
//   PORT/K_SERVICE/K_REVISION/K_CONFIGURATION in any letter case; description and default non-empty,
//   not whitespace-only; required boolean; default string; no key twice in one block.
// - scripts: strict { postDeploy?, preUndeploy? }, non-empty, not whitespace-only.
// - healthCheck: strict { path, intervalSeconds?, timeoutSeconds?, unhealthyThreshold? } (ints 1-20).
// - retryPolicy: { strategy: "immediate" } or { strategy: "exponential-backoff", minBackoffSeconds
//   and maxBackoffSeconds ints 1-600, maxAttempts? int 5-100 }, min <= max.
// - properties (job): strict { schedule } matching Connect's cron regex.
// - Merchant Center apps: CUSTOM_APPLICATION_ID + ENTRY_POINT_URI_PATH (custom application) or
//   CUSTOM_VIEW_ID (custom view) in standardConfiguration with required: true; no secured entries;
//   CLOUD_IDENTIFIER required globally or required/defaulted in the app.
// - Unique application names; a key in inheritAs.configuration appears nowhere else.
import type { ConnectSpecParse, PathSegment, SourcePosition } from './parse.js';
import { matchesOfficialCronPattern, OFFICIAL_CRON_MESSAGE } from './cron.js';

export type SpecSeverity = 'error' | 'warning';

export interface SpecDiagnostic {
  severity: SpecSeverity;
  /** The official parser's notation of the path: "deployAs.0.endpoint", or "file content" for the root. */
  field: string;
  path: PathSegment[];
  message: string;
  line?: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
  /** The application the diagnostic belongs to, when it is inside deployAs and has a name. */
  application?: string;
}

/** Past this many, diagnostics are summarised: a broken file does not need 10,000 lines, and positions cost. */
export const MAX_SPEC_DIAGNOSTICS = 200;
/** Longest user value quoted back in a message. */
const MAX_QUOTED_CHARS = 60;
/** Typo suggestions are only computed for keys up to this length (edit distance is quadratic). */
const MAX_SUGGESTION_KEY_LENGTH = 40;
const MAX_SUGGESTION_DISTANCE = 2;

export const NAME_MIN_LENGTH = 2;
export const NAME_MAX_LENGTH = 256;
export const KEY_MIN_LENGTH = 2;
export const KEY_MAX_LENGTH = 256;
/** Cloud Run's own variables; the schema compares them case-insensitively (ASCII letters only). */
export const RESERVED_CONFIGURATION_KEYS: readonly string[] = ['PORT', 'K_SERVICE', 'K_REVISION', 'K_CONFIGURATION'];
export const HEALTH_CHECK_BOUNDS = { min: 1, max: 20 } as const;
export const BACKOFF_SECONDS_BOUNDS = { min: 1, max: 600 } as const;
export const MAX_ATTEMPTS_BOUNDS = { min: 5, max: 100 } as const;

export const MC_CUSTOM_APPLICATION_TYPES: readonly string[] = ['merchant-center-custom-application', 'mc-app'];
export const MC_CUSTOM_VIEW_TYPE = 'merchant-center-custom-view';
export const MC_CUSTOM_APPLICATION_KEYS: readonly string[] = ['CUSTOM_APPLICATION_ID', 'ENTRY_POINT_URI_PATH'];
export const MC_CUSTOM_VIEW_KEYS: readonly string[] = ['CUSTOM_VIEW_ID'];
export const CLOUD_IDENTIFIER_KEY = 'CLOUD_IDENTIFIER';

interface ApplicationShape {
  /** Fields besides applicationType, in the official schema's order. */
  fields: readonly string[];
  required: readonly string[];
}

const BASE_FIELDS = ['name', 'endpoint', 'configuration', 'scripts'] as const;
const MC_FIELDS = ['name', 'configuration', 'scripts'] as const;

/** What each applicationType allows and requires (the discriminated union's options, in order). */
export const APPLICATION_SHAPES: Readonly<Record<string, ApplicationShape>> = {
  service: { fields: [...BASE_FIELDS, 'healthCheck'], required: ['name', 'endpoint'] },
  event: { fields: [...BASE_FIELDS, 'healthCheck', 'retryPolicy'], required: ['name', 'endpoint'] },
  job: { fields: [...BASE_FIELDS, 'properties'], required: ['name', 'endpoint', 'properties'] },
  assets: { fields: ['name'], required: ['name'] },
  'merchant-center-custom-application': { fields: MC_FIELDS, required: ['name'] },
  'mc-app': { fields: MC_FIELDS, required: ['name'] },
  'merchant-center-custom-view': { fields: MC_FIELDS, required: ['name'] },
  unknown: { fields: BASE_FIELDS, required: ['name', 'endpoint'] },
};
const APPLICATION_TYPE_LIST = Object.keys(APPLICATION_SHAPES);
const ALL_APPLICATION_FIELDS = [...new Set(Object.values(APPLICATION_SHAPES).flatMap((s) => s.fields)), 'applicationType'];

// The official duplicate checks count names in a plain object (`acc[name] = (acc[name] || 0) + 1`),
// so names inherited from Object.prototype (`constructor`, `toString`, `__proto__` …) are never
// counted as duplicates. The verdict mirrors that; such duplicates are reported as warnings.
const OBJECT_PROTOTYPE_NAMES = new Set(Object.getOwnPropertyNames(Object.prototype));

export function validateConnectSpec(parse: ConnectSpecParse): SpecDiagnostic[] {
  if (!parse.present) {
    return [{ severity: 'error', field: 'file content', path: [], message: `${parse.file} not found at the repository root` }];
  }
  if (parse.fatal) {
    const { message, line, column } = parse.fatal;
    const diagnostic: SpecDiagnostic = { severity: 'error', field: 'file content', path: [], message };
    if (line !== undefined) diagnostic.line = line;
    if (column !== undefined) diagnostic.column = column;
    return [diagnostic];
  }
  const ctx = new Context(parse);
  validateRoot(ctx, parse.value);
  return ctx.finish();
}

// ---------------------------------------------------------------------------------------------
// Value checks shared with the stricter checks.

/** Why an endpoint (or health-check path) is invalid under the official rule, or undefined. Linear time. */
export function endpointProblem(value: string): string | undefined {
  if (value === '') return 'it is empty';
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (!isEndpointChar(code)) {
      return `character ${describeChar(value, i)} at position ${i + 1} is not allowed (use A-Z, a-z, 0-9, "_", "-" and "/")`;
    }
  }
  if (value.includes('//')) return 'Double slashes are not allowed';
  return undefined;
}

/** Same verdict as the official endpoint regex plus its "no //" refinement. */
export function isValidEndpoint(value: string): boolean {
  return endpointProblem(value) === undefined;
}

/** `^[a-zA-Z0-9_-]{2,256}$` */
export function applicationNameProblem(value: string): string | undefined {
  return tokenProblem(value, NAME_MIN_LENGTH, NAME_MAX_LENGTH, true);
}

/** `^[a-zA-Z0-9_]{2,256}$` */
export function configurationKeyProblem(value: string): string | undefined {
  return tokenProblem(value, KEY_MIN_LENGTH, KEY_MAX_LENGTH, false);
}

/** Reserved like the official `^([pP][oO][rR][tT]|…)$`: only ASCII letters fold. */
export function isReservedConfigurationKey(key: string): boolean {
  return RESERVED_CONFIGURATION_KEYS.includes(asciiUpperCase(key));
}

// ---------------------------------------------------------------------------------------------

type Json = Record<string, unknown>;

class Context {
  private readonly diagnostics: SpecDiagnostic[] = [];
  private omitted = { error: 0, warning: 0 };

  constructor(private readonly parse: ConnectSpecParse) {}

  /** Reports at the node of `path`, or at its key when `atKey` (unknown keys). */
  add(path: PathSegment[], message: string, options: { severity?: SpecSeverity; atKey?: boolean } = {}): void {
    const severity = options.severity ?? 'error';
    if (this.diagnostics.length >= MAX_SPEC_DIAGNOSTICS) {
      this.omitted[severity]++;
      return;
    }
    const position: SourcePosition =
      options.atKey && this.parse.keyPositionOf ? this.parse.keyPositionOf(path) : this.parse.positionOf(path);
    const diagnostic: SpecDiagnostic = { severity, field: fieldOf(path), path, message, line: position.line, column: position.column };
    if (position.endLine !== undefined) diagnostic.endLine = position.endLine;
    if (position.endColumn !== undefined) diagnostic.endColumn = position.endColumn;
    const application = this.applicationAt(path);
    if (application !== undefined) diagnostic.application = application;
    this.diagnostics.push(diagnostic);
  }

  typeError(path: PathSegment[], expected: string, value: unknown, hint = ''): void {
    const received = zodTypeOf(value);
    if (received === 'undefined') this.add(path, `Required: "${String(path[path.length - 1] ?? 'value')}" is missing`);
    else this.add(path, `Expected ${expected}, received ${received}${hint}`);
  }

  finish(): SpecDiagnostic[] {
    const sorted = this.diagnostics
      .map((d, order) => ({ d, order }))
      .sort((a, b) => (a.d.line ?? 0) - (b.d.line ?? 0) || (a.d.column ?? 0) - (b.d.column ?? 0) || a.order - b.order)
      .map(({ d }) => d);
    const omitted = this.omitted.error + this.omitted.warning;
    if (omitted > 0) {
      sorted.push({
        severity: this.omitted.error > 0 ? 'error' : 'warning',
        field: 'file content',
        path: [],
        message: `${omitted} more problem${omitted === 1 ? '' : 's'} not listed (only the first ${MAX_SPEC_DIAGNOSTICS} are)`,
        line: 1,
        column: 1,
      });
    }
    return sorted;
  }

  private applicationAt(path: PathSegment[]): string | undefined {
    if (path[0] !== 'deployAs' || typeof path[1] !== 'number') return undefined;
    const root = this.parse.value;
    if (!isPlainRecord(root) || !Array.isArray(root.deployAs)) return undefined;
    const app: unknown = root.deployAs[path[1]];
    return isPlainRecord(app) && typeof app.name === 'string' && app.name !== '' ? app.name : undefined;
  }
}

/** zod 3's `getParsedType`, so type errors name the same types the official parser names. */
export function zodTypeOf(value: unknown): string {
  switch (typeof value) {
    case 'number':
      return Number.isNaN(value) ? 'nan' : 'number';
    case 'object': {
      if (Array.isArray(value)) return 'array';
      if (value === null) return 'null';
      const thenable = value as { then?: unknown; catch?: unknown };
      if (typeof thenable.then === 'function' && typeof thenable.catch === 'function') return 'promise';
      if (value instanceof Map) return 'map';
      if (value instanceof Set) return 'set';
      if (value instanceof Date) return 'date';
      return 'object';
    }
    default:
      return typeof value;
  }
}

/**
 * A strict object: reports a wrong type or each unrecognized key (zod's `for…in`, so inherited
 * enumerable keys count, exactly as in the official parser). Returns the object when it is one.
 */
function strictObject(
  ctx: Context,
  value: unknown,
  path: PathSegment[],
  allowed: readonly string[],
  hintFor: (key: string) => string = (key) => suggestion(key, allowed),
): Json | undefined {
  if (zodTypeOf(value) !== 'object') {
    ctx.typeError(path, 'object', value);
    return undefined;
  }
  const object = value as Json;
  const unknown: string[] = [];
  for (const key in object) if (!allowed.includes(key)) unknown.push(key);
  const prototype: unknown = Object.getPrototypeOf(object);
  if (unknown.length > 0 && prototype !== Object.prototype && prototype !== null) {
    // e.g. `!!binary` data: zod sees an object whose every byte and Buffer method is a key.
    const kind = (object.constructor as { name?: string } | undefined)?.name ?? 'object';
    ctx.add(path, `Expected object, received ${kind} (a YAML tag such as !!binary produced a value that is not a mapping)`);
    return undefined;
  }
  for (const key of unknown) {
    ctx.add([...path, key], `Unrecognized key(s) in object: '${shorten(key)}'${hintFor(key)}`, { atKey: true });
  }
  return object;
}

function validateRoot(ctx: Context, value: unknown): void {
  const root = strictObject(ctx, value, [], ['inheritAs', 'deployAs']);
  if (!root) return;
  if (root.inheritAs !== undefined) validateInheritAs(ctx, root.inheritAs);
  const deployAs = root.deployAs;
  if (zodTypeOf(deployAs) !== 'array') {
    ctx.typeError(['deployAs'], 'array', deployAs);
  } else {
    (deployAs as unknown[]).forEach((app, index) => validateApplication(ctx, app, ['deployAs', index]));
  }
  checkCrossApplicationRules(ctx, root);
}

function validateInheritAs(ctx: Context, value: unknown): void {
  const inheritAs = strictObject(ctx, value, ['inheritAs'], ['configuration', 'apiClient']);
  if (!inheritAs) return;
  if (inheritAs.configuration !== undefined) validateConfiguration(ctx, inheritAs.configuration, ['inheritAs', 'configuration']);
  if (inheritAs.apiClient === undefined) return;
  const apiClient = strictObject(ctx, inheritAs.apiClient, ['inheritAs', 'apiClient'], ['scopes']);
  if (!apiClient) return;
  const path: PathSegment[] = ['inheritAs', 'apiClient', 'scopes'];
  const scopes = apiClient.scopes;
  if (zodTypeOf(scopes) !== 'array') {
    ctx.typeError(path, 'array', scopes);
    return;
  }
  const list = scopes as unknown[];
  list.forEach((scope, i) => nonEmptyString(ctx, scope, [...path, i]));
  if (list.length < 1) ctx.add(path, 'Array must contain at least 1 element(s): list the scopes the API client needs');
}

function validateApplication(ctx: Context, value: unknown, path: PathSegment[]): void {
  if (zodTypeOf(value) !== 'object') {
    ctx.typeError(path, 'object', value);
    return;
  }
  const app = value as Json;
  const type = app.applicationType;
  const shape = typeof type === 'string' && Object.hasOwn(APPLICATION_SHAPES, type) ? APPLICATION_SHAPES[type] : undefined;
  if (!shape) {
    const expected = APPLICATION_TYPE_LIST.map((t) => `'${t}'`).join(' | ');
    const got = type === undefined ? ' (applicationType is missing)' : typeof type === 'string' ? ` (got "${shorten(type)}")` : ` (got ${zodTypeOf(type)})`;
    ctx.add([...path, 'applicationType'], `Invalid discriminator value. Expected ${expected}${got}`);
    return;
  }
  const typeName = type as string;
  const allowed = [...shape.fields, 'applicationType'];
  strictObject(ctx, app, path, allowed, (key) => applicationKeyHint(key, typeName, allowed));

  for (const field of shape.fields) {
    const fieldValue = app[field];
    const fieldPath = [...path, field];
    if (fieldValue === undefined) {
      if (shape.required.includes(field)) ctx.typeError(fieldPath, 'string', fieldValue);
      continue;
    }
    switch (field) {
      case 'name':
        if (isString(ctx, fieldValue, fieldPath)) {
          const problem = applicationNameProblem(fieldValue);
          if (problem) ctx.add(fieldPath, `Invalid application name ${quote(fieldValue)}: ${problem}`);
        }
        break;
      case 'endpoint':
        endpoint(ctx, fieldValue, fieldPath, 'endpoint');
        break;
      case 'configuration':
        validateConfiguration(ctx, fieldValue, fieldPath);
        break;
      case 'scripts':
        validateScripts(ctx, fieldValue, fieldPath);
        break;
      case 'healthCheck':
        validateHealthCheck(ctx, fieldValue, fieldPath);
        break;
      case 'retryPolicy':
        validateRetryPolicy(ctx, fieldValue, fieldPath);
        break;
      case 'properties':
        validateJobProperties(ctx, fieldValue, fieldPath);
        break;
    }
  }
  checkMerchantCenterKeys(ctx, app, typeName, path);
}

function applicationKeyHint(key: string, type: string, allowed: readonly string[]): string {
  if (key === 'schedule') return ' (the schedule goes under properties: { schedule: … } of a job)';
  if (ALL_APPLICATION_FIELDS.includes(key)) return ` ('${key}' is not allowed for applicationType "${type}")`;
  return suggestion(key, allowed);
}

function endpoint(ctx: Context, value: unknown, path: PathSegment[], what: string): void {
  if (!isString(ctx, value, path)) return;
  const problem = endpointProblem(value);
  if (problem === 'Double slashes are not allowed') ctx.add(path, `${problem} (${what} ${quote(value)})`);
  else if (problem) ctx.add(path, `Invalid ${what} ${quote(value)}: ${problem}`);
}

function validateConfiguration(ctx: Context, value: unknown, path: PathSegment[]): void {
  const configuration = strictObject(ctx, value, path, ['standardConfiguration', 'securedConfiguration']);
  if (!configuration) return;
  const firstSeen = new Map<string, PathSegment[]>();
  const reported = new Set<string>();
  for (const [field, secured] of [['standardConfiguration', false], ['securedConfiguration', true]] as const) {
    const list = configuration[field];
    if (list === undefined) continue;
    if (zodTypeOf(list) !== 'array') {
      ctx.typeError([...path, field], 'array', list);
      continue;
    }
    (list as unknown[]).forEach((entry, i) => {
      const entryPath = [...path, field, i];
      validateConfigurationEntry(ctx, entry, entryPath, secured);
      const key = isPlainRecord(entry) ? entry.key : undefined;
      if (typeof key !== 'string') return;
      const first = firstSeen.get(key);
      if (!first) firstSeen.set(key, entryPath);
      else if (!reported.has(key)) {
        reported.add(key);
        ctx.add([...entryPath, 'key'], `Duplicate key found ${shorten(key)} (also at ${fieldOf(first)}; a key may appear once across standardConfiguration and securedConfiguration)`);
      }
    });
  }
}

function validateConfigurationEntry(ctx: Context, value: unknown, path: PathSegment[], secured: boolean): void {
  const allowed = secured ? ['key', 'description', 'required'] : ['key', 'description', 'required', 'default'];
  const entry = strictObject(ctx, value, path, allowed, (key) =>
    secured && key === 'default' ? ' (a secured configuration entry cannot have a default value)' : suggestion(key, allowed),
  );
  if (!entry) return;
  const keyPath = [...path, 'key'];
  if (isString(ctx, entry.key, keyPath)) {
    const key = entry.key as string;
    if (isReservedConfigurationKey(key)) ctx.add(keyPath, `Key "${shorten(key)}" is a reserved word (Cloud Run sets it)`);
    const problem = configurationKeyProblem(key);
    if (problem) ctx.add(keyPath, `Invalid configuration key: ${quote(key)}: ${problem}`);
  }
  notBlankString(ctx, entry.description, [...path, 'description'], 'Description cannot be only whitespace', true);
  if (entry.required !== undefined && typeof entry.required !== 'boolean') {
    const hint = entry.required === 'true' || entry.required === 'false' ? ` (write required: ${entry.required} without quotes)` : '';
    ctx.typeError([...path, 'required'], 'boolean', entry.required, hint);
  }
  if (!secured && entry.default !== undefined) {
    const isScalar = typeof entry.default === 'number' || typeof entry.default === 'boolean';
    const hint = isScalar ? ` (quote it: default: "${String(entry.default)}")` : '';
    notBlankString(ctx, entry.default, [...path, 'default'], 'Default value cannot be only whitespace', false, hint);
  }
}

function validateScripts(ctx: Context, value: unknown, path: PathSegment[]): void {
  const scripts = strictObject(ctx, value, path, ['postDeploy', 'preUndeploy']);
  if (!scripts) return;
  for (const name of ['postDeploy', 'preUndeploy'] as const) {
    if (scripts[name] !== undefined) notBlankString(ctx, scripts[name], [...path, name], `${name} value cannot be only whitespace`, false);
  }
}

function validateHealthCheck(ctx: Context, value: unknown, path: PathSegment[]): void {
  const healthCheck = strictObject(ctx, value, path, ['path', 'intervalSeconds', 'timeoutSeconds', 'unhealthyThreshold']);
  if (!healthCheck) return;
  endpoint(ctx, healthCheck.path, [...path, 'path'], 'health check path');
  for (const field of ['intervalSeconds', 'timeoutSeconds', 'unhealthyThreshold'] as const) {
    if (healthCheck[field] !== undefined) integer(ctx, healthCheck[field], [...path, field], HEALTH_CHECK_BOUNDS);
  }
}

const RETRY_STRATEGIES: Readonly<Record<string, readonly string[]>> = {
  'exponential-backoff': ['strategy', 'minBackoffSeconds', 'maxBackoffSeconds', 'maxAttempts'],
  immediate: ['strategy'],
};

function validateRetryPolicy(ctx: Context, value: unknown, path: PathSegment[]): void {
  if (zodTypeOf(value) !== 'object') {
    ctx.typeError(path, 'object', value);
    return;
  }
  const policy = value as Json;
  const strategy = policy.strategy;
  const allowed = typeof strategy === 'string' && Object.hasOwn(RETRY_STRATEGIES, strategy) ? RETRY_STRATEGIES[strategy] : undefined;
  if (!allowed) {
    ctx.add([...path, 'strategy'], `Invalid discriminator value. Expected 'exponential-backoff' | 'immediate'${typeof strategy === 'string' ? ` (got "${shorten(strategy)}")` : ''}`);
    return;
  }
  strictObject(ctx, policy, path, allowed, (key) =>
    strategy === 'immediate' && RETRY_STRATEGIES['exponential-backoff']!.includes(key)
      ? ` ('${key}' only applies to strategy "exponential-backoff")`
      : suggestion(key, allowed),
  );
  if (strategy !== 'exponential-backoff') return;
  const { minBackoffSeconds: min, maxBackoffSeconds: max } = policy;
  if (min === undefined) ctx.typeError([...path, 'minBackoffSeconds'], 'number', min);
  else integer(ctx, min, [...path, 'minBackoffSeconds'], BACKOFF_SECONDS_BOUNDS);
  if (max === undefined) ctx.typeError([...path, 'maxBackoffSeconds'], 'number', max);
  else integer(ctx, max, [...path, 'maxBackoffSeconds'], BACKOFF_SECONDS_BOUNDS);
  if (policy.maxAttempts !== undefined) integer(ctx, policy.maxAttempts, [...path, 'maxAttempts'], MAX_ATTEMPTS_BOUNDS);
  if (typeof min === 'number' && typeof max === 'number' && !(min <= max)) {
    ctx.add([...path, 'minBackoffSeconds'], `minBackoffSeconds must be less than or equal to maxBackoffSeconds (${min} > ${max})`);
  }
}

function validateJobProperties(ctx: Context, value: unknown, path: PathSegment[]): void {
  const properties = strictObject(ctx, value, path, ['schedule']);
  if (!properties) return;
  const schedulePath = [...path, 'schedule'];
  if (properties.schedule === undefined) {
    ctx.typeError(schedulePath, 'string', undefined);
    return;
  }
  if (isString(ctx, properties.schedule, schedulePath) && !matchesOfficialCronPattern(properties.schedule)) {
    ctx.add(schedulePath, `${OFFICIAL_CRON_MESSAGE} Got ${quote(properties.schedule)}.`);
  }
}

// Merchant Center: the per-application refinement of the official schema.
function checkMerchantCenterKeys(ctx: Context, app: Json, type: string, path: PathSegment[]): void {
  const isCustomApplication = MC_CUSTOM_APPLICATION_TYPES.includes(type);
  if (!isCustomApplication && type !== MC_CUSTOM_VIEW_TYPE) return;
  const standard = standardEntriesOf(app.configuration);
  if (standard === undefined) return; // malformed configuration: already reported
  const keys = isCustomApplication ? MC_CUSTOM_APPLICATION_KEYS : MC_CUSTOM_VIEW_KEYS;
  const label = isCustomApplication ? 'Mc app' : 'Merchant center custom view';
  const where = app.configuration === undefined ? path : [...path, 'configuration'];
  for (const key of keys) {
    // The official refinement looks at the first entry with that key only.
    const index = standard.findIndex((e) => e.key === key);
    if (index === -1) ctx.add(where, `${label} must have ${key} (a standardConfiguration entry with required: true)`);
    else if (!standard[index]!.required) {
      ctx.add([...where, 'standardConfiguration', index], `${label} must have ${key} with required: true`);
    }
  }
}

/** The top-level refinement: unique names, exclusive global keys, CLOUD_IDENTIFIER, no secured MC config. */
function checkCrossApplicationRules(ctx: Context, root: Json): void {
  const apps = Array.isArray(root.deployAs) ? (root.deployAs as unknown[]) : [];

  const namesSeen = new Map<string, number>();
  apps.forEach((app, index) => {
    if (!isPlainRecord(app) || typeof app.name !== 'string') return;
    const name = app.name;
    const first = namesSeen.get(name);
    if (first === undefined) {
      namesSeen.set(name, index);
      return;
    }
    const quirk = OBJECT_PROTOTYPE_NAMES.has(name);
    ctx.add(
      ['deployAs', index, 'name'],
      quirk
        ? `Duplicate application name found: ${shorten(name)} (also deployAs.${first}; Connect's parser misses duplicates of this particular name, but two applications cannot share one folder)`
        : `Duplicate application name found: ${shorten(name)} (also deployAs.${first})`,
      { severity: quirk ? 'warning' : 'error' },
    );
  });

  const inheritAs = isPlainRecord(root.inheritAs) ? root.inheritAs : {};
  const globalEntries = entriesOf(inheritAs.configuration, ['inheritAs', 'configuration']);
  const occurrences = new Map<string, PathSegment[][]>();
  const count = (e: LooseEntry): void => {
    const paths = occurrences.get(e.key);
    if (paths) paths.push(e.path);
    else occurrences.set(e.key, [e.path]);
  };
  apps.forEach((app, index) => {
    if (isPlainRecord(app)) for (const e of entriesOf(app.configuration, ['deployAs', index, 'configuration'])) count(e);
  });
  for (const e of globalEntries) count(e);
  const reportedGlobal = new Set<string>();
  for (const e of globalEntries) {
    const paths = occurrences.get(e.key) ?? [];
    if (paths.length <= 1 || reportedGlobal.has(e.key)) continue;
    reportedGlobal.add(e.key);
    const quirk = OBJECT_PROTOTYPE_NAMES.has(e.key);
    const elsewhere = paths.filter((p) => p !== e.path).map(fieldOf);
    ctx.add(
      [...e.path, 'key'],
      `Duplicate global key found ${shorten(e.key)} (also declared at ${elsewhere.slice(0, 3).join(', ')}${elsewhere.length > 3 ? ', …' : ''}; a key in inheritAs.configuration may appear nowhere else)` +
        (quirk ? "; Connect's parser misses duplicates of this particular key" : ''),
      { severity: quirk ? 'warning' : 'error' },
    );
  }

  const globalCloudIdentifier = globalEntries.some((e) => e.key === CLOUD_IDENTIFIER_KEY && Boolean(e.entry.required));
  apps.forEach((app, index) => {
    if (!isPlainRecord(app) || typeof app.applicationType !== 'string') return;
    const type = app.applicationType;
    const isCustomApplication = MC_CUSTOM_APPLICATION_TYPES.includes(type);
    if (!isCustomApplication && type !== MC_CUSTOM_VIEW_TYPE) return;
    const path: PathSegment[] = ['deployAs', index];
    if (!globalCloudIdentifier) {
      const standard = standardEntriesOf(app.configuration);
      const local = standard?.some((e) => e.key === CLOUD_IDENTIFIER_KEY && Boolean(e.required || e.default));
      if (standard !== undefined && !local) {
        ctx.add(
          path,
          `Application ${typeof app.name === 'string' ? shorten(app.name) : index} is missing CLOUD_IDENTIFIER configuration. (Declare CLOUD_IDENTIFIER in its standardConfiguration with required: true or a default, or in inheritAs.configuration with required: true.)`,
        );
      }
    }
    const configuration = app.configuration;
    if (isPlainRecord(configuration) && Array.isArray(configuration.securedConfiguration) && configuration.securedConfiguration.length > 0) {
      ctx.add(
        [...path, 'configuration', 'securedConfiguration'],
        `Secured configuration is not allowed in merchant center custom ${isCustomApplication ? 'application' : 'view'}.`,
      );
    }
  });
}

interface LooseEntry {
  key: string;
  entry: Json;
  path: PathSegment[];
}

/** Entries with a string key of a configuration block, standard then secured; malformed parts skipped. */
function entriesOf(configuration: unknown, path: PathSegment[]): LooseEntry[] {
  if (!isPlainRecord(configuration)) return [];
  const out: LooseEntry[] = [];
  for (const field of ['standardConfiguration', 'securedConfiguration'] as const) {
    const list = configuration[field];
    if (!Array.isArray(list)) continue;
    list.forEach((entry: unknown, i: number) => {
      if (isPlainRecord(entry) && typeof entry.key === 'string') out.push({ key: entry.key, entry, path: [...path, field, i] });
    });
  }
  return out;
}

/** The standardConfiguration entries (objects), [] when absent, undefined when malformed. */
function standardEntriesOf(configuration: unknown): Json[] | undefined {
  if (configuration === undefined) return [];
  if (!isPlainRecord(configuration)) return undefined;
  const list = configuration.standardConfiguration;
  if (list === undefined) return [];
  if (!Array.isArray(list)) return undefined;
  // Non-object entries become {} so indexes stay those of the document.
  return list.map((e: unknown) => (isPlainRecord(e) ? e : {}));
}

// ---------------------------------------------------------------------------------------------
// Primitive checks.

function isString(ctx: Context, value: unknown, path: PathSegment[]): value is string {
  if (typeof value === 'string') return true;
  ctx.typeError(path, 'string', value);
  return false;
}

function nonEmptyString(ctx: Context, value: unknown, path: PathSegment[]): void {
  if (isString(ctx, value, path) && value.length < 1) ctx.add(path, 'String must contain at least 1 character(s)');
}

/** z.string().min(1) plus "not only whitespace" (JS `trim`, as the official refinement). */
function notBlankString(ctx: Context, value: unknown, path: PathSegment[], whitespaceMessage: string, required: boolean, hint = ''): void {
  if (value === undefined && !required) return;
  if (typeof value !== 'string') {
    ctx.typeError(path, 'string', value, hint);
    return;
  }
  if (value.length < 1) ctx.add(path, 'String must contain at least 1 character(s)');
  else if (value.trim().length === 0) ctx.add(path, whitespaceMessage);
}

function integer(ctx: Context, value: unknown, path: PathSegment[], bounds: { min: number; max: number }): void {
  if (typeof value !== 'number' || Number.isNaN(value)) {
    ctx.typeError(path, 'number', value);
    return;
  }
  if (!Number.isInteger(value)) ctx.add(path, `Expected integer, received float (${value})`);
  else if (value < bounds.min) ctx.add(path, `Number must be greater than or equal to ${bounds.min} (got ${value})`);
  else if (value > bounds.max) ctx.add(path, `Number must be less than or equal to ${bounds.max} (got ${value})`);
}

function tokenProblem(value: string, min: number, max: number, allowDash: boolean): string | undefined {
  if (value.length < min || value.length > max) return `must be ${min} to ${max} characters long (it has ${value.length})`;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (!(isWordChar(code) || (allowDash && code === 45))) {
      return `character ${describeChar(value, i)} is not allowed (use A-Z, a-z, 0-9, "_"${allowDash ? ' and "-"' : ''})`;
    }
  }
  return undefined;
}

function isWordChar(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
}

function isEndpointChar(code: number): boolean {
  return isWordChar(code) || code === 45 || code === 47;
}

function asciiUpperCase(text: string): string {
  return text.replace(/[a-z]+/g, (s) => s.toUpperCase());
}

function describeChar(text: string, index: number): string {
  const ch = text[index]!;
  return ch.trim() === '' ? `U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')} (whitespace)` : JSON.stringify(ch);
}

function suggestion(key: string, candidates: readonly string[]): string {
  if (key.length > MAX_SUGGESTION_KEY_LENGTH) return '';
  let best: string | undefined;
  let bestDistance = MAX_SUGGESTION_DISTANCE + 1;
  for (const candidate of candidates) {
    const distance = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best ? ` (did you mean '${best}'?)` : '';
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

function fieldOf(path: PathSegment[]): string {
  return path.length === 0 ? 'file content' : path.map((p) => shorten(String(p))).join('.');
}

function shorten(text: string): string {
  return text.length > MAX_QUOTED_CHARS ? `${text.slice(0, MAX_QUOTED_CHARS)}…` : text;
}

function quote(text: string): string {
  return JSON.stringify(shorten(text));
}

function isPlainRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
