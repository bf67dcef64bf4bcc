// The module specifiers one file imports, with positions. The fast scanner (scan.ts) reads most
// files; a file it cannot read with certainty (JSX, odd syntax) is parsed with oxc, and an AST
// another check already parsed is reused. Only the import list is kept per file, never the AST.
import { Visitor, type CallExpression, type Expression, type TSImportEqualsDeclaration } from 'oxc-parser';
import type { Workspace } from '../../engine/workspace.js';
import {
  cachedParseOf,
  languageOf,
  MAX_PARSE_BYTES,
  parseSource,
  type ParseDiagnostic,
  type ParsedModule,
} from '../js-ast/parse.js';
import { scanImports, type ImportKind, type ScannedImport } from './scan.js';

export type { ImportKind } from './scan.js';

export interface ImportRecord {
  specifier: string;
  kind: ImportKind;
  typeOnly: boolean;
  line: number;
  column: number;
}

export interface FileImports {
  file: string;
  imports: ImportRecord[];
  /** Syntax errors, when the file had to be parsed and did not parse cleanly. */
  diagnostics: ParseDiagnostic[];
  /** Which reader produced the list (for tests and the bench). */
  reader: 'scanner' | 'oxc' | 'none';
}

/** Imports of a source text. Declaration files (`.d.ts`) import only types: empty. */
export function importsOfSource(file: string, text: string): FileImports {
  const language = languageOf(file);
  if (language === undefined || language === 'dts') return { file, imports: [], diagnostics: [], reader: 'none' };
  if (text.length > MAX_PARSE_BYTES) {
    return {
      file,
      imports: [],
      diagnostics: [{ file, message: `${file} is larger than ${MAX_PARSE_BYTES} bytes; not analysed (generated or bundled code?)`, line: 1, column: 1 }],
      reader: 'none',
    };
  }
  // JSX files go straight to the parser: JSX text may hold quotes the scanner cannot pair.
  if (language !== 'jsx' && language !== 'tsx') {
    const scanned = scanImports(text);
    if (scanned.complete) return { file, imports: withPositions(text, scanned.imports), diagnostics: [], reader: 'scanner' };
  }
  return importsOfParsed(parseSource(file, text), text);
}

/** Imports of a workspace file, computed once per run; undefined when the file cannot be read. */
export function importsOf(ws: Workspace, file: string): FileImports | undefined {
  // One map per run rather than a memo key per file: the import analyses look up every file.
  const byFile = ws.memo('imports:by-file', () => new Map<string, FileImports | undefined>());
  if (byFile.has(file)) return byFile.get(file);
  const result = ((): FileImports | undefined => {
    const language = languageOf(file);
    if (language === undefined) return undefined;
    const text = ws.readText(file);
    if (text === undefined) return undefined;
    const parsed = cachedParseOf(ws, file);
    return parsed ? importsOfParsed(parsed, text) : importsOfSource(file, text);
  })();
  byFile.set(file, result);
  return result;
}

/** Imports from an oxc parse: the module record, plus an AST walk for `require` when the text has one. */
export function importsOfParsed(parsed: ParsedModule, text: string): FileImports {
  const found: ScannedImport[] = [];
  const mod = parsed.module;
  for (const imp of mod.staticImports) {
    let typeOnly: boolean;
    if (imp.entries.length > 0) typeOnly = imp.entries.every((e) => e.isType);
    else typeOnly = /^import\s+type\s*[{*]/.test(text.slice(imp.start, imp.moduleRequest.start)); // `import type {} from`
    found.push({ specifier: imp.moduleRequest.value, kind: 'import', typeOnly, start: imp.moduleRequest.start });
  }
  for (const exp of mod.staticExports) {
    // Only `export … from 'x'`, where the source follows the specifier: oxc also gives
    // `export { a }` of an imported `a` the import's module (which comes before it).
    const fromModule = exp.entries.filter((e) => e.moduleRequest !== null && e.moduleRequest.start > e.start);
    const request = fromModule[0]?.moduleRequest;
    if (!request) continue;
    found.push({ specifier: request.value, kind: 'export', typeOnly: fromModule.every((e) => e.isType), start: request.start });
  }
  for (const dyn of mod.dynamicImports) {
    const literal = literalValue(text.slice(dyn.moduleRequest.start, dyn.moduleRequest.end));
    if (literal !== undefined) found.push({ specifier: literal, kind: 'dynamic', typeOnly: false, start: dyn.moduleRequest.start });
  }
  if (/\brequire\b/.test(text)) {
    const visitor = new Visitor({
      CallExpression(node: CallExpression) {
        const callee = node.callee;
        let kind: ImportKind | undefined;
        if (callee.type === 'Identifier' && callee.name === 'require') kind = 'require';
        else if (
          callee.type === 'MemberExpression' &&
          !callee.computed &&
          callee.object.type === 'Identifier' &&
          callee.object.name === 'require' &&
          callee.property.type === 'Identifier' &&
          callee.property.name === 'resolve'
        ) {
          kind = 'require-resolve';
        }
        if (!kind) return;
        const arg = node.arguments[0];
        const value = arg ? staticString(arg as Expression) : undefined;
        if (value !== undefined && arg) found.push({ specifier: value, kind, typeOnly: false, start: arg.start });
      },
      TSImportEqualsDeclaration(node: TSImportEqualsDeclaration) {
        const ref = node.moduleReference;
        if (ref.type !== 'TSExternalModuleReference') return;
        found.push({ specifier: ref.expression.value, kind: 'import-equals', typeOnly: node.importKind === 'type', start: ref.expression.start });
      },
    });
    visitor.visit(parsed.program);
  }
  found.sort((a, b) => a.start - b.start);
  return { file: parsed.file, imports: withPositions(text, found), diagnostics: parsed.diagnostics, reader: 'oxc' };
}

function staticString(node: Expression): string | undefined {
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}

/** The value of a string or substitution-free template literal's source text, else undefined. */
function literalValue(source: string): string | undefined {
  const quote = source[0];
  if ((quote === '"' || quote === "'") && source.endsWith(quote) && source.length >= 2) {
    const body = source.slice(1, -1);
    if (!body.includes('\\')) return body;
    try {
      return JSON.parse(`"${body.replace(/\\'/g, "'").replace(/"/g, '\\"')}"`) as string;
    } catch {
      return undefined;
    }
  }
  if (quote === '`' && source.endsWith('`') && source.length >= 2 && !source.includes('${')) return source.slice(1, -1);
  return undefined;
}

/** Line and column of each import; counts line breaks only up to the last import (they are in order). */
function withPositions(text: string, found: readonly ScannedImport[]): ImportRecord[] {
  const out: ImportRecord[] = [];
  let line = 1;
  let lineStart = 0;
  let nextBreak = text.indexOf('\n');
  for (const f of found) {
    if (f.start < lineStart) {
      // Out of order (never from the scanner or the sorted oxc list): recount from the start.
      line = 1;
      lineStart = 0;
      nextBreak = text.indexOf('\n');
    }
    while (nextBreak !== -1 && nextBreak < f.start) {
      line++;
      lineStart = nextBreak + 1;
      nextBreak = text.indexOf('\n', lineStart);
    }
    out.push({ specifier: f.specifier, kind: f.kind, typeOnly: f.typeOnly, line, column: f.start - lineStart + 1 });
  }
  return out;
}
