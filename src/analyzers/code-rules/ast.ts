// Small helpers over oxc-parser's ESTree / TS-ESTree nodes. Nodes are handled structurally (type
// plus fields) rather than through oxc's exhaustive union types: rules look at a few shapes each,
// and a loose type keeps them short.

/** An ESTree node as oxc-parser produces it: `type`, UTF-16 `start`/`end`, and its fields. */
export interface AstNode {
  type: string;
  start: number;
  end: number;
  // oxc's fields differ per node type; rules read the ones they need.
  [field: string]: any;
}

export function isNode(value: unknown): value is AstNode {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

/** Expression wrappers that do not change the value: TS assertions, `!`, parentheses, `?.` chains. */
const TRANSPARENT_WRAPPERS: ReadonlySet<string> = new Set([
  'TSAsExpression',
  'TSSatisfiesExpression',
  'TSNonNullExpression',
  'TSTypeAssertion',
  'TSInstantiationExpression',
  'ParenthesizedExpression',
  'ChainExpression',
]);

/** The expression without TS assertions, non-null marks, parentheses and optional-chain wrappers. */
export function unwrap(node: AstNode | null | undefined): AstNode | undefined {
  let current = node ?? undefined;
  while (current && TRANSPARENT_WRAPPERS.has(current.type)) current = current.expression as AstNode;
  return current;
}

export function isStringLiteral(node: AstNode | null | undefined): node is AstNode & { value: string } {
  return node?.type === 'Literal' && typeof node.value === 'string';
}

/** The value of a string literal or a template literal without substitutions; undefined otherwise. */
export function staticString(node: AstNode | null | undefined): string | undefined {
  const n = unwrap(node);
  if (!n) return undefined;
  if (isStringLiteral(n)) return n.value;
  if (n.type === 'TemplateLiteral' && n.expressions.length === 0) return n.quasis[0]?.value.cooked ?? undefined;
  if (n.type === 'BinaryExpression' && n.operator === '+') {
    const left = staticString(n.left);
    const right = left === undefined ? undefined : staticString(n.right);
    return left !== undefined && right !== undefined ? left + right : undefined;
  }
  return undefined;
}

/** A literal of any kind (string, number, boolean, null, regex) or a substitution-free template. */
export function isStaticValue(node: AstNode | null | undefined): boolean {
  const n = unwrap(node);
  if (!n) return false;
  if (n.type === 'Literal') return true;
  return staticString(n) !== undefined;
}

/** `true`/`false` of a boolean literal (also `!0`/`!1`, `0`/`1` where code means a flag); undefined otherwise. */
export function booleanValue(node: AstNode | null | undefined): boolean | undefined {
  const n = unwrap(node);
  if (!n) return undefined;
  if (n.type === 'Literal' && typeof n.value === 'boolean') return n.value;
  if (n.type === 'Literal' && (n.value === 0 || n.value === 1)) return n.value === 1;
  if (n.type === 'UnaryExpression' && n.operator === '!') {
    const inner = unwrap(n.argument as AstNode);
    if (inner?.type === 'Literal' && (inner.value === 0 || inner.value === 1)) return inner.value === 0;
  }
  return undefined;
}

/** Name of a non-computed (or literal-computed) member property: `a.b` → `b`, `a['b']` → `b`. */
export function memberPropertyName(member: AstNode): string | undefined {
  if (member.type !== 'MemberExpression') return undefined;
  const property = member.property as AstNode;
  if (!member.computed && (property.type === 'Identifier' || property.type === 'PrivateIdentifier')) return property.name as string;
  if (member.computed) {
    const value = staticString(property);
    if (value !== undefined) return value;
    if (property.type === 'Literal' && typeof property.value === 'number') return String(property.value);
  }
  return undefined;
}

/** Key of an object property or class member when it is static: `{ a: 1 }`, `{ 'a-b': 1 }`, `{ ['a']: 1 }`. */
export function propertyKeyName(property: AstNode): string | undefined {
  const key = property.key as AstNode | undefined;
  if (!key) return undefined;
  if (!property.computed && key.type === 'Identifier') return key.name as string;
  if (key.type === 'PrivateIdentifier') return key.name as string;
  const value = staticString(key);
  if (value !== undefined) return value;
  if (key.type === 'Literal' && typeof key.value === 'number') return String(key.value);
  return undefined;
}

/** The property of an object literal with the given static key (last one wins, as in JS). */
export function objectProperty(object: AstNode | undefined, name: string): AstNode | undefined {
  const o = unwrap(object);
  if (o?.type !== 'ObjectExpression') return undefined;
  let found: AstNode | undefined;
  for (const p of o.properties as AstNode[]) if (p.type === 'Property' && propertyKeyName(p) === name) found = p;
  return found;
}

/** True when an object literal spreads something (`{ ...defaults }`): keys may come from elsewhere. */
export function hasSpread(object: AstNode | undefined): boolean {
  const o = unwrap(object);
  return o?.type === 'ObjectExpression' && (o.properties as AstNode[]).some((p) => p.type === 'SpreadElement');
}

/**
 * A readable name for the value an expression denotes: `password` for `password`, `user.password`,
 * `user['password']`, `this.password`; undefined for anything else.
 */
export function valueName(node: AstNode | null | undefined): string | undefined {
  const n = unwrap(node);
  if (!n) return undefined;
  if (n.type === 'Identifier') return n.name as string;
  if (n.type === 'MemberExpression') return memberPropertyName(n);
  return undefined;
}

/** The dotted text of a member chain of identifiers (`req.body.file`), or undefined when it is not one. */
export function dottedName(node: AstNode | null | undefined, maxParts = 8): string | undefined {
  const parts: string[] = [];
  let n = unwrap(node);
  while (n && parts.length < maxParts) {
    if (n.type === 'Identifier') {
      parts.unshift(n.name as string);
      return parts.join('.');
    }
    if (n.type === 'ThisExpression') {
      parts.unshift('this');
      return parts.join('.');
    }
    if (n.type !== 'MemberExpression') return undefined;
    const name = memberPropertyName(n);
    if (name === undefined) return undefined;
    parts.unshift(name);
    n = unwrap(n.object as AstNode);
  }
  return undefined;
}

/** The root identifier of a member chain (`a` for `a.b[c].d`), or undefined. */
export function memberRoot(node: AstNode | null | undefined): AstNode | undefined {
  let n = unwrap(node);
  for (let hops = 0; n && hops < 32; hops++) {
    if (n.type === 'Identifier') return n;
    if (n.type !== 'MemberExpression') return undefined;
    n = unwrap(n.object as AstNode);
  }
  return undefined;
}

export const FUNCTION_TYPES: ReadonlySet<string> = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);

