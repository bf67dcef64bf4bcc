// Parses connect.yaml once, safely (size, depth and alias limits), keeping source positions, and
// extracts a lenient model of the applications that later checks (layout, buildpack, docs) read even
// when the file has schema errors. Schema validation lives in validate.ts.
import { isAlias, isMap, isSeq, LineCounter, parseDocument, visit, type Document, type Node as YamlNode } from 'yaml';
import type { Workspace } from '../../engine/workspace.js';

export const CONNECT_YAML = 'connect.yaml';
/** A real connect.yaml is a few KB; anything past this is refused before parsing. */
export const MAX_CONNECT_YAML_BYTES = 512 * 1024;
/** Nesting deeper than this is never a connector description; refuse rather than recurse. */
export const MAX_CONNECT_YAML_DEPTH = 64;
/** Alias expansion limit (the `yaml` package's guard against billion-laughs bombs). */
export const MAX_ALIAS_COUNT = 100;

export type PathSegment = string | number;

export interface SourcePosition {
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
}

export interface ConnectConfigEntry {
  key: string;
  description?: string;
  required?: boolean;
  default?: string;
  secured: boolean;
  /** Path of the entry in the document, for positions. */
  path: PathSegment[];
}

export interface ConnectApplication {
  /** Position in `deployAs`. */
  index: number;
  name: string;
  applicationType: string;
  endpoint?: string;
  schedule?: string;
  healthCheckPath?: string;
  scripts: { postDeploy?: string; preUndeploy?: string };
  configuration: ConnectConfigEntry[];
}

export interface ConnectSpec {
  applications: ConnectApplication[];
  globalConfiguration: ConnectConfigEntry[];
  apiClientScopes?: string[];
}

export interface ConnectSpecParse {
  file: string;
  /** False when the repository has no connect.yaml at its root. */
  present: boolean;
  /** Why the file could not be read as YAML at all (syntax error, bomb, too large, too deep). */
  fatal?: { message: string; line?: number; column?: number };
  /** The plain JS value of the document (what the official parser hands to zod). */
  value: unknown;
  /** A lenient model: whatever could be extracted, even from an invalid document. */
  spec: ConnectSpec;
  /** Position of a node by its path; falls back to the nearest existing ancestor. */
  positionOf(path: PathSegment[]): SourcePosition;
  /**
   * Position of the map key that ends `path` (e.g. an unrecognized key rather than its value);
   * falls back to `positionOf(path)`. Optional so hand-built parses (tests) need not provide it.
   */
  keyPositionOf?(path: PathSegment[]): SourcePosition;
}

const EMPTY_SPEC: ConnectSpec = { applications: [], globalConfiguration: [] };

export function parseConnectSpec(text: string, file = CONNECT_YAML): ConnectSpecParse {
  const base = { file, present: true, value: undefined, spec: EMPTY_SPEC, positionOf: () => ({ line: 1, column: 1 }) };
  if (Buffer.byteLength(text, 'utf8') > MAX_CONNECT_YAML_BYTES) {
    return { ...base, fatal: { message: `${file} is larger than ${MAX_CONNECT_YAML_BYTES} bytes; a connector description is a few KB` } };
  }
  const lineCounter = new LineCounter();
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, strict: true });
  } catch (error) {
    const message = (error as Error).message;
    return { ...base, fatal: { message: isStackOverflow(message) ? tooDeepMessage(file) : `${file}: ${message}` } };
  }
  const pos = (offset: number): { line: number; column: number } => {
    const p = lineCounter.linePos(offset);
    return { line: p.line, column: p.col };
  };
  if (doc.errors.length > 0) {
    const err = doc.errors[0]!;
    // The yaml composer recurses per nesting level and reports a stack overflow as an ordinary error.
    const message = isStackOverflow(err.message) ? tooDeepMessage(file) : `${file}: YAML syntax error: ${firstLine(err.message)}`;
    return { ...base, fatal: { message, ...pos(err.pos[0]) } };
  }
  const { depth, deepest } = maxDepth(doc.contents as YamlNode | null);
  if (depth > MAX_CONNECT_YAML_DEPTH) {
    const at = deepest?.range ? pos(deepest.range[0]) : {};
    return { ...base, fatal: { message: `${file} nests ${depth} levels deep (limit ${MAX_CONNECT_YAML_DEPTH}); it is not a connector description`, ...at } };
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    const message = (error as Error).message;
    const bomb = /alias/i.test(message);
    const alias = bomb ? firstAlias(doc) : undefined;
    return {
      ...base,
      fatal: {
        message: bomb
          ? `${file} expands YAML aliases excessively (a "billion laughs" bomb); refused: ${message}`
          : `${file}: ${message}`,
        ...(alias?.range ? pos(alias.range[0]) : {}),
      },
    };
  }

  const positionOf = (path: PathSegment[]): SourcePosition => {
    for (let len = path.length; len >= 0; len--) {
      const node = doc.getIn(path.slice(0, len), true) as YamlNode | undefined;
      // For a map key, point at the key when the value node is missing.
      const range = node && typeof node === 'object' && 'range' in node ? node.range : undefined;
      if (range) {
        const start = pos(range[0]);
        const end = pos(range[1]);
        return { ...start, endLine: end.line, endColumn: end.column };
      }
      if (len > 0 && len === path.length) {
        const keyPos = keyPosition(doc, path, pos);
        if (keyPos) return keyPos;
      }
    }
    return { line: 1, column: 1 };
  };
  const keyPositionOf = (path: PathSegment[]): SourcePosition =>
    (path.length > 0 ? keyPosition(doc, path, pos) : undefined) ?? positionOf(path);

  return { file, present: true, value, spec: extractSpec(value), positionOf, keyPositionOf };
}

