// DEPLOY-STATELESS and DEPLOY-LIGHTWEIGHT rules: in-memory sessions, module-level state written by
// request handlers, files written outside temporary folders; self-recursion without a depth bound
// and CPU-heavy synchronous calls inside request handlers.
import { excerpt, memberPropertyName, memberRoot, objectProperty, hasSpread, staticString, unwrap, type AstNode } from '../ast.js';
import type { Binding, FunctionInfo, Origin } from '../scope.js';
import { describeOrigin, firstRequestDerived } from '../taint.js';
import type { CodeRule, WalkContext } from '../walk.js';
import { mayCallItself, REQUEST_HANDLER_HINTS } from '../prefilter.js';
import { FS_WRITE_TARGETS, objectLiteralOf, SINKS, SYNC_CPU_CALLS } from './common.js';

const SESSION_MIDDLEWARE: Readonly<Record<string, string>> = SINKS.sessionMiddleware;
const MEMORY_STORES: ReadonlySet<string> = new Set(SINKS.memoryStores);
const BOUNDED_CACHES: ReadonlySet<string> = new Set(SINKS.boundedCaches);
const MODULE_CACHES: ReadonlySet<string> = new Set(SINKS.moduleCaches);
const TEMP_CALLS: ReadonlySet<string> = new Set(SINKS.tempDirectoryCalls);
const UPLOAD_MIDDLEWARE: ReadonlySet<string> = new Set(SINKS.uploadMiddleware);

const SESSION_REMEDIATION =
  'Keep session data outside the process: a shared store (Redis, Firestore, a database) via the middleware\'s `store` option, or a signed cookie (cookie-session), or stateless tokens. ' +
  'Connect runs several instances and restarts them at any time; an in-memory session disappears or lands on another instance.';

/** The innermost request handler in a chain of enclosing functions. */
function handlerIn(chain: readonly FunctionInfo[]): FunctionInfo | undefined {
  for (let i = chain.length - 1; i >= 0; i--) if (chain[i]!.isHandler) return chain[i];
  return undefined;
}

function handlerLabel(fn: FunctionInfo): string {
  return fn.name ? `request handler \`${fn.name}\`` : fn.registeredVia ? `the request handler passed to ${fn.registeredVia}()` : 'a request handler';
}

export const sessionStoreRule: CodeRule = {
  id: 'stateless/session-store',
  // Every session middleware and memory store name holds one of these.
  needs: ['session', 'MemoryStore', 'memorystore'],
  create(ctx, report) {
    const checkOptions = (node: AstNode, middleware: string, optionsArg: AstNode | undefined): void => {
      const options = objectLiteralOf(ctx, optionsArg);
      if (optionsArg && !options) return; // options built elsewhere: unknown
      if (options && (objectProperty(options, 'store') || hasSpread(options))) return;
      report({
        node,
        severity: 'error',
        message: `${middleware} is configured without a \`store\`, so it keeps every session in process memory (its MemoryStore)`,
        remediation: SESSION_REMEDIATION,
        evidence: excerpt(ctx.source, node),
        data: { middleware },
      });
    };
    return {
      enter: {
        CallExpression(node) {
          const name = ctx.calleeName(node);
          const args = node.arguments as AstNode[];
          if (name === 'express-session') {
            checkOptions(node, 'express-session', args[0]);
            return;
          }
          // fastify.register(fastifySession, { secret })
          const callee = unwrap(node.callee as AstNode);
          if (callee?.type === 'MemberExpression' && memberPropertyName(callee) === 'register' && args[0]) {
            const plugin = ctx.moduleRefOf(args[0]);
            if (plugin && plugin.path.length === 0 && SESSION_MIDDLEWARE[plugin.module] !== undefined && plugin.module !== 'express-session') {
              checkOptions(node, plugin.module, args[1]);
            }
          }
        },
        NewExpression(node) {
          const name = ctx.calleeName(node);
          if (name === undefined || !MEMORY_STORES.has(name)) return;
          report({
            node,
            severity: 'error',
            message: `\`${excerpt(ctx.source, node, 50)}\` keeps sessions in process memory`,
            remediation: SESSION_REMEDIATION,
            evidence: excerpt(ctx.source, node),
            data: { store: name },
          });
        },
      },
    };
  },
};

type StateKind = 'collection' | 'bounded-cache' | 'variable';

