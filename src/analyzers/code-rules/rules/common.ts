// Helpers several rules share: the data files, where a value ends up (the name it is given, whether
// it is a fallback of a configuration read), log calls, built-up strings, one level of constant
// resolution.
import sinks from '../data/sinks.json' with { type: 'json' };
import { dottedName, isFunction, jsxAttributeName, memberPropertyName, memberRoot, propertyKeyName, staticString, unwrap, valueName, type AstNode } from '../ast.js';
import type { WalkContext } from '../walk.js';

export const SINKS = sinks;
export const FS_PATH_ARGUMENTS: Readonly<Record<string, readonly number[]>> = sinks.fsPathArguments;
export const FS_WRITE_TARGETS: Readonly<Record<string, number>> = sinks.fsWriteTargets;
export const HTTP_CLIENTS: Readonly<Record<string, number>> = sinks.httpClients;
export const SYNC_CPU_CALLS: Readonly<Record<string, string>> = sinks.syncCpuCalls;
export const LOG_METHODS: ReadonlySet<string> = new Set(sinks.logMethods);
export const CONSOLE_DEBUG_METHODS: ReadonlySet<string> = new Set(sinks.consoleDebugMethods);
const LOGGER_OBJECT = new RegExp(sinks.loggerObjectPattern);

/** A step up the tree: an ancestor and the field of it that holds the node below. */
export interface Step {
  node: AstNode;
  key: string;
  /** Index in ctx.ancestors. */
  index: number;
}

/** Ancestors from the parent outward, each with the field holding the node below it. `skip` starts higher up. */
export function* upward(ctx: WalkContext, skip = 0): Generator<Step> {
  for (let i = ctx.ancestors.length - 1 - skip; i >= 0; i--) yield { node: ctx.ancestors[i]!, key: ctx.keys[i]!, index: i };
}

/** Nodes a value passes through unchanged in meaning (for "where does this value end up"). */
const VALUE_WRAPPERS: ReadonlySet<string> = new Set([
  'TSAsExpression', 'TSSatisfiesExpression', 'TSNonNullExpression', 'TSTypeAssertion', 'ParenthesizedExpression', 'ChainExpression',
  'AwaitExpression', 'TemplateLiteral', 'SpreadElement',
]);

export interface ValueTarget {
  /** The name the value is stored under or returned as. */
  name: string;
  via: 'variable' | 'assignment' | 'property' | 'return' | 'receiver' | 'parameter-default' | 'jsx-attribute';
}

/**
 * The name a value computed at the current node (or `skip` levels up) ends up under: the variable
 * it initialises, the property or variable it is assigned to, the function that returns it, the
 * collection it is pushed into. Passes through arithmetic, concatenation, method calls on the value
 * (`.toString(36)`) and calls that take it as an argument (`Math.floor(…)`, `chars.charAt(…)`).
 */
export function valueTarget(ctx: WalkContext, skip = 0, consumers: ReadonlySet<string> = TIMER_LIKE): ValueTarget | undefined {
  let steps = 0;
  for (const { node, key, index } of upward(ctx, skip)) {
    if (++steps > 16) return undefined;
    if (VALUE_WRAPPERS.has(node.type)) continue;
    switch (node.type) {
      case 'BinaryExpression':
      case 'UnaryExpression':
      case 'LogicalExpression':
      case 'ArrayExpression':
      case 'JSXExpressionContainer':
        continue;
      case 'ConditionalExpression':
        if (key === 'test') return undefined;
        continue;
      case 'MemberExpression':
        if (key === 'object' || (key === 'property' && node.computed)) continue;
        return undefined;
      case 'CallExpression':
      case 'NewExpression': {
        if (key === 'callee') continue;
        const callee = unwrap(node.callee as AstNode);
        const method = callee?.type === 'MemberExpression' ? memberPropertyName(callee) : callee?.type === 'Identifier' ? (callee.name as string) : undefined;
        if (method !== undefined && consumers.has(method)) return undefined;
        if (callee?.type === 'MemberExpression' && method !== undefined && COLLECTING_METHODS.has(method)) {
          const name = valueName(callee.object as AstNode);
          return name === undefined ? undefined : { name, via: 'receiver' };
        }
        continue;
      }
      case 'VariableDeclarator':
        if (key === 'init' && (node.id as AstNode).type === 'Identifier') return { name: (node.id as AstNode).name as string, via: 'variable' };
        return undefined;
      case 'AssignmentExpression': {
        if (key !== 'right') return undefined;
        const name = valueName(node.left as AstNode);
        return name === undefined ? undefined : { name, via: 'assignment' };
      }
      case 'AssignmentPattern': {
        const left = unwrap(node.left as AstNode);
        return key === 'right' && left?.type === 'Identifier' ? { name: left.name as string, via: 'parameter-default' } : undefined;
      }
      case 'Property':
      case 'PropertyDefinition': {
        if (key !== 'value') return undefined;
        const name = propertyKeyName(node);
        return name === undefined ? undefined : { name, via: 'property' };
      }
      case 'ReturnStatement': {
        const fn = innermostFunctionAbove(ctx, index);
        return fn?.name !== undefined ? { name: fn.name, via: 'return' } : undefined;
      }
      case 'ArrowFunctionExpression': {
        if (key !== 'body') return undefined;
        const fn = ctx.functions.find((f) => f.node === node);
        return fn?.name !== undefined ? { name: fn.name, via: 'return' } : undefined;
      }
      case 'JSXAttribute':
        return { name: jsxAttributeName(node), via: 'jsx-attribute' };
      default:
        return undefined;
    }
  }
  return undefined;
}