/** The parsed connect.yaml of a workspace, parsed once per run. */
export function connectSpecOf(ws: Workspace): ConnectSpecParse {
  return ws.memo('connect-spec', () => {
    const text = ws.readText(CONNECT_YAML);
    if (text === undefined) {
      const skipped = ws.problems.find((p) => p.path === CONNECT_YAML);
      if (skipped) {
        return { ...parseConnectSpec(''), fatal: { message: `${CONNECT_YAML} was not read: ${skipped.detail}` } };
      }
      return {
        file: CONNECT_YAML,
        present: false,
        value: undefined,
        spec: EMPTY_SPEC,
        positionOf: () => ({ line: 1, column: 1 }),
      } satisfies ConnectSpecParse;
    }
    return parseConnectSpec(text);
  });
}

function keyPosition(
  doc: Document.Parsed,
  path: PathSegment[],
  pos: (offset: number) => { line: number; column: number },
): SourcePosition | undefined {
  const parent = doc.getIn(path.slice(0, -1), true) as YamlNode | undefined;
  const last = path[path.length - 1];
  if (parent && isMap(parent)) {
    const pair = parent.items.find((p) => (p.key as { value?: unknown } | null)?.value === last);
    const range = (pair?.key as YamlNode | undefined)?.range;
    if (range) return pos(range[0]);
  }
  return undefined;
}

function maxDepth(root: YamlNode | null): { depth: number; deepest?: YamlNode } {
  // Iterative so a hostile file cannot overflow the stack.
  let deepest = 0;
  let deepestNode: YamlNode | undefined;
  const stack: [YamlNode, number][] = root ? [[root, 1]] : [];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (depth > deepest) {
      deepest = depth;
      deepestNode = node;
    }
    if (depth > MAX_CONNECT_YAML_DEPTH) return { depth, deepest: node };
    if (isMap(node)) {
      for (const pair of node.items) if (pair.value && typeof pair.value === 'object') stack.push([pair.value as YamlNode, depth + 1]);
    } else if (isSeq(node)) {
      for (const item of node.items) if (item && typeof item === 'object') stack.push([item as YamlNode, depth + 1]);
    }
  }
  return { depth: deepest, deepest: deepestNode };
}

/** The first alias in the document: where a reader should start looking for an alias bomb. */
function firstAlias(doc: Document.Parsed): YamlNode | undefined {
  // Safe to recurse: the document passed the depth limit before aliases are expanded.
  let found: YamlNode | undefined;
  visit(doc, {
    Alias(_key, node) {
      found = node;
      return visit.BREAK;
    },
  });
  return found && isAlias(found) ? found : undefined;
}

function isStackOverflow(message: string): boolean {
  return /maximum call stack size exceeded/i.test(message);
}

function tooDeepMessage(file: string): string {
  return `${file} nests too deeply to parse (far more than ${MAX_CONNECT_YAML_DEPTH} levels); it is not a connector description`;
}

function extractSpec(value: unknown): ConnectSpec {
  if (!isRecord(value)) return EMPTY_SPEC;
  const applications: ConnectApplication[] = [];
  const deployAs = Array.isArray(value.deployAs) ? value.deployAs : [];
  deployAs.forEach((entry: unknown, index: number) => {
    if (!isRecord(entry)) return;
    const app: ConnectApplication = {
      index,
      name: typeof entry.name === 'string' ? entry.name : '',
      applicationType: typeof entry.applicationType === 'string' ? entry.applicationType : '',
      scripts: {},
      configuration: extractConfiguration(entry.configuration, ['deployAs', index, 'configuration']),
    };
    if (typeof entry.endpoint === 'string') app.endpoint = entry.endpoint;
    if (isRecord(entry.properties) && typeof entry.properties.schedule === 'string') app.schedule = entry.properties.schedule;
    if (isRecord(entry.healthCheck) && typeof entry.healthCheck.path === 'string') app.healthCheckPath = entry.healthCheck.path;
    if (isRecord(entry.scripts)) {
      if (typeof entry.scripts.postDeploy === 'string') app.scripts.postDeploy = entry.scripts.postDeploy;
      if (typeof entry.scripts.preUndeploy === 'string') app.scripts.preUndeploy = entry.scripts.preUndeploy;
    }
    applications.push(app);
  });
  const inheritAs = isRecord(value.inheritAs) ? value.inheritAs : {};
  const spec: ConnectSpec = {
    applications,
    globalConfiguration: extractConfiguration(inheritAs.configuration, ['inheritAs', 'configuration']),
  };
  if (isRecord(inheritAs.apiClient) && Array.isArray(inheritAs.apiClient.scopes)) {
    spec.apiClientScopes = inheritAs.apiClient.scopes.filter((s): s is string => typeof s === 'string');
  }
  return spec;
}

function extractConfiguration(configuration: unknown, path: PathSegment[]): ConnectConfigEntry[] {
  if (!isRecord(configuration)) return [];
  const out: ConnectConfigEntry[] = [];
  for (const [field, secured] of [['standardConfiguration', false], ['securedConfiguration', true]] as const) {
    const list = configuration[field];
    if (!Array.isArray(list)) continue;
    list.forEach((item: unknown, i: number) => {
      if (!isRecord(item) || typeof item.key !== 'string') return;
      const entry: ConnectConfigEntry = { key: item.key, secured, path: [...path, field, i] };
      if (typeof item.description === 'string') entry.description = item.description;
      if (typeof item.required === 'boolean') entry.required = item.required;
      if (typeof item.default === 'string') entry.default = item.default;
      out.push(entry);
    });
  }
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}
