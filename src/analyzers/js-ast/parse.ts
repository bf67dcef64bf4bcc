// Parses JavaScript and TypeScript files with oxc-parser into an ESTree / TS-ESTree program plus
// oxc's module record (static imports/exports, dynamic imports). Parse errors come back as
// diagnostics with line and column; nothing here throws on bad input.
//
// Memory: oxc hands the AST over as a JSON string that is only turned into objects when `program` is
// first read (on Node.js < 22 a JSON.parse of the whole tree, the larger part of the cost). An AST
// of a few KB of source takes tens of times that in memory, so analyses that run over every file
// parse with `parseSource` and keep only what they derive: the code rules keep their hits, the import
// analysis its import lists. `parseModuleOf` keeps one result per file for the whole run; it is for
// the few files an analysis needs the tree of more than once (import elision), and `cachedParseOf`
// reuses such a tree instead of parsing again.
import { parseSync, type Comment, type EcmaScriptModule, type OxcError, type ParserOptions, type Program } from 'oxc-parser';
import type { Workspace } from '../../engine/workspace.js';

/** Extensions of files parsed as JavaScript or TypeScript. */
export const SCRIPT_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'] as const;
/** Source files larger than this are generated or bundled code, not something a creator wrote. */
export const MAX_PARSE_BYTES = 1024 * 1024;

export type ScriptLanguage = 'js' | 'jsx' | 'ts' | 'tsx' | 'dts';

export interface SourcePosition {
  line: number;
  column: number;
}

export interface ParseDiagnostic {
  file: string;
  message: string;
  line: number;
  column: number;
}

export interface ParsedModule {
  file: string;
  language: ScriptLanguage;
  /** The ESTree (JS) or TS-ESTree (TS) program; deserialised on first access. */
  readonly program: Program;
  /** oxc's module record: static imports and exports, literal dynamic imports, `import.meta`. */
  module: EcmaScriptModule;
  comments: Comment[];
  /** Syntax errors; the program and module record hold whatever oxc recovered. */
  diagnostics: ParseDiagnostic[];
  /** 1-based line and column of a UTF-16 offset in the source. */
  positionAt(offset: number): SourcePosition;
}

/** A Map, not an object: `x.constructor` must not find Object's constructor. */
const LANGUAGE_BY_EXTENSION: ReadonlyMap<string, ScriptLanguage> = new Map([
  ['ts', 'ts'], ['mts', 'ts'], ['cts', 'ts'], ['tsx', 'tsx'], ['js', 'js'], ['mjs', 'js'], ['cjs', 'js'], ['jsx', 'jsx'],
]);

/** Language of a file by its name, or undefined when it is not a script we parse. */
export function languageOf(file: string): ScriptLanguage | undefined {
  const dot = file.lastIndexOf('.');
  if (dot === -1) return undefined;
  const ext = file.slice(dot + 1);
  const language = LANGUAGE_BY_EXTENSION.get(ext) ?? LANGUAGE_BY_EXTENSION.get(ext.toLowerCase());
  // `.d.ts`, `.d.mts`, `.d.cts` in any case: `.d` right before the extension (asked of every file, often).
  if (language === 'ts' && file.charCodeAt(dot - 2) === 46 /* . */ && (file.charCodeAt(dot - 1) | 32) === 100 /* d */) return 'dts';
  return language;
}

export function isScriptFile(file: string): boolean {
  return languageOf(file) !== undefined;
}

function sourceTypeOf(file: string): ParserOptions['sourceType'] {
  const lower = file.toLowerCase();
  if (lower.endsWith('.mjs') || lower.endsWith('.mts')) return 'module';
  if (lower.endsWith('.cjs') || lower.endsWith('.cts')) return 'commonjs';
  return 'unambiguous';
}

/** Parses one source text. Plain `.js` files holding JSX (common in React apps) are retried as JSX. */
export function parseSource(file: string, text: string): ParsedModule {
  const language = languageOf(file) ?? 'js';
  let lines: number[] | undefined;
  const positionAt = (offset: number): SourcePosition => positionIn((lines ??= lineIndex(text)), offset);
  if (text.length > MAX_PARSE_BYTES) {
    return emptyModule(file, language, positionAt, `${file} is larger than ${MAX_PARSE_BYTES} bytes; not parsed (generated or bundled code?)`);
  }
  const options: ParserOptions = { lang: language, sourceType: sourceTypeOf(file), preserveParens: false };
  let result: ReturnType<typeof parseSync>;
  let usedLanguage = language;
  try {
    result = parseSync(file, text, options);
    if (result.errors.length > 0 && language === 'js') {
      const asJsx = parseSync(file, text, { ...options, lang: 'jsx' });
      if (asJsx.errors.length < result.errors.length) {
        result = asJsx;
        usedLanguage = 'jsx';
      }
    }
  } catch (error) {
    return emptyModule(file, language, positionAt, `${file}: the parser failed: ${(error as Error).message}`);
  }
  const diagnostics = result.errors.map((e) => diagnosticOf(file, e, positionAt));
  return {
    file,
    language: usedLanguage,
    get program() {
      return result.program;
    },
    module: result.module,
    comments: result.comments,
    diagnostics,
    positionAt,
  };
}

/**
 * The parsed module of a workspace file, parsed once per run and kept for the run: only for a few
 * files (see the note at the top). Undefined when the file is absent, unreadable or not a JS/TS file.
 */
export function parseModuleOf(ws: Workspace, file: string): ParsedModule | undefined {
  if (!isScriptFile(file)) return undefined;
  return ws.memo(`ast:${file}`, () => {
    const text = ws.readText(file);
    if (text === undefined) return undefined;
    parsedFiles(ws).add(file);
    return parseSource(file, text);
  });
}

/** The module `parseModuleOf` already holds for `file`, without parsing it when nobody has. */
export function cachedParseOf(ws: Workspace, file: string): ParsedModule | undefined {
  return parsedFiles(ws).has(file) ? parseModuleOf(ws, file) : undefined;
}

function parsedFiles(ws: Workspace): Set<string> {
  return ws.memo('ast:parsed-files', () => new Set<string>());
}

function emptyModule(file: string, language: ScriptLanguage, positionAt: (offset: number) => SourcePosition, message: string): ParsedModule {
  const program: Program = { type: 'Program', body: [], sourceType: 'module', hashbang: null, start: 0, end: 0 } as unknown as Program;
  return {
    file,
    language,
    program,
    module: { hasModuleSyntax: false, staticImports: [], staticExports: [], dynamicImports: [], importMetas: [] },
    comments: [],
    diagnostics: [{ file, message, line: 1, column: 1 }],
    positionAt,
  };
}

function diagnosticOf(file: string, error: OxcError, positionAt: (offset: number) => SourcePosition): ParseDiagnostic {
  const label = error.labels[0];
  const position = label ? positionAt(label.start) : { line: 1, column: 1 };
  return { file, message: `${file}:${position.line}:${position.column}: ${error.message}`, ...position };
}

/** Offsets at which lines start. */
export function lineIndex(text: string): number[] {
  const starts = [0];
  let at = text.indexOf('\n');
  while (at !== -1) {
    starts.push(at + 1);
    at = text.indexOf('\n', at + 1);
  }
  return starts;
}

/** 1-based line and column of an offset, given `lineIndex(text)`. */
export function positionIn(lineStarts: readonly number[], offset: number): SourcePosition {
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (lineStarts[mid]! <= offset) low = mid;
    else high = mid - 1;
  }
  return { line: low + 1, column: offset - lineStarts[low]! + 1 };
}