/** Calls whose argument is consumed (a delay, a sleep), not turned into a stored value. */
export const TIMER_LIKE: ReadonlySet<string> = new Set(['setTimeout', 'setInterval', 'sleep', 'delay', 'wait', 'setImmediate', 'backoff', 'retry']);
/** `tokens.push(x)`: the value joins the receiver. */
const COLLECTING_METHODS: ReadonlySet<string> = new Set(['push', 'unshift', 'set', 'append', 'add', 'concat']);

function innermostFunctionAbove(ctx: WalkContext, index: number): { name?: string } | undefined {
  for (let i = index; i >= 0; i--) {
    const node = ctx.ancestors[i]!;
    if (isFunction(node)) return ctx.functions.find((f) => f.node === node);
  }
  return undefined;
}

/** Is this call a log statement: `console.*`, or a log method on a logger-named object (`logger.info`, `this.logger.warn`, `req.log.error`)? */
export function logCallOf(ctx: WalkContext, call: AstNode): { kind: 'console' | 'logger'; method: string } | undefined {
  const callee = unwrap(call.callee as AstNode);
  if (callee?.type !== 'MemberExpression') return undefined;
  const method = memberPropertyName(callee);
  if (method === undefined || !LOG_METHODS.has(method)) return undefined;
  const object = unwrap(callee.object as AstNode);
  if (object?.type === 'Identifier' && object.name === 'console' && ctx.lookup('console') === undefined) return { kind: 'console', method };
  const objectName = valueName(object);
  if (objectName !== undefined && objectName !== 'console' && LOGGER_OBJECT.test(objectName)) return { kind: 'logger', method };
  return undefined;
}

/** The initial value of a constant (or never-reassigned variable) an identifier names; one level. */
export function constantValue(ctx: WalkContext, node: AstNode | undefined): AstNode | undefined {
  const n = unwrap(node);
  if (n?.type !== 'Identifier') return undefined;
  const binding = ctx.lookup(n.name as string);
  if (!binding || binding.reassigned || (binding.kind !== 'const' && binding.kind !== 'let' && binding.kind !== 'var')) return undefined;
  return binding.init;
}

/** An object literal given directly or through a constant. */
export function objectLiteralOf(ctx: WalkContext, node: AstNode | undefined): AstNode | undefined {
  const n = unwrap(node);
  if (n?.type === 'ObjectExpression') return n;
  const value = unwrap(constantValue(ctx, n));
  return value?.type === 'ObjectExpression' ? value : undefined;
}

/** A string literal given directly or through a constant. */
export function staticStringOf(ctx: WalkContext, node: AstNode | undefined): string | undefined {
  return staticString(node) ?? staticString(constantValue(ctx, node));
}

/**
 * A string assembled at run time from non-literal parts: a template with substitutions, `+` with a
 * non-literal operand, `[…].join()`, `util.format()`; directly or through one constant.
 */
export function isBuiltUpString(ctx: WalkContext, node: AstNode | undefined, depth = 0): boolean {
  const n = unwrap(node);
  if (!n || depth > 2) return false;
  switch (n.type) {
    case 'TemplateLiteral':
      return (n.expressions as AstNode[]).some((e) => staticString(e) === undefined);
    case 'BinaryExpression':
      return n.operator === '+' && staticString(n) === undefined;
    case 'CallExpression': {
      const callee = unwrap(n.callee as AstNode);
      const method = callee?.type === 'MemberExpression' ? memberPropertyName(callee) : undefined;
      if (method === 'join' || method === 'concat') return true;
      if (method === 'replace' || method === 'replaceAll' || method === 'trim') return isBuiltUpString(ctx, callee!.object as AstNode, depth + 1);
      const name = ctx.calleeName(n);
      return name === 'util.format' || name === 'format';
    }
    case 'Identifier':
      return isBuiltUpString(ctx, constantValue(ctx, n), depth + 1);
    default:
      return false;
  }
}