interface ModuleState {
  binding: Binding;
  kind: StateKind;
  what: string;
  writes: { node: AstNode; handler: FunctionInfo; how: string }[];
}

/** What a module-level binding holds, when it is mutable state worth watching. */
function stateOf(ctx: WalkContext, binding: Binding): { kind: StateKind; what: string } | undefined {
  if (binding.kind === 'import') {
    const module = binding.moduleRef?.module;
    return module !== undefined && MODULE_CACHES.has(module) && binding.moduleRef!.path.length === 0 ? { kind: 'collection', what: `the ${module} store` } : undefined;
  }
  if (binding.kind !== 'const' && binding.kind !== 'let' && binding.kind !== 'var') return undefined;
  const init = unwrap(binding.init);
  if (init?.type === 'ArrayExpression') return { kind: 'collection', what: 'array' };
  if (init?.type === 'ObjectExpression') return { kind: 'collection', what: 'object' };
  if (init?.type === 'NewExpression' || init?.type === 'CallExpression') {
    const callee = unwrap(init.callee as AstNode);
    if (init.type === 'NewExpression' && callee?.type === 'Identifier' && ctx.lookup(callee.name as string) === undefined) {
      if (callee.name === 'Map' || callee.name === 'Set' || callee.name === 'Array') return { kind: 'collection', what: callee.name as string };
    }
    const name = ctx.calleeName(init);
    if (name !== undefined && (BOUNDED_CACHES.has(name) || BOUNDED_CACHES.has(name.replace(/\.\(\)$/, '')))) return { kind: 'bounded-cache', what: `bounded cache (${name})` };
  }
  if (binding.kind === 'let' || binding.kind === 'var') return { kind: 'variable', what: 'variable' };
  return undefined;
}

interface PendingWrite {
  binding: Binding;
  node: AstNode;
  how: string;
  kinds: StateKind[];
  chain: FunctionInfo[];
  /** For plain variables: the assigned value's origins (only request data counts as session state). */
  origins?: Origin[];
}

const MUTATING_METHODS: ReadonlySet<string> = new Set(['set', 'add', 'push', 'unshift', 'splice', 'put', 'setItem', 'fill', 'append', 'assign']);

