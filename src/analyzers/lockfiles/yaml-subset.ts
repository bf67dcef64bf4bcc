// A reader for the YAML subset package managers write: block mappings and sequences indented by
// spaces, plain / single-quoted / double-quoted scalars, one-line flow mappings and sequences
// (`resolution: {integrity: sha512-…}`, `cpu: [x64]`). pnpm-lock.yaml and Yarn 2+ yarn.lock use
// nothing else. General YAML parsers are the reference (tests compare the results on real lock
// files) but are slow on large lock files: the `yaml` package takes ~20× longer than this reader
// on a 150 KB pnpm-lock.yaml. Anything outside the subset (anchors, block scalars, tags,
// multi-line scalars, duplicate keys) makes this reader give up, and the caller falls back to the
// full parser, which also locates syntax errors.

export type YamlValue = string | number | boolean | null | YamlValue[] | { [key: string]: YamlValue };
type YamlMap = { [key: string]: YamlValue };

export interface SubsetOptions {
  /** Plain scalars as YAML 1.2 core schema types (pnpm) or all as strings (js-yaml FAILSAFE, as Yarn reads). */
  scalars: 'core' | 'strings';
}

export type SubsetRead = { ok: true; value: YamlMap } | { ok: false; line: number };

interface Frame {
  indent: number;
  map?: YamlMap;
  seq?: YamlValue[];
}

/** Keys that would change an object's prototype are refused (the full parser reports them). */
const FORBIDDEN_KEYS = new Set(['__proto__']);

export function readYamlSubset(text: string, options: SubsetOptions): SubsetRead {
  const root: YamlMap = Object.create(null) as YamlMap;
  const stack: Frame[] = [{ indent: 0, map: root }];
  let pending: { parent: YamlMap; key: string; indent: number } | undefined;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!;
    if (line.endsWith('\r')) line = line.slice(0, -1);
    let indent = 0;
    while (line.charCodeAt(indent) === 0x20) indent++;
    if (indent === line.length) continue;
    const body = line.slice(indent);
    const fail: SubsetRead = { ok: false, line: i + 1 };
    if (body.startsWith('#')) continue;
    if (body.startsWith('\t') || (indent === 0 && (body.startsWith('---') || body.startsWith('...') || body.startsWith('%')))) return fail;
    const isItem = body === '-' || body.startsWith('- ');

    if (pending) {
      const { parent, key } = pending;
      if (isItem && indent >= pending.indent) {
        const seq: YamlValue[] = [];
        parent[key] = seq;
        stack.push({ indent, seq });
      } else if (!isItem && indent > pending.indent) {
        const map = Object.create(null) as YamlMap;
        parent[key] = map;
        stack.push({ indent, map });
      }
      pending = undefined;
    }
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      if (top.indent > indent || (top.indent === indent && (top.seq !== undefined) !== isItem)) stack.pop();
      else break;
    }
    const top = stack[stack.length - 1];
    if (!top || top.indent !== indent) return fail;

    if (isItem) {
      const rest = body.slice(2);
      if (rest === '' || top.seq === undefined) return fail;
      const value = readInlineValue(rest, options);
      if (value === undefined) return fail;
      top.seq.push(value);
      continue;
    }
    const map = top.map!;
    const key = readMappingKey(body);
    if (!key || FORBIDDEN_KEYS.has(key.key) || Object.prototype.hasOwnProperty.call(map, key.key)) return fail;
    const rest = body.slice(key.end);
    if (rest === '') {
      map[key.key] = null;
      pending = { parent: map, key: key.key, indent };
      continue;
    }
    if (!rest.startsWith(' ')) return fail;
    const value = readInlineValue(rest.trimStart(), options);
    if (value === undefined) return fail;
    map[key.key] = value;
  }
  return { ok: true, value: root };
}

/** `key:` or `key: value` → the key and the offset just after the colon. */
function readMappingKey(body: string): { key: string; end: number } | undefined {
  const quote = body[0];
  if (quote === '"' || quote === "'") {
    const close = closingQuote(body, 0);
    if (close < 0 || body[close + 1] !== ':') return undefined;
    const key = unquote(body.slice(0, close + 1));
    return key === undefined ? undefined : { key, end: close + 2 };
  }
  if (isIndicator(body)) return undefined;
  let colon = body.indexOf(':');
  while (colon >= 0 && colon + 1 < body.length && body[colon + 1] !== ' ') colon = body.indexOf(':', colon + 1);
  if (colon <= 0) return undefined;
  const key = body.slice(0, colon);
  if (key.endsWith(' ') || key.includes(' #')) return undefined;
  return { key, end: colon + 1 };
}

