// SEC-CODE rules about request data reaching a dangerous place: filesystem paths (path traversal),
// the host of an outgoing HTTP request (SSRF), object keys of merged input (prototype pollution).
// Each fires only when the value is traced to a request handler's input (taint.ts) and the code shows
// no check of it; prototype pollution also reports recursive merge helpers that copy every key.
import { excerpt, isStaticValue, memberPropertyName, objectProperty, staticString, unwrap, type AstNode } from '../ast.js';
import type { Binding, FunctionInfo, Origin } from '../scope.js';
import { describeOrigin, firstRequestDerived } from '../taint.js';
import type { CodeRule, WalkContext } from '../walk.js';
import { callsAnyOf, hasForIn, REQUEST_HANDLER_HINTS } from '../prefilter.js';
import { constantValue, FS_PATH_ARGUMENTS, HTTP_CLIENTS, objectLiteralOf, SINKS } from './common.js';

const FILE_RESPONSE_METHODS: ReadonlySet<string> = new Set(SINKS.fileResponseMethods);
const URL_OPTION_KEYS: ReadonlySet<string> = new Set(SINKS.httpOptionUrlKeys);

/** The binding an expression is (for "was it checked"), if it is a plain identifier. */
function bindingOf(ctx: WalkContext, node: AstNode | undefined): Binding | undefined {
  const n = unwrap(node);
  return n?.type === 'Identifier' ? ctx.lookup(n.name as string) : undefined;
}

export const pathTraversalRule: CodeRule = {
  id: 'sec-code/path-traversal',
  // Request data reaching an fs call (fs, fs-extra) or a file response.
  needs: { all: [REQUEST_HANDLER_HINTS, ['fs', 'sendFile', 'download']] },
  create(ctx, report) {
    const candidate = (node: AstNode, what: string, arg: AstNode): void => {
      if (isStaticValue(arg)) return;
      const origins = ctx.originsOf(arg);
      if (origins.length === 0) return;
      const binding = bindingOf(ctx, arg);
      ctx.defer(() => {
        if (binding?.checked) return;
        const source = firstRequestDerived(origins);
        if (!source) return;
        report({
          node,
          severity: 'error',
          message: `${what} uses a path taken from the request (${describeOrigin(source)}): \`../\` in it reaches files outside the intended folder`,
          remediation:
            'Do not build file paths from request data. If you must, keep only a base name (path.basename), or resolve the path and check it stays inside the intended folder ' +
            '(path.resolve(root, name).startsWith(root + path.sep)) before using it; for express, res.sendFile(name, { root }).',
          evidence: excerpt(ctx.source, node),
          data: { call: what, requestDerived: describeOrigin(source) },
        });
      });
    };
    return {
      enter: {
        CallExpression(node) {
          const args = node.arguments as AstNode[];
          const name = ctx.calleeName(node);
          const indexes = name !== undefined ? FS_PATH_ARGUMENTS[name] : undefined;
          if (indexes) {
            for (const i of indexes) if (args[i]) candidate(node, `${name}()`, args[i]);
            return;
          }
          const callee = unwrap(node.callee as AstNode);
          const method = callee?.type === 'MemberExpression' ? memberPropertyName(callee) : undefined;
          if (method !== undefined && FILE_RESPONSE_METHODS.has(method) && args[0]) {
            // express checks `..` against `root` when one is given.
            const options = objectLiteralOf(ctx, args[1]);
            if (options && objectProperty(options, 'root')) return;
            candidate(node, `${method}()`, args[0]);
          }
        },
      },
    };
  },
};