export function isFunction(node: AstNode | null | undefined): boolean {
  return node !== null && node !== undefined && FUNCTION_TYPES.has(node.type);
}

/** Name of a parameter pattern (`req`, `req: Request`, `req = x`), or undefined for destructuring. */
export function paramName(param: AstNode | undefined): string | undefined {
  let p = param;
  if (p?.type === 'TSParameterProperty') p = p.parameter as AstNode;
  if (p?.type === 'AssignmentPattern') p = p.left as AstNode;
  return p?.type === 'Identifier' ? (p.name as string) : undefined;
}

/** The TS type name written on a parameter (`req: express.Request` → `Request`), if any. */
export function paramTypeName(param: AstNode | undefined): string | undefined {
  let p = param;
  if (p?.type === 'TSParameterProperty') p = p.parameter as AstNode;
  if (p?.type === 'AssignmentPattern') p = p.left as AstNode;
  const annotation = (p?.typeAnnotation as AstNode | null | undefined)?.typeAnnotation as AstNode | undefined;
  if (annotation?.type !== 'TSTypeReference') return undefined;
  let name = annotation.typeName as AstNode;
  while (name.type === 'TSQualifiedName') name = name.right as AstNode;
  return name.type === 'Identifier' ? (name.name as string) : undefined;
}

/** Name of a JSX attribute: `href`, or `xmlns:xlink` for a namespaced one. */
export function jsxAttributeName(attribute: AstNode): string {
  const name = attribute.name as AstNode | undefined;
  if (name?.type === 'JSXNamespacedName') return `${String((name.namespace as AstNode).name)}:${String((name.name as AstNode).name)}`;
  return typeof name?.name === 'string' ? name.name : '';
}

/** Source text of a node, shortened for messages. */
export function excerpt(source: string, node: AstNode, max = 80): string {
  const text = source.slice(node.start, node.end).replace(/\s+/g, ' ');
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
