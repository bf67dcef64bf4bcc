// TypeScript drops an import whose bindings are only used as types (import elision), unless the
// tsconfig says to keep imports as written (`verbatimModuleSyntax`, `preserveValueImports`). Such
// an import never loads its package at run time, so a devDependency imported that way is fine.
// Deciding it needs the AST (where each imported name is referenced): done only for the few imports
// a check cares about, through the shared `parseModuleOf`.
import type { Workspace } from '../../engine/workspace.js';
import { languageOf, parseModuleOf, type ParsedModule } from '../js-ast/parse.js';
import type { PackageImport } from './app.js';
import { tsconfigOf } from './tsconfig.js';

/** Keys under which TS-ESTree keeps type-only children. */
const TYPE_KEYS: ReadonlySet<string> = new Set(['typeAnnotation', 'returnType', 'typeParameters', 'typeArguments', 'superTypeArguments', 'implements']);
/** Declarations that emit nothing. */
const TYPE_ONLY_NODES: ReadonlySet<string> = new Set([
  'ImportDeclaration', 'TSInterfaceDeclaration', 'TSTypeAliasDeclaration', 'TSDeclareFunction', 'TSTypeAnnotation', 'TSTypeReference',
  'TSTypeQuery', 'TSImportType', 'TSIndexSignature', 'TSAbstractMethodDefinition', 'TSAbstractPropertyDefinition',
]);

type AstNode = { type: string; [key: string]: unknown };

/** True when tsc would remove this import from the compiled JavaScript. */
export function isElidedByTypeScript(ws: Workspace, imp: PackageImport, appDir: string): boolean {
  if (imp.kind !== 'import' && imp.kind !== 'import-equals') return false;
  const language = languageOf(imp.file);
  if (language !== 'ts' && language !== 'tsx') return false;
  if (tsconfigOf(ws, appDir).keepsImports) return false;
  const parsed = parseModuleOf(ws, imp.file);
  if (!parsed || parsed.diagnostics.length > 0) return false;
  const names = bindingsOf(parsed, imp);
  if (names === undefined || names.size === 0) return false; // side-effect import: kept
  return !valueReferencesAny(parsed.program as unknown as AstNode, names);
}

/** Local value bindings of the import statement at the import's position; undefined if not found. */
function bindingsOf(parsed: ParsedModule, imp: PackageImport): Set<string> | undefined {
  for (const statement of parsed.program.body as unknown as AstNode[]) {
    if (statement.type === 'ImportDeclaration') {
      const source = statement.source as { value: string; start: number };
      if (source.value !== imp.specifier || !samePosition(parsed, source.start, imp)) continue;
      if (statement.importKind === 'type') return new Set();
      const names = new Set<string>();
      for (const spec of statement.specifiers as AstNode[]) {
        if (spec.importKind === 'type') continue;
        names.add((spec.local as { name: string }).name);
      }
      // `import {} from 'x'` keeps nothing; `import 'x'` has no specifiers at all and is kept.
      return (statement.specifiers as AstNode[]).length === 0 ? undefined : names;
    }
    if (statement.type === 'TSImportEqualsDeclaration') {
      const ref = statement.moduleReference as AstNode & { expression?: { value: string; start: number } };
      if (ref.type !== 'TSExternalModuleReference' || !ref.expression || ref.expression.value !== imp.specifier) continue;
      if (!samePosition(parsed, ref.expression.start, imp)) continue;
      return new Set([(statement.id as { name: string }).name]);
    }
  }
  return undefined;
}

function samePosition(parsed: ParsedModule, offset: number, imp: PackageImport): boolean {
  const pos = parsed.positionAt(offset);
  return pos.line === imp.line && pos.column === imp.column;
}

/** Whether any of `names` is referenced in a value position (ignoring shadowing: errs towards "used"). */
function valueReferencesAny(program: AstNode, names: ReadonlySet<string>): boolean {
  const stack: AstNode[] = [program];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (TYPE_ONLY_NODES.has(node.type) || node.declare === true) continue;
    if (node.exportKind === 'type' || node.importKind === 'type') continue;
    if ((node.type === 'Identifier' || node.type === 'JSXIdentifier') && names.has(node.name as string)) return true;
    for (const key of Object.keys(node)) {
      if (TYPE_KEYS.has(key) || key === 'parent') continue;
      // Property names are not references: `a.Foo`, `{ Foo: 1 }`, `class { Foo() {} }`.
      if (key === 'property' && node.type === 'MemberExpression' && node.computed !== true) continue;
      if (key === 'key' && node.computed !== true && node.shorthand !== true) continue;
      if (key === 'name' && node.type === 'JSXAttribute') continue;
      const child = node[key];
      if (Array.isArray(child)) {
        for (const item of child) if (item && typeof item === 'object' && typeof (item as AstNode).type === 'string') stack.push(item as AstNode);
      } else if (child && typeof child === 'object' && typeof (child as AstNode).type === 'string') {
        stack.push(child as AstNode);
      }
    }
  }
  return false;
}