/** Names an expression mentions as values: identifiers and member property names, inside templates, concatenations, calls' arguments. */
export function mentionedNames(node: AstNode | undefined, out: string[] = [], depth = 0): string[] {
  const n = unwrap(node);
  if (!n || depth > 6 || out.length > 32) return out;
  switch (n.type) {
    case 'Identifier':
      out.push(n.name as string);
      break;
    case 'MemberExpression': {
      const name = memberPropertyName(n);
      if (name !== undefined) out.push(name);
      if (n.computed) mentionedNames(n.property as AstNode, out, depth + 1);
      break;
    }
    case 'TemplateLiteral':
      for (const e of n.expressions as AstNode[]) mentionedNames(e, out, depth + 1);
      break;
    case 'BinaryExpression':
    case 'LogicalExpression':
      mentionedNames(n.left as AstNode, out, depth + 1);
      mentionedNames(n.right as AstNode, out, depth + 1);
      break;
    case 'CallExpression':
      for (const a of n.arguments as AstNode[]) mentionedNames(a, out, depth + 1);
      if (unwrap(n.callee as AstNode)?.type === 'MemberExpression') mentionedNames((unwrap(n.callee as AstNode) as AstNode).object as AstNode, out, depth + 1);
      break;
    case 'ConditionalExpression':
      mentionedNames(n.consequent as AstNode, out, depth + 1);
      mentionedNames(n.alternate as AstNode, out, depth + 1);
      break;
    default:
      break;
  }
  return out;
}

/** Identifier names a configuration object typically has. */
const CONFIG_OBJECT_NAMES = /^(?:env|environment|config|conf|cfg|configuration|settings|options|opts|process)$/i;
/** Functions that read configuration with a default: `getEnv('X', 'default')`, `config.get('x', …)`. */
export const CONFIG_GETTER = /(?:^|\.)(?:get)?env(?:var|ironment)?(?:or(?:default)?)?$|(?:^|\.)(?:read|require|load)env|(?:^|\.)(?:get)?config(?:value)?$|config\.get$|(?:^|\.)(?:get)?setting$/i;

/** The expression reads configuration: `process.env.X`, `import.meta.env.X`, `env.X` / `config.x`, an alias of process.env, `getEnv('X')`. */
export function readsConfiguration(ctx: WalkContext, node: AstNode | undefined, depth = 0): boolean {
  const n = unwrap(node);
  if (!n || depth > 6) return false;
  switch (n.type) {
    case 'MemberExpression': {
      const dotted = dottedName(n);
      if (dotted !== undefined && (dotted.startsWith('process.env') || dotted.startsWith('import.meta.env'))) return true;
      if (n.object && unwrap(n.object as AstNode)?.type === 'MetaProperty') return memberPropertyName(n) === 'env';
      const root = memberRoot(n);
      if (root) {
        if (CONFIG_OBJECT_NAMES.test(root.name as string)) return true;
        const binding = ctx.lookup(root.name as string);
        const init = binding?.init ? dottedName(binding.init) : undefined;
        if (init === 'process.env' || init === 'import.meta.env') return true;
      }
      return readsConfiguration(ctx, n.object as AstNode, depth + 1);
    }
    case 'Identifier': {
      const binding = ctx.lookup(n.name as string);
      if (!binding) return false;
      if (binding.kind === 'param' && CONFIG_OBJECT_NAMES.test(n.name as string)) return false;
      const init = binding.init;
      return init !== undefined && depth < 2 && readsConfiguration(ctx, init, depth + 1);
    }
    case 'CallExpression': {
      const callee = unwrap(n.callee as AstNode);
      const name = callee ? dottedName(callee) : undefined;
      if (name !== undefined && CONFIG_GETTER.test(name)) return true;
      if (callee?.type === 'MemberExpression') return readsConfiguration(ctx, callee.object as AstNode, depth + 1);
      return false;
    }
    case 'LogicalExpression':
    case 'BinaryExpression':
      return readsConfiguration(ctx, n.left as AstNode, depth + 1) || readsConfiguration(ctx, n.right as AstNode, depth + 1);
    case 'ConditionalExpression':
      return readsConfiguration(ctx, n.test as AstNode, depth + 1);
    case 'TemplateLiteral':
      return (n.expressions as AstNode[]).some((e) => readsConfiguration(ctx, e, depth + 1));
    default:
      return false;
  }
}

/**
 * Whether the value at the current node (or `skip` levels up) is only the fallback of a
 * configuration read: `process.env.X ?? value`, `env.X || value`, `process.env.X ? process.env.X :
 * value`, `const { X = value } = process.env`, `getEnv('X', value)`.
 */