export const moduleStateRule: CodeRule = {
  id: 'stateless/module-state',
  // Writes count only inside request handlers.
  needs: REQUEST_HANDLER_HINTS,
  create(ctx, report) {
    const pending: PendingWrite[] = [];
    const noteWrite = (node: AstNode, root: AstNode | undefined, how: string, kinds: StateKind[], origins?: Origin[]): void => {
      if (root?.type !== 'Identifier' || !ctx.fn) return;
      const binding = ctx.lookup(root.name as string);
      if (!binding || binding.scope !== ctx.programScope) return;
      pending.push({ binding, node, how, kinds, chain: ctx.functionChain(), ...(origins ? { origins } : {}) });
    };
    return {
      enter: {
        CallExpression(node) {
          const callee = unwrap(node.callee as AstNode);
          if (callee?.type !== 'MemberExpression') return;
          const method = memberPropertyName(callee);
          if (method === undefined) return;
          if (method === 'assign' && ctx.calleeName(node) === 'Object.assign') {
            noteWrite(node, memberRoot((node.arguments as AstNode[])[0]), 'Object.assign()', ['collection', 'bounded-cache']);
            return;
          }
          if (!MUTATING_METHODS.has(method)) return;
          noteWrite(node, memberRoot(callee.object as AstNode), `.${method}()`, ['collection', 'bounded-cache']);
        },
        AssignmentExpression(node) {
          const left = unwrap(node.left as AstNode);
          if (left?.type === 'MemberExpression') {
            // `state.count += 1` is a counter, not stored session data.
            if (node.operator !== '=' && node.operator !== '??=' && node.operator !== '||=') return;
            noteWrite(node, memberRoot(left), `\`${excerpt(ctx.source, left, 40)} = …\``, ['collection', 'bounded-cache']);
          } else if (left?.type === 'Identifier') {
            noteWrite(node, left, `\`${left.name as string} = …\``, ['variable'], ctx.originsOf(node.right as AstNode));
          }
        },
      },
      finish() {
        // Bindings are complete now (a module-level declaration may follow the handler that uses it).
        const states = new Map<Binding, ModuleState>();
        for (const write of pending) {
          const handler = handlerIn(write.chain);
          if (!handler) continue;
          if (write.origins && !firstRequestDerived(write.origins)) continue;
          let state = states.get(write.binding);
          if (!state) {
            const kind = stateOf(ctx, write.binding);
            if (!kind || !write.kinds.includes(kind.kind)) continue;
            state = { binding: write.binding, ...kind, writes: [] };
            states.set(write.binding, state);
          }
          if (!write.kinds.includes(state.kind)) continue;
          state.writes.push({ node: write.node, handler, how: write.how });
        }
        for (const state of states.values()) {
          if (state.writes.length === 0) continue;
          const first = state.writes[0]!;
          const declared = ctx.source.slice(0, state.binding.id.start).split('\n').length;
          const others = state.writes.length - 1;
          const bounded = state.kind === 'bounded-cache';
          const message =
            state.kind === 'variable'
              ? `module-level variable \`${state.binding.name}\` (declared at line ${declared}) is set from request data inside ${handlerLabel(first.handler)} (${first.how}): the value survives into later requests on this instance only`
              : `module-level ${state.what} \`${state.binding.name}\` (declared at line ${declared}) is written inside ${handlerLabel(first.handler)} (${first.how})` +
                (others > 0 ? ` and ${others} more place${others === 1 ? '' : 's'}` : '') +
                (bounded
                  ? ': a bounded cache is acceptable for derived data, but each instance holds its own copy, lost on restart'
                  : ': data kept between requests lives in one instance\'s memory, is lost on restart and is invisible to other instances');
          report({
            node: first.node,
            severity: bounded ? 'warning' : 'error',
            message,
            remediation: bounded
              ? 'Make sure the cache only holds data that can be recomputed (never session or user state), with a size and TTL bound; use a shared store if instances must agree.'
              : 'Keep request data in the request (or pass it along), and anything that must outlive the request in an external store (commercetools custom objects, a database, Redis). ' +
                'A module-level Map used as a read-only lookup table is fine.',
            evidence: excerpt(ctx.source, first.node),
            data: { binding: state.binding.name, kind: state.kind, writes: state.writes.length },
          });
        }
      },
    };
  },
};

type PathKind = 'temp' | 'local' | 'ignore' | 'unknown';

/** Where a path expression points: a temporary folder, the application's own folder/working directory, or unknown. */
function pathKind(ctx: WalkContext, node: AstNode | undefined, depth = 0): PathKind {
  const n = unwrap(node);
  if (!n || depth > 4) return 'unknown';
  const text = staticString(n);
  if (text !== undefined) {
    if (/^\/(?:tmp|var\/tmp)(?:\/|$)/.test(text)) return 'temp';
    if (text.startsWith('/dev/') || text.startsWith('/proc/')) return 'ignore';
    return 'local';
  }
  switch (n.type) {
    case 'Identifier': {
      const name = n.name as string;
      const binding = ctx.lookup(name);
      if (!binding && (name === '__dirname' || name === '__filename')) return 'local';
      if (binding && !binding.reassigned && binding.init) return pathKind(ctx, binding.init, depth + 1);
      return 'unknown';
    }
    case 'MemberExpression': {
      const object = unwrap(n.object as AstNode);
      const property = memberPropertyName(n);
      if (object?.type === 'MetaProperty' && (property === 'dirname' || property === 'filename')) return 'local';
      const text2 = ctx.source.slice(n.start, n.end);
      if (/^process\.env\.(?:TMPDIR|TEMP|TMP)$/.test(text2)) return 'temp';
      // `tmp.dirSync().name`, `dir.path`
      if (object?.type === 'CallExpression') return pathKind(ctx, object, depth + 1) === 'temp' ? 'temp' : 'unknown';
      if (object?.type === 'Identifier') return pathKind(ctx, object, depth + 1) === 'temp' ? 'temp' : 'unknown';
      return 'unknown';
    }
    case 'CallExpression': {
      const name = ctx.calleeName(n);
      const args = n.arguments as AstNode[];
      if (name === undefined) return 'unknown';
      if (TEMP_CALLS.has(name)) return 'temp';
      if (name === 'process.cwd') return 'local';
      if (name === 'url.fileURLToPath' || name === 'fileURLToPath') return 'local';
      if (/^path(?:\.posix|\.win32)?\.(?:join|resolve)$/.test(name)) {
        // path.resolve: a later absolute segment wins; a literal absolute one decides.
        for (let i = args.length - 1; i > 0 && name.endsWith('resolve'); i--) {
          const segment = staticString(args[i]);
          if (segment?.startsWith('/')) return pathKind(ctx, args[i], depth + 1);
        }
        return pathKind(ctx, args[0], depth + 1);
      }
      if (/^path(?:\.posix)?\.dirname$/.test(name)) return pathKind(ctx, args[0], depth + 1);
      return 'unknown';
    }
    case 'TemplateLiteral': {
      const head = ((n.quasis as AstNode[])[0]?.value.cooked as string | undefined) ?? '';
      if (head !== '') return pathKind(ctx, { type: 'Literal', value: head, start: n.start, end: n.end }, depth + 1);
      return pathKind(ctx, (n.expressions as AstNode[])[0], depth + 1);
    }
    case 'BinaryExpression':
      return n.operator === '+' ? pathKind(ctx, n.left as AstNode, depth + 1) : 'unknown';
    default:
      return 'unknown';
  }
}