/** `https://host/…` or `/path`: the host is settled before any substitution. */
function hostSettled(prefix: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\/[^/?#\s]+[/?#]/i.test(prefix) || (prefix.startsWith('/') && !prefix.startsWith('//'));
}

/**
 * The origins of whatever decides the host of a URL expression: the whole value when it is a plain
 * value; the first substitution of a template or concatenation whose static prefix has not yet
 * fixed the host; `new URL(x, base)` → x (an absolute x overrides the base) and base.
 */
function hostOrigins(ctx: WalkContext, node: AstNode | undefined, depth = 0): Origin[] {
  const n = unwrap(node);
  if (!n || depth > 3) return [];
  const parts: AstNode[] = [];
  if (n.type === 'TemplateLiteral') {
    const quasis = n.quasis as AstNode[];
    const expressions = n.expressions as AstNode[];
    quasis.forEach((q, i) => {
      parts.push({ type: 'Literal', value: (q.value.cooked as string | null) ?? '', start: q.start, end: q.end });
      if (expressions[i]) parts.push(expressions[i]!);
    });
  } else if (n.type === 'BinaryExpression' && n.operator === '+') {
    const flatten = (e: AstNode): void => {
      const u = unwrap(e)!;
      if (u.type === 'BinaryExpression' && u.operator === '+') {
        flatten(u.left as AstNode);
        flatten(u.right as AstNode);
      } else parts.push(u);
    };
    flatten(n);
  } else if (n.type === 'NewExpression' && ctx.calleeName(n) === 'URL') {
    const [input, base] = n.arguments as AstNode[];
    return [...hostOrigins(ctx, input, depth + 1), ...(base ? hostOrigins(ctx, base, depth + 1) : [])];
  } else if (n.type === 'Identifier') {
    const value = constantValue(ctx, n);
    const v = unwrap(value);
    if (v && (v.type === 'TemplateLiteral' || v.type === 'BinaryExpression' || v.type === 'NewExpression')) return hostOrigins(ctx, v, depth + 1);
    return ctx.originsOf(n);
  } else {
    return staticString(n) !== undefined ? [] : ctx.originsOf(n);
  }
  let prefix = '';
  for (const part of parts) {
    const text = staticString(part);
    if (text !== undefined) {
      prefix += text;
      continue;
    }
    if (hostSettled(prefix)) return [];
    // The first dynamic part decides the host: request data → SSRF; configuration → fine.
    return ctx.originsOf(part);
  }
  return [];
}

export const ssrfRule: CodeRule = {
  id: 'sec-code/ssrf',
  // Request data reaching an HTTP client: every client name holds one of these.
  needs: { all: [REQUEST_HANDLER_HINTS, ['fetch', 'undici', 'axios', 'got', 'http', 'request', 'superagent', 'needle', 'ky', 'phin', 'bent', 'wretch']] },
  create(ctx, report) {
    return {
      enter: {
        CallExpression(node) {
          const name = ctx.calleeName(node);
          if (name === undefined) return;
          const index = HTTP_CLIENTS[name];
          if (index === undefined) return;
          const args = node.arguments as AstNode[];
          const origins: Origin[] = [];
          const target = args[index];
          const options = objectLiteralOf(ctx, target);
          if (options) {
            for (const key of URL_OPTION_KEYS) {
              const p = objectProperty(options, key);
              if (p) origins.push(...(key === 'host' || key === 'hostname' || key === 'origin' ? ctx.originsOf(p.value as AstNode) : hostOrigins(ctx, p.value as AstNode)));
            }
          } else if (target) {
            origins.push(...hostOrigins(ctx, target));
          }
          // `axios.get(path, { baseURL })`
          for (const extra of args.slice(index + 1)) {
            const o = objectLiteralOf(ctx, extra);
            for (const key of ['baseURL', 'baseUrl', 'prefixUrl'])
              if (o && objectProperty(o, key)) origins.push(...hostOrigins(ctx, objectProperty(o, key)!.value as AstNode));
          }
          if (origins.length === 0) return;
          const checkedTarget = bindingOf(ctx, target);
          ctx.defer(() => {
            // A URL compared with an allow-list (`ALLOWED.includes(url)`) before the call is trusted.
            if (checkedTarget?.checked) return;
            const source = firstRequestDerived(origins);
            if (!source) return;
            report({
              node,
              severity: 'error',
              message: `${name}() sends a request to a host taken from the request (${describeOrigin(source)}): server-side request forgery lets callers reach internal services and cloud metadata`,
              remediation:
                'Build outgoing URLs from configuration (connect.yaml configuration, e.g. CTP_API_URL) and put request data only into the path or query, encoded. ' +
                'If the host must vary, check it against an allow-list of hosts before the request.',
              evidence: excerpt(ctx.source, node),
              data: { call: name, requestDerived: describeOrigin(source) },
            });
          });
        },
      },
    };
  },
};

const UNSAFE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
/** Names of guards against those keys: `isSafeKey`, `FORBIDDEN_KEYS`, `isPrototypePolluted`. */
const GUARD_NAME = /proto|unsafe|forbidden|blocked|blacklist|denylist|dangerous|reserved|safekey|isvalidkey/i;

interface MergeFacts {
  /** `target[key] = …` where key iterates another object's keys. */
  keyedWrites: AstNode[];
  /** `merge(target[key], source[key])`: the function recurses into its own output. */
  recursesIntoKey: boolean;
  /** `target[key][k2] = …` */
  nestedWrite: boolean;
}

export const prototypePollutionRule: CodeRule = {
  id: 'sec-code/prototype-pollution',
  // A computed write, keyed by request data or by another object's keys (for…in, Object.keys/entries…).
  needs: { all: ['[', [REQUEST_HANDLER_HINTS, hasForIn, callsAnyOf(['keys', 'entries', 'ownKeys', 'getOwnPropertyNames'])]] },
  create(ctx, report) {
    const guarded = new Set<FunctionInfo>();
    const merges = new Map<FunctionInfo, MergeFacts>();
    const factsOf = (fn: FunctionInfo): MergeFacts => {
      let f = merges.get(fn);
      if (!f) merges.set(fn, (f = { keyedWrites: [], recursesIntoKey: false, nestedWrite: false }));
      return f;
    };
    const markGuarded = (): void => {
      for (const fn of ctx.functionChain()) guarded.add(fn);
    };
    const iterationKey = (node: AstNode | undefined): Binding | undefined => {
      const n = unwrap(node);
      const b = n?.type === 'Identifier' ? ctx.lookup(n.name as string) : undefined;
      return b?.keyOf ? b : undefined;
    };
    const isDynamicKeyMember = (node: AstNode | undefined): node is AstNode => {
      const n = unwrap(node);
      return n?.type === 'MemberExpression' && n.computed === true && !isStaticValue(n.property as AstNode);
    };
    return {
      enter: {
        Literal(node) {
          if (typeof node.value === 'string' && UNSAFE_KEYS.has(node.value)) markGuarded();
        },
        Identifier(node) {
          if (GUARD_NAME.test(node.name as string)) markGuarded();
        },
        CallExpression(node) {
          const name = ctx.calleeName(node);
          if (name === 'Object.create' && unwrap((node.arguments as AstNode[])[0])?.type === 'Literal') markGuarded();
          // Recursion into a key of the output: `merge(target[key], source[key])`.
          const callee = unwrap(node.callee as AstNode);
          if (callee?.type !== 'Identifier') return;
          const binding = ctx.lookup(callee.name as string);
          const fn = binding?.fnNode ? ctx.functionChain().find((f) => f.node === binding.fnNode) : undefined;
          if (!fn) return;
          if ((node.arguments as AstNode[]).some((a) => isDynamicKeyMember(a) && iterationKey(unwrap(a)!.property as AstNode))) factsOf(fn).recursesIntoKey = true;
        },
        AssignmentExpression(node) {
          const left = unwrap(node.left as AstNode);
          if (!isDynamicKeyMember(left)) return;
          const fn = ctx.fn;
          const key = left.property as AstNode;
          const object = unwrap(left.object as AstNode);
          // Recursive-merge shape: `target[key] = …` with key from iterating another object.
          // Attributed to every enclosing function: the write may sit in a forEach callback of the merge.
          if (fn && iterationKey(key)) {
            for (const outer of ctx.functionChain()) {
              factsOf(outer).keyedWrites.push(node);
              if (isDynamicKeyMember(object) && iterationKey(object.property as AstNode)) factsOf(outer).nestedWrite = true;
            }
          }
          // Keys chosen by the request: `obj[req.body.key] = …`, `obj[a][b] = …` with a from the request.
          const outerKey = isDynamicKeyMember(object) ? (object.property as AstNode) : undefined;
          const keyOrigins = ctx.originsOf(key);
          const outerOrigins = outerKey ? ctx.originsOf(outerKey) : [];
          if (keyOrigins.length === 0 && outerOrigins.length === 0) return;
          const chain = ctx.functionChain();
          const keyBinding = bindingOf(ctx, key);
          const outerBinding = bindingOf(ctx, outerKey);
          const targetBinding = bindingOf(ctx, memberRootOf(object));
          ctx.defer(() => {
            if (chain.some((f) => guarded.has(f))) return;
            if (isMapLike(targetBinding)) return;
            const outer = outerBinding?.checked ? undefined : firstRequestDerived(outerOrigins);
            const inner = keyBinding?.checked ? undefined : firstRequestDerived(keyOrigins);
            const source = outer ?? inner;
            if (!source) return;
            report({
              node,
              severity: 'error',
              message: `an object key taken from the request (${describeOrigin(source)}) is written without refusing "__proto__"/"constructor": a request can change Object.prototype or inject properties`,
              remediation:
                'Use a Map for request-keyed data, or create the target with Object.create(null); otherwise refuse the keys "__proto__", "constructor" and "prototype" ' +
                '(or check them against an allow-list) before writing.',
              evidence: excerpt(ctx.source, node),
              data: { requestDerived: describeOrigin(source) },
            });
          });
        },
      },
      finish() {
        for (const [fn, facts] of merges) {
          if (facts.keyedWrites.length === 0 || !(facts.recursesIntoKey || facts.nestedWrite)) continue;
          if (guarded.has(fn)) continue;
          const first = facts.keyedWrites[0]!;
          report({
            node: first,
            severity: 'error',
            message: `recursive merge${fn.name ? ` \`${fn.name}\`` : ''} copies every key of one object into another without refusing "__proto__"/"constructor": merging untrusted JSON (e.g. a request body) changes Object.prototype for the whole process`,
            remediation:
              'Skip the keys "__proto__", "constructor" and "prototype" in the loop (or iterate Object.keys and check Object.hasOwn on the target), or use a maintained merge (lodash.merge ≥ 4.17.21, deepmerge) and keep it up to date.',
            evidence: excerpt(ctx.source, first),
            data: { function: fn.name },
          });
        }
      },
    };
  },
};

function memberRootOf(node: AstNode | undefined): AstNode | undefined {
  let n = unwrap(node);
  for (let i = 0; n && n.type === 'MemberExpression' && i < 16; i++) n = unwrap(n.object as AstNode);
  return n?.type === 'Identifier' ? n : undefined;
}

/** `new Map()` or `Object.create(null)`: keys cannot reach a prototype. */
function isMapLike(binding: Binding | undefined): boolean {
  const init = unwrap(binding?.init);
  if (!init) return false;
  if (init.type === 'NewExpression') {
    const callee = unwrap(init.callee as AstNode);
    return callee?.type === 'Identifier' && (callee.name === 'Map' || callee.name === 'WeakMap');
  }
  if (init.type === 'CallExpression') {
    const args = init.arguments as AstNode[];
    const callee = unwrap(init.callee as AstNode);
    return callee?.type === 'MemberExpression' && memberPropertyName(callee) === 'create' && unwrap(args[0])?.type === 'Literal' && unwrap(args[0])!.value === null;
  }
  return false;
}