export function isConfigurationFallback(ctx: WalkContext, skip = 0): boolean {
  let steps = 0;
  for (const { node, key } of upward(ctx, skip)) {
    if (++steps > 10) return false;
    if (VALUE_WRAPPERS.has(node.type)) continue;
    switch (node.type) {
      case 'LogicalExpression':
        if ((node.operator === '??' || node.operator === '||') && key === 'right' && readsConfiguration(ctx, node.left as AstNode)) return true;
        continue;
      case 'ConditionalExpression':
        if (key !== 'test' && readsConfiguration(ctx, node.test as AstNode)) return true;
        if (key === 'test') return false;
        continue;
      case 'BinaryExpression':
        if (node.operator !== '+') return false;
        continue;
      case 'NewExpression':
      case 'CallExpression': {
        if (key !== 'arguments') return false;
        const callee = unwrap(node.callee as AstNode);
        const name = callee ? dottedName(callee) : undefined;
        const args = node.arguments as AstNode[];
        if (name !== undefined && CONFIG_GETTER.test(name) && args.length > 1) return true;
        if (name === 'URL' || name === 'String') continue;
        return false;
      }
      case 'AssignmentPattern': {
        if (key !== 'right') return false;
        return destructuresConfiguration(ctx, node);
      }
      case 'Property':
        if (key === 'value') continue;
        return false;
      default:
        return false;
    }
  }
  return false;
}

/** `const { X = default } = process.env` (the default is in a pattern whose source is configuration). */
function destructuresConfiguration(ctx: WalkContext, pattern: AstNode): boolean {
  for (const { node, key } of upward(ctx, 0)) {
    if (node === pattern) continue;
    if (node.type === 'Property' || node.type === 'ObjectPattern' || node.type === 'AssignmentPattern' || node.type === 'ArrayPattern') continue;
    if (node.type === 'VariableDeclarator' && key === 'id') return readsConfiguration(ctx, node.init as AstNode);
    if (node.type === 'AssignmentExpression' && key === 'left') return readsConfiguration(ctx, node.right as AstNode);
    return false;
  }
  return false;
}

/** `if (process.env.NODE_ENV !== 'production')`, `isDev ? … : …`: a test that is true only outside production. */
const DEV_POSITIVE = /NODE_ENV\s*[!=]==?\s*['"`](?:development|dev|local|test)['"`]|['"`](?:development|dev|local|test)['"`]\s*[!=]==?\s*[\w.$[\]'"]*NODE_ENV|NODE_ENV\s*!==?\s*['"`]production['"`]|['"`]production['"`]\s*!==?\s*[\w.$[\]'"]*NODE_ENV|\b(?:isDev|isDevelopment|isLocal|isTest|inDevelopment|__DEV__|IS_DEV|IS_LOCAL|IS_DEVELOPMENT|devMode|DEV_MODE)\b|import\.meta\.env\.DEV\b/;
const DEV_NEGATIVE = /NODE_ENV\s*===?\s*['"`]production['"`]|['"`]production['"`]\s*===?\s*[\w.$[\]'"]*NODE_ENV|\b(?:isProd|isProduction|IS_PROD|IS_PRODUCTION)\b|import\.meta\.env\.PROD\b/;

/** The current node only runs in development: inside the development branch of an environment test. */
export function inDevelopmentBranch(ctx: WalkContext, skip = 0): boolean {
  for (const { node, key } of upward(ctx, skip)) {
    if (node.type !== 'IfStatement' && node.type !== 'ConditionalExpression' && node.type !== 'LogicalExpression') continue;
    const test = node.type === 'LogicalExpression' ? (node.left as AstNode) : (node.test as AstNode);
    if (key === 'test' || (node.type === 'LogicalExpression' && key === 'left')) continue;
    const text = ctx.source.slice(test.start, test.end);
    const negated = /^\s*!/.test(text);
    let devWhenTrue: boolean | undefined;
    if (DEV_POSITIVE.test(text)) devWhenTrue = !negated;
    else if (DEV_NEGATIVE.test(text)) devWhenTrue = negated;
    if (devWhenTrue === undefined) continue;
    if (node.type === 'LogicalExpression') {
      if ((node.operator === '&&' && devWhenTrue) || (node.operator === '||' && !devWhenTrue)) return true;
      continue;
    }
    if ((key === 'consequent' && devWhenTrue) || (key === 'alternate' && !devWhenTrue)) return true;
  }
  return false;
}

/** A file meant for development only, by its path: `src/dev/…`, `dev-server.ts`, `config.local.ts`, `mocks/…`. */
export function isDevelopmentOnlyPath(file: string): boolean {
  return /(?:^|\/)(?:dev|local|mocks?|__mocks__|examples?|demo|playground|stories|\.storybook|sandbox)\//i.test(file) ||
    /(?:^|[./_-])(?:dev|local|development|dev-?server|mock|stories)\.[cm]?[jt]sx?$/i.test(file);
}