export const localDiskRule: CodeRule = {
  id: 'stateless/local-disk',
  // fs and fs-extra writes, multer.
  needs: ['fs', 'multer'],
  create(ctx, report) {
    const remediation =
      'Write only to os.tmpdir() (for data needed during one request) and keep anything that must persist in an external store (commercetools custom objects, a bucket, a database). ' +
      "Connect's containers have an ephemeral file system, not shared between instances and lost on every restart or redeploy.";
    return {
      enter: {
        CallExpression(node) {
          const name = ctx.calleeName(node);
          if (name === undefined) return;
          const args = node.arguments as AstNode[];
          const index = FS_WRITE_TARGETS[name];
          if (index !== undefined) {
            const target = args[index];
            if (pathKind(ctx, target) !== 'local') return;
            report({
              node,
              severity: 'error',
              message: `${name}() writes to \`${excerpt(ctx.source, target!, 50)}\`, on the container's local disk outside a temporary folder`,
              remediation,
              evidence: excerpt(ctx.source, node),
              data: { call: name },
            });
            return;
          }
          if (UPLOAD_MIDDLEWARE.has(name)) {
            const options = objectLiteralOf(ctx, args[0]);
            const dest = objectProperty(options, 'dest') ?? objectProperty(options, 'destination');
            if (!dest || staticString(dest.value as AstNode) === undefined || pathKind(ctx, dest.value as AstNode) !== 'local') return;
            report({
              node: dest,
              severity: 'error',
              message: `${name}() stores uploads in \`${staticString(dest.value as AstNode)!}\`, on the container's local disk outside a temporary folder`,
              remediation: `Use multer.memoryStorage() and forward the file to an external store, or a folder under os.tmpdir() that is cleaned after the request. ${remediation}`,
              evidence: excerpt(ctx.source, dest),
              data: { call: name },
            });
          }
        },
      },
    };
  },
};

/** Parameter names that carry a recursion bound. */
const DEPTH_PARAMETER = /depth|level|limit|max|remaining|attempt|retr|tries|count|ttl|hops|budget|left|^n$/i;
/** Callbacks that run later rather than nested in the caller's stack. */
const DEFERRING_CALLS: ReadonlySet<string> = new Set(['setTimeout', 'setInterval', 'setImmediate', 'nextTick', 'on', 'once', 'addListener', 'addEventListener', 'schedule']);
const RELATIONAL: ReadonlySet<string> = new Set(['<', '>', '<=', '>=']);
const EQUALITY: ReadonlySet<string> = new Set(['===', '!==', '==', '!=']);

