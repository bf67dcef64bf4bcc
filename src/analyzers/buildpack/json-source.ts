// A small strict JSON parser that keeps source positions. JSON.parse gives neither the line of a
// field nor, on Node 20, a position for every syntax error; findings need both ("package.json:12:5").
// Used for package.json (small); lock files use JSON.parse and come here only to locate an error.

export interface JsonPosition {
  line: number;
  column: number;
  offset: number;
}

export interface JsonSyntaxError extends JsonPosition {
  message: string;
}

export type JsonPath = readonly (string | number)[];

export type JsonParseResult =
  | { ok: true; value: unknown; positionOf(path: JsonPath): JsonPosition | undefined }
  | { ok: false; error: JsonSyntaxError };

/** Deeper nesting than this is not a manifest; refuse rather than recurse without bound. */
export const MAX_JSON_DEPTH = 200;
/** Positions are kept for keys this deep (package.json needs `scripts.build`, `engines.node`). */
export const RECORDED_POSITION_DEPTH = 4;

const BYTE_ORDER_MARK = 0xfeff;

class JsonError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

export function parseJsonWithPositions(text: string): JsonParseResult {
  const lines = lineStarts(text);
  const at = (offset: number): JsonPosition => positionAt(lines, offset);
  if (text.charCodeAt(0) === BYTE_ORDER_MARK) {
    return {
      ok: false,
      error: {
        message: 'the file starts with a byte-order mark (U+FEFF); JSON parsers such as the buildpack\'s Go reader reject it',
        ...at(0),
      },
    };
  }
  const positions = new Map<string, number>();
  const parser = new Parser(text, positions);
  try {
    parser.skipWhitespace();
    const value = parser.parseValue([], 0);
    parser.skipWhitespace();
    if (parser.pos < text.length) throw new JsonError(`unexpected ${describe(text, parser.pos)} after the end of the JSON value`, parser.pos);
    return {
      ok: true,
      value,
      positionOf: (path) => {
        const offset = positions.get(pathKey(path));
        return offset === undefined ? undefined : at(offset);
      },
    };
  } catch (error) {
    if (error instanceof JsonError) return { ok: false, error: { message: error.message, ...at(error.offset) } };
    throw error;
  }
}

/** Locates the first syntax error of a text JSON.parse rejected (for big files parsed natively). */
export function locateJsonError(text: string): JsonSyntaxError | undefined {
  const result = parseJsonWithPositions(text);
  return result.ok ? undefined : result.error;
}

class Parser {
  pos = 0;

  constructor(
    private readonly text: string,
    private readonly positions: Map<string, number>,
  ) {}