function readInlineValue(text: string, options: SubsetOptions): YamlValue | undefined {
  if (text.startsWith('{')) return readFlow(text, '{', '}', options);
  if (text.startsWith('[')) return readFlow(text, '[', ']', options);
  return readScalar(text, options, false);
}

function readScalar(text: string, options: SubsetOptions, inFlow: boolean): YamlValue | undefined {
  const quote = text[0];
  if (quote === '"' || quote === "'") {
    const close = closingQuote(text, 0);
    if (close !== text.length - 1) return undefined;
    return unquote(text);
  }
  if (text === '' || isIndicator(text) || text.includes(' #') || text.includes(': ') || text.endsWith(':')) return undefined;
  if (inFlow && /[[\]{},]/.test(text)) return undefined;
  return options.scalars === 'strings' ? text : coreScalar(text);
}

/** YAML 1.2 core schema resolution of a plain scalar. */
function coreScalar(text: string): YamlValue | undefined {
  if (/^(true|True|TRUE)$/.test(text)) return true;
  if (/^(false|False|FALSE)$/.test(text)) return false;
  if (/^(null|Null|NULL|~)$/.test(text)) return null;
  if (/^[-+]?[0-9]+$/.test(text)) return Number(text);
  if (/^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/.test(text)) return Number(text);
  // Hexadecimal, octal and the special floats are rare enough to leave to the full parser.
  if (/^(0x|0o|[-+]?\.(inf|Inf|INF)$|\.(nan|NaN|NAN)$)/.test(text)) return undefined;
  return text;
}

/** A one-line flow collection without nesting: `{a: b, c: 'd'}` or `[x, y]`. */
function readFlow(text: string, open: string, close: string, options: SubsetOptions): YamlValue | undefined {
  if (!text.endsWith(close)) return undefined;
  const inner = text.slice(1, -1).trim();
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i];
    if (c === '"' || c === "'") {
      const end = closingQuote(inner, i);
      if (end < 0) return undefined;
      i = end;
    } else if (c === '{' || c === '[' || c === '}' || c === ']') {
      return undefined;
    } else if (c === ',') {
      parts.push(inner.slice(start, i).trim());
      start = i + 1;
    }
  }
  if (inner !== '') parts.push(inner.slice(start).trim());
  if (open === '[') {
    const items: YamlValue[] = [];
    for (const part of parts) {
      const value = readScalar(part, options, true);
      if (value === undefined) return undefined;
      items.push(value);
    }
    return items;
  }
  const map = Object.create(null) as YamlMap;
  for (const part of parts) {
    const key = readMappingKey(part);
    if (!key || FORBIDDEN_KEYS.has(key.key) || Object.prototype.hasOwnProperty.call(map, key.key)) return undefined;
    const rest = part.slice(key.end).trim();
    const value = rest === '' ? null : readScalar(rest, options, true);
    if (value === undefined) return undefined;
    map[key.key] = value;
  }
  return map;
}

/** Characters that start something other than a plain scalar. */
function isIndicator(text: string): boolean {
  const c = text[0];
  if (c === undefined) return false;
  if ('&*!|>%@`{}[],#?'.includes(c)) return true;
  return (c === '-' || c === ':') && (text.length === 1 || text[1] === ' ');
}

function closingQuote(text: string, open: number): number {
  const quote = text[open];
  for (let i = open + 1; i < text.length; i++) {
    const c = text[i];
    if (quote === '"' && c === '\\') i++;
    else if (c === quote) {
      if (quote === "'" && text[i + 1] === "'") i++;
      else return i;
    }
  }
  return -1;
}

function unquote(quoted: string): string | undefined {
  if (quoted.startsWith("'")) return quoted.slice(1, -1).replace(/''/g, "'");
  try {
    // YAML's double-quoted escapes are a superset of JSON's; anything else goes to the full parser.
    return JSON.parse(quoted) as string;
  } catch {
    return undefined;
  }
}