export const recursionRule: CodeRule = {
  id: 'lightweight/recursion',
  needs: mayCallItself,
  create(ctx, report) {
    const recursive = new Map<FunctionInfo, AstNode[]>();
    /** Parameters compared in a way that can stop recursion: relational (`depth > MAX`), or equality/truthiness for bound-named ones. */
    const bounded = new Set<Binding>();
    const note = (node: AstNode | undefined, relational: boolean): void => {
      const n = unwrap(node);
      if (n?.type !== 'Identifier') return;
      const binding = ctx.lookup(n.name as string);
      if (binding?.kind !== 'param') return;
      if (relational || DEPTH_PARAMETER.test(binding.name)) bounded.add(binding);
    };
    const noteTest = (test: AstNode | undefined): void => {
      const t = unwrap(test);
      if (!t) return;
      if (t.type === 'Identifier') note(t, false);
      else if (t.type === 'UnaryExpression' && t.operator === '!') note(t.argument as AstNode, false);
      else if (t.type === 'LogicalExpression') {
        noteTest(t.left as AstNode);
        noteTest(t.right as AstNode);
      }
    };
    return {
      enter: {
        BinaryExpression(node) {
          const relational = RELATIONAL.has(node.operator as string);
          if (!relational && !EQUALITY.has(node.operator as string)) return;
          note(node.left as AstNode, relational);
          note(node.right as AstNode, relational);
        },
        IfStatement(node) {
          noteTest(node.test as AstNode);
        },
        ConditionalExpression(node) {
          noteTest(node.test as AstNode);
        },
        CallExpression(node) {
          if (!ctx.fn) return;
          const callee = unwrap(node.callee as AstNode);
          let matches: ((f: FunctionInfo) => boolean) | undefined;
          if (callee?.type === 'Identifier') {
            const binding = ctx.lookup(callee.name as string);
            if (binding?.fnNode) matches = (f) => f.node === binding.fnNode;
          } else if (callee?.type === 'MemberExpression' && unwrap(callee.object as AstNode)?.type === 'ThisExpression') {
            const method = memberPropertyName(callee);
            matches = (f) => f.name === method && !f.binding && f.node.type === 'FunctionExpression';
          }
          if (!matches) return;
          const chain = ctx.functionChain();
          const target = chain.find(matches);
          if (!target) return;
          // A call scheduled from a timer or event callback does not nest on the stack.
          const below = chain.slice(chain.indexOf(target) + 1);
          if (below.some((f) => f.callbackOf !== undefined && DEFERRING_CALLS.has(f.callbackOf))) return;
          const calls = recursive.get(target);
          if (calls) calls.push(node);
          else recursive.set(target, [node]);
        },
      },
      finish() {
        for (const [fn, calls] of recursive) {
          const params = [...fn.scope.bindings.values()].filter((b) => b.kind === 'param');
          if (params.some((p) => bounded.has(p))) continue;
          const name = fn.name ?? 'an anonymous function';
          report({
            node: calls[0]!,
            severity: 'warning',
            message: `\`${name}\` calls itself (${calls.length} call${calls.length === 1 ? '' : 's'}) with no depth bound: deep or cyclic input (a nested JSON body, a category tree, paginated results) grows the stack and the run time without limit`,
            remediation:
              'Pass a depth (or remaining-budget) parameter and stop at a named maximum (`if (depth > MAX_DEPTH) throw …`), or rewrite the recursion as a loop over an explicit queue with a size limit.',
            evidence: excerpt(ctx.source, calls[0]!),
            data: { function: fn.name, calls: calls.length },
          });
        }
      },
    };
  },
};

export const syncCpuRule: CodeRule = {
  id: 'lightweight/sync-cpu',
  // Every synchronous CPU-heavy call name ends in Sync; it counts only inside a request handler.
  needs: { all: ['Sync', REQUEST_HANDLER_HINTS] },
  create(ctx, report) {
    return {
      enter: {
        CallExpression(node) {
          const name = ctx.calleeName(node);
          if (name === undefined) return;
          const what = SYNC_CPU_CALLS[name];
          if (what === undefined) return;
          const chain = ctx.functionChain();
          const origins = ctx.originsOf((node.arguments as AstNode[])[0]);
          ctx.defer(() => {
            const handler = handlerIn(chain);
            if (!handler) return;
            const source = firstRequestDerived(origins);
            report({
              node,
              severity: 'warning',
              message: `${name}() inside ${handlerLabel(handler)} ${what}, blocking the event loop: every other request on the instance waits${source ? ` (on request data, ${describeOrigin(source)}, whose size the caller controls)` : ''}`,
              remediation: `Use the asynchronous form (${name.replace(/Sync$/, '')} with a callback or promise), which runs in the libuv thread pool, and bound the input size.`,
              evidence: excerpt(ctx.source, node),
              data: { call: name },
            });
          });
        },
      },
    };
  },
};