  skipWhitespace(): void {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) this.pos++;
      else break;
    }
  }

  parseValue(path: (string | number)[], depth: number): unknown {
    if (depth > MAX_JSON_DEPTH) throw new JsonError(`nesting deeper than ${MAX_JSON_DEPTH} levels`, this.pos);
    const t = this.text;
    if (this.pos >= t.length) throw new JsonError('unexpected end of file: a value is missing', this.pos);
    const c = t[this.pos];
    if (c === '{') return this.parseObject(path, depth);
    if (c === '[') return this.parseArray(path, depth);
    if (c === '"') return this.parseString();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.parseNumber();
    for (const [word, value] of [['true', true], ['false', false], ['null', null]] as const) {
      if (t.startsWith(word, this.pos)) {
        this.pos += word.length;
        return value;
      }
    }
    throw new JsonError(`unexpected ${describe(t, this.pos)}: expected a value`, this.pos);
  }

  private parseObject(path: (string | number)[], depth: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    this.pos++; // {
    this.skipWhitespace();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return out;
    }
    for (;;) {
      this.skipWhitespace();
      if (this.text[this.pos] !== '"') {
        const trailing = this.text[this.pos] === '}';
        throw new JsonError(
          trailing ? 'trailing comma before "}" (not allowed in JSON)' : `unexpected ${describe(this.text, this.pos)}: expected a double-quoted property name`,
          trailing ? this.previousComma() : this.pos,
        );
      }
      const keyOffset = this.pos;
      const key = this.parseString();
      const childPath = [...path, key];
      if (childPath.length <= RECORDED_POSITION_DEPTH) this.positions.set(pathKey(childPath), keyOffset);
      this.skipWhitespace();
      if (this.text[this.pos] !== ':') throw new JsonError(`unexpected ${describe(this.text, this.pos)}: expected ":" after property name "${key}"`, this.pos);
      this.pos++;
      this.skipWhitespace();
      // defineProperty so a key named "__proto__" is stored as data, never as a prototype.
      Object.defineProperty(out, key, { value: this.parseValue(childPath, depth + 1), enumerable: true, writable: true, configurable: true });
      this.skipWhitespace();
      const next = this.text[this.pos];
      if (next === ',') {
        this.pos++;
        continue;
      }
      if (next === '}') {
        this.pos++;
        return out;
      }
      throw new JsonError(
        this.pos >= this.text.length ? 'unexpected end of file: "}" is missing' : `unexpected ${describe(this.text, this.pos)}: expected "," or "}"`,
        this.pos,
      );
    }
  }

  private parseArray(path: (string | number)[], depth: number): unknown[] {
    const out: unknown[] = [];
    this.pos++; // [
    this.skipWhitespace();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return out;
    }
    for (;;) {
      this.skipWhitespace();
      if (this.text[this.pos] === ']') throw new JsonError('trailing comma before "]" (not allowed in JSON)', this.previousComma());
      const childPath = [...path, out.length];
      if (childPath.length <= RECORDED_POSITION_DEPTH) this.positions.set(pathKey(childPath), this.pos);
      out.push(this.parseValue(childPath, depth + 1));
      this.skipWhitespace();
      const next = this.text[this.pos];
      if (next === ',') {
        this.pos++;
        continue;
      }
      if (next === ']') {
        this.pos++;
        return out;
      }
      throw new JsonError(
        this.pos >= this.text.length ? 'unexpected end of file: "]" is missing' : `unexpected ${describe(this.text, this.pos)}: expected "," or "]"`,
        this.pos,
      );
    }
  }

  parseString(): string {
    const t = this.text;
    const start = this.pos;
    let i = start + 1;
    while (i < t.length) {
      const c = t.charCodeAt(i);
      if (c === 0x22) break; // "
      if (c === 0x5c) {
        i += 2; // skip the escaped character; JSON.parse below validates the escape
        continue;
      }
      if (c < 0x20) throw new JsonError('control character inside a string (a raw line break?)', i);
      i++;
    }
    if (i >= t.length) throw new JsonError('unterminated string', start);
    this.pos = i + 1;
    try {
      return JSON.parse(t.slice(start, i + 1)) as string;
    } catch {
      throw new JsonError('invalid escape sequence in a string', start);
    }
  }

  private parseNumber(): number {
    const pattern = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
    pattern.lastIndex = this.pos;
    const match = pattern.exec(this.text);
    if (!match) throw new JsonError(`invalid number at ${describe(this.text, this.pos)}`, this.pos);
    this.pos += match[0].length;
    return Number(match[0]);
  }

  private previousComma(): number {
    let i = this.pos - 1;
    while (i > 0 && this.text[i] !== ',') i--;
    return i;
  }
}

function pathKey(path: JsonPath): string {
  return JSON.stringify(path);
}

function describe(text: string, offset: number): string {
  if (offset >= text.length) return 'end of file';
  const ch = text[offset]!;
  if (ch === '\n' || ch === '\r') return 'line break';
  return `character ${JSON.stringify(ch)}`;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 0x0a) starts.push(i + 1);
  return starts;
}

function positionAt(starts: number[], offset: number): JsonPosition {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo]! + 1, offset };
}
