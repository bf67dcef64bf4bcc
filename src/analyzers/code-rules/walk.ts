// The rule runner: one depth-first traversal of a file's ESTree program runs every rule. The walker
// keeps the shared facts rules need — lexical scopes and bindings, what module a name comes from,
// which functions are HTTP request handlers, where values come from (taint.ts) — so a rule is a few
// node handlers. Decisions that need the whole file (a function registered as a handler after its
// declaration) are deferred to the end of the walk (`ctx.defer`).
//
// TypeScript type positions are never visited: a URL or a name in a type is not code that runs.
import { visitorKeys } from 'oxc-parser';
import type { Severity } from '../../engine/types.js';
import type { ParsedModule } from '../js-ast/parse.js';
import {
  dottedName,
  isFunction,
  isNode,
  memberPropertyName,
  propertyKeyName,
  staticString,
  unwrap,
  valueName,
  type AstNode,
} from './ast.js';
import { addOrigins, extendOrigin, Scope, type Binding, type BindingKind, type FunctionInfo, type ModuleRef, type Origin } from './scope.js';
import { classifyFunction, REQUEST_ACCESSORS, requestParamByShape, ROUTE_METHODS } from './taint.js';
import type { TextNeed } from './prefilter.js';
import { compareCodeUnits } from '../text/compare.js';

/** Deeper nesting than this is generated code; the subtree is skipped rather than risking the stack. */
export const MAX_WALK_DEPTH = 1_000;
/** How deep `originsOf` follows an expression. */
const MAX_ORIGIN_DEPTH = 12;

export interface RuleHit {
  rule: string;
  severity: Severity;
  /** Names the construct; the check adds the file and application. */
  message: string;
  remediation?: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** Short code excerpt. */
  evidence?: string;
  data?: Record<string, unknown>;
}

export interface HitInput {
  /** Defaults to the id of the rule that reports. */
  rule?: string;
  node?: AstNode;
  start?: number;
  end?: number;
  severity: Severity;
  message: string;
  remediation?: string;
  evidence?: string;
  data?: Record<string, unknown>;
}

export type Visitor = (node: AstNode, ctx: WalkContext) => void;

export interface RuleInstance {
  enter?: Partial<Record<string, Visitor>>;
  exit?: Partial<Record<string, Visitor>>;
  /** After the walk, handler classification and deferred callbacks. */
  finish?(ctx: WalkContext): void;
}

export interface CodeRule {
  /** Id of the rule family; checks select hits by it. */
  id: string;
  /**
   * What a file's text must hold for this rule to report anything in it (prefilter.ts): files that
   * meet no rule's needs are not parsed. Leave it out and every file is parsed for the rule.
   */
  needs?: TextNeed;
  create(ctx: WalkContext, report: (hit: HitInput) => void): RuleInstance;
}

/** What rules can ask the walker. */
export interface WalkContext {
  readonly file: string;
  readonly source: string;
  /** Ancestors of the current node, outermost first (the parent is last). */
  readonly ancestors: readonly AstNode[];
  /** Field names under which each ancestor holds the next node (parallel to `ancestors`, plus the current node's). */
  readonly keys: readonly string[];
  readonly scope: Scope;
  readonly programScope: Scope;
  /** The innermost function around the current node. */
  readonly fn: FunctionInfo | undefined;
  /** Every function of the file seen so far. */
  readonly functions: readonly FunctionInfo[];
  parent(): AstNode | undefined;
  /** Field of the parent holding the current node (`init`, `arguments`, `right`, …). */
  key(): string;
  lookup(name: string): Binding | undefined;
  /** The functions enclosing the current node, outermost first. */
  functionChain(): FunctionInfo[];
  /** Module (or global) and property path an expression refers to: `cp.exec` → child_process + [exec]. */
  moduleRefOf(expression: AstNode | undefined): ModuleRef | undefined;
  /** Qualified name of what a call or `new` calls: `child_process.exec`, `crypto.createHash`, `eval`, `Math.random`. */
  calleeName(call: AstNode): string | undefined;
  /** Where a value may come from (see taint.ts). */
  originsOf(expression: AstNode | undefined): Origin[];
  /** Runs after the walk, once request handlers are known. */
  defer(callback: () => void): void;
}

const SKIPPED_KEYS: ReadonlySet<string> = new Set([
  'type', 'start', 'end', 'range', 'loc', 'typeAnnotation', 'returnType', 'typeParameters', 'typeArguments',
  'superTypeArguments', 'superTypeParameters', 'implements', 'raw',
]);
/** TS nodes that hold runtime code; every other TS* node is a type and is skipped. */
const RUNTIME_TS_NODES: ReadonlySet<string> = new Set([
  'TSAsExpression', 'TSSatisfiesExpression', 'TSNonNullExpression', 'TSTypeAssertion', 'TSInstantiationExpression',
  'TSEnumDeclaration', 'TSEnumBody', 'TSEnumMember', 'TSModuleDeclaration', 'TSModuleBlock', 'TSExportAssignment',
  'TSImportEqualsDeclaration', 'TSExternalModuleReference', 'TSParameterProperty',
]);
/** Array methods whose callback receives the receiver's elements. */
const ITERATION_METHODS: ReadonlySet<string> = new Set([
  'forEach', 'map', 'filter', 'find', 'findLast', 'findIndex', 'some', 'every', 'flatMap', 'reduce', 'reduceRight',
]);
/** Methods that return (part of) their receiver's value. */
const PASS_THROUGH_METHODS: ReadonlySet<string> = new Set([
  'toString', 'toLowerCase', 'toUpperCase', 'toLocaleLowerCase', 'toLocaleUpperCase', 'trim', 'trimStart', 'trimEnd', 'slice',
  'substring', 'substr', 'split', 'concat', 'join', 'at', 'padStart', 'padEnd', 'normalize', 'valueOf', 'flat', 'filter', 'find',
  'pop', 'shift', 'get', 'getAll', 'replace', 'replaceAll', 'toJSON', 'keys', 'values', 'entries',
]);
/** Functions whose result carries their arguments' data. */
const PASS_THROUGH_FUNCTIONS: ReadonlySet<string> = new Set([
  'String', 'decodeURIComponent', 'decodeURI', 'unescape', 'encodeURI', 'Buffer.from', 'JSON.parse', 'Object.assign', 'Array.from',
  'path.join', 'path.resolve', 'path.normalize', 'path.posix.join', 'path.posix.resolve', 'path.posix.normalize',
  'path.win32.join', 'path.win32.resolve', 'url.resolve', 'url.parse', 'util.format', 'querystring.parse', 'qs.parse', 'structuredClone',
]);
const COMPARISON_OPERATORS: ReadonlySet<string> = new Set(['===', '!==', '==', '!=']);
/** `x.startsWith(root)`: checks x. */
const CHECKING_METHODS_ON_VALUE: ReadonlySet<string> = new Set(['startsWith', 'endsWith', 'match', 'matchAll', 'search', 'localeCompare']);
/** `allowed.includes(x)`, `re.test(x)`: checks the argument. */
const CHECKING_METHODS_ON_ARGUMENT: ReadonlySet<string> = new Set(['includes', 'has', 'indexOf', 'lastIndexOf', 'test', 'exec', 'hasOwnProperty', 'hasOwn', 'isAbsolute']);
/** Functions named like validators: `isSafePath(x)`, `validateUrl(x)`, `assertAllowed(x)`, `sanitizeFileName(x)`. */
const VALIDATOR_NAME = /^(?:is|validate|check|assert|ensure|verify|sanitize|sanitise|allow|allowed|whitelist|allowlist)[A-Z_]|^(?:validate|sanitize|sanitise)$/;
const KEY_ITERATORS: ReadonlySet<string> = new Set(['Object.keys', 'Object.entries', 'Reflect.ownKeys', 'Object.getOwnPropertyNames']);

export function runRules(parsed: ParsedModule, source: string, rules: readonly CodeRule[]): { hits: RuleHit[]; truncated: boolean } {
  const walker = new Walker(parsed, source);
  return walker.run(rules);
}

class Walker implements WalkContext {
  readonly file: string;
  readonly ancestors: AstNode[] = [];
  readonly keys: string[] = [];
  scope: Scope;
  readonly programScope: Scope;
  readonly functions: FunctionInfo[] = [];
  private readonly fnStack: FunctionInfo[] = [];
  private readonly scopeOwners: AstNode[] = [];
  private readonly registeredNodes = new Map<AstNode, string>();
  private readonly registeredBindings = new Map<Binding, string>();
  private readonly handledDeclarators = new Set<AstNode>();
  private readonly deferred: (() => void)[] = [];
  private readonly calleeNames = new Map<AstNode, string | undefined>();
  private readonly hits: RuleHit[] = [];
  private readonly enterTable = new Map<string, Visitor[]>();
  private readonly exitTable = new Map<string, Visitor[]>();
  private truncated = false;
  private currentKey = '';

  constructor(
    private readonly parsed: ParsedModule,
    readonly source: string,
  ) {
    this.file = parsed.file;
    this.programScope = new Scope('program', undefined, undefined);
    this.scope = this.programScope;
  }

  get fn(): FunctionInfo | undefined {
    return this.fnStack[this.fnStack.length - 1];
  }

  run(rules: readonly CodeRule[]): { hits: RuleHit[]; truncated: boolean } {
    const instances: RuleInstance[] = [];
    for (const rule of rules) {
      const instance = rule.create(this, (hit) => this.report(rule.id, hit));
      instances.push(instance);
      for (const [type, visitor] of Object.entries(instance.enter ?? {})) if (visitor) push(this.enterTable, type, visitor);
      for (const [type, visitor] of Object.entries(instance.exit ?? {})) if (visitor) push(this.exitTable, type, visitor);
    }
    const program = this.parsed.program as unknown as AstNode;
    this.predeclare(program.body as AstNode[], this.programScope);
    this.scopeOwners.push(program);
    this.visit(program, '', 0);
    for (const fn of this.functions) {
      if (this.registeredNodes.has(fn.node)) {
        fn.registered = true;
        fn.registeredVia ??= this.registeredNodes.get(fn.node);
      }
      if (fn.binding && this.registeredBindings.has(fn.binding)) {
        fn.binding.registeredHandler = true;
        fn.registeredVia ??= this.registeredBindings.get(fn.binding);
      }
      classifyFunction(fn);
    }
    for (const callback of this.deferred) callback();
    for (const instance of instances) instance.finish?.(this);
    this.hits.sort((a, b) => a.line - b.line || a.column - b.column || compareCodeUnits(a.rule, b.rule));
    return { hits: this.hits, truncated: this.truncated };
  }

  // ---- WalkContext

  parent(): AstNode | undefined {
    return this.ancestors[this.ancestors.length - 1];
  }

  key(): string {
    return this.currentKey;
  }

  lookup(name: string): Binding | undefined {
    return this.scope.lookup(name);
  }

  functionChain(): FunctionInfo[] {
    return [...this.fnStack];
  }

  defer(callback: () => void): void {
    this.deferred.push(callback);
  }

  private report(ruleId: string, hit: HitInput): void {
    const start = hit.node?.start ?? hit.start ?? 0;
    const end = hit.node?.end ?? hit.end ?? start;
    const from = this.parsed.positionAt(start);
    const to = this.parsed.positionAt(end);
    this.hits.push({
      rule: hit.rule ?? ruleId,
      severity: hit.severity,
      message: hit.message,
      ...(hit.remediation !== undefined ? { remediation: hit.remediation } : {}),
      line: from.line,
      column: from.column,
      endLine: to.line,
      endColumn: to.column,
      ...(hit.evidence !== undefined ? { evidence: hit.evidence } : {}),
      ...(hit.data !== undefined ? { data: hit.data } : {}),
    });
  }

  moduleRefOf(expression: AstNode | undefined, depth = 0): ModuleRef | undefined {
    const n = unwrap(expression);
    if (!n || depth > MAX_ORIGIN_DEPTH) return undefined;
    switch (n.type) {
      case 'Identifier': {
        const binding = this.lookup(n.name as string);
        if (!binding) return { module: '', path: [n.name as string] };
        return binding.moduleRef;
      }
      case 'MemberExpression': {
        const base = this.moduleRefOf(n.object as AstNode, depth + 1);
        const name = memberPropertyName(n);
        if (!base || name === undefined) return undefined;
        return { module: base.module, path: [...base.path, name] };
      }
      case 'CallExpression': {
        const callee = unwrap(n.callee as AstNode);
        const args = n.arguments as AstNode[];
        if (callee?.type === 'Identifier' && callee.name === 'require') {
          const spec = staticString(args[0]);
          return spec === undefined ? undefined : { module: normaliseModule(spec), path: [] };
        }
        const ref = this.moduleRefOf(callee, depth + 1);
        if (!ref) return undefined;
        const last = ref.path[ref.path.length - 1];
        // `promisify(exec)` is still exec; `axios.create()` / `got.extend()` make instances of the same client.
        if ((ref.module === 'util' && last === 'promisify') || (ref.module === '' && last === 'promisify')) return this.moduleRefOf(args[0], depth + 1);
        if (ref.module !== '' && ref.path.length === 1 && (last === 'create' || last === 'extend' || last === 'defaults')) return { module: ref.module, path: [] };
        return { module: ref.module, path: [...ref.path, '()'] };
      }
      case 'AwaitExpression':
        return this.moduleRefOf(n.argument as AstNode, depth + 1);
      case 'ImportExpression': {
        const spec = staticString(n.source as AstNode);
        return spec === undefined ? undefined : { module: normaliseModule(spec), path: [] };
      }
      default:
        return undefined;
    }
  }

  calleeName(call: AstNode): string | undefined {
    // Every rule asks about the same calls; resolve each once. Bindings a callee resolves through are
    // declared before the call is visited (imports and requires are hoisted or come first).
    if (this.calleeNames.has(call)) return this.calleeNames.get(call);
    const ref = this.moduleRefOf(call.callee as AstNode);
    const name = ref ? qualify(ref) : undefined;
    this.calleeNames.set(call, name);
    return name;
  }

  originsOf(expression: AstNode | undefined, depth = 0): Origin[] {
    const n = unwrap(expression);
    if (!n || depth > MAX_ORIGIN_DEPTH) return [];
    switch (n.type) {
      case 'Identifier':
        return this.lookup(n.name as string)?.origins ?? [];
      case 'MemberExpression': {
        const base = this.originsOf(n.object as AstNode, depth + 1);
        if (base.length === 0) return [];
        const name = memberPropertyName(n) ?? '*';
        return base.map((o) => extendOrigin(o, name));
      }
      case 'TemplateLiteral':
        return this.union(n.expressions as AstNode[], depth);
      case 'BinaryExpression':
        return n.operator === '+' ? this.union([n.left as AstNode, n.right as AstNode], depth) : [];
      case 'LogicalExpression':
        return this.union([n.left as AstNode, n.right as AstNode], depth);
      case 'ConditionalExpression':
        return this.union([n.consequent as AstNode, n.alternate as AstNode], depth);
      case 'AwaitExpression':
      case 'SpreadElement':
        return this.originsOf(n.argument as AstNode, depth + 1);
      case 'AssignmentExpression':
        return this.originsOf(n.right as AstNode, depth + 1);
      case 'SequenceExpression': {
        const list = n.expressions as AstNode[];
        return this.originsOf(list[list.length - 1], depth + 1);
      }
      case 'ObjectExpression':
        return this.union(
          (n.properties as AstNode[]).map((p) => (p.type === 'Property' ? (p.value as AstNode) : p)),
          depth,
        );
      case 'ArrayExpression':
        return this.union((n.elements as (AstNode | null)[]).filter(isNode), depth);
      case 'CallExpression':
      case 'NewExpression':
        return this.callOrigins(n, depth);
      default:
        return [];
    }
  }

  private union(nodes: readonly AstNode[], depth: number): Origin[] {
    const out: Origin[] = [];
    for (const node of nodes) addOrigins(out, this.originsOf(node, depth + 1));
    return out;
  }

  private callOrigins(call: AstNode, depth: number): Origin[] {
    const callee = unwrap(call.callee as AstNode);
    const args = call.arguments as AstNode[];
    if (!callee) return [];
    if (callee.type === 'MemberExpression') {
      const method = memberPropertyName(callee);
      const receiver = this.originsOf(callee.object as AstNode, depth + 1);
      if (receiver.length > 0 && method !== undefined) {
        const accessor = REQUEST_ACCESSORS[method];
        const direct = receiver.filter((o) => o.path.length === 0);
        if (accessor !== undefined && direct.length > 0) {
          const header = staticString(args[0]);
          return direct.map((o) => (header !== undefined ? extendOrigin(extendOrigin(o, accessor), header.toLowerCase()) : extendOrigin(o, accessor)));
        }
        // `.replace(/[^\w-]/g, '')`: a regular expression replacement is taken as sanitising.
        if ((method === 'replace' || method === 'replaceAll') && unwrap(args[0])?.regex) return [];
        if (PASS_THROUGH_METHODS.has(method)) return method === 'concat' ? [...receiver, ...this.union(args, depth)] : receiver;
        return [];
      }
    }
    const name = this.calleeName(call);
    if (name === undefined) return [];
    if (KEY_ITERATORS.has(name) || name === 'Object.values') return this.originsOf(args[0], depth + 1).map((o) => extendOrigin(o, '*'));
    if (PASS_THROUGH_FUNCTIONS.has(name) || name === 'URL' || name === 'URLSearchParams') return this.union(args, depth);
    return [];
  }

  // ---- traversal

  private visit(node: AstNode, key: string, depth: number): void {
    if (depth > MAX_WALK_DEPTH) {
      this.truncated = true;
      return;
    }
    if (node.type.startsWith('TS') && !RUNTIME_TS_NODES.has(node.type)) return;
    if (node.declare === true) return;
    if (node.type === 'TSModuleDeclaration' && node.kind === 'global') return;
    this.currentKey = key;
    const owner = this.enterNode(node, key);
    this.currentKey = key;
    const enter = this.enterTable.get(node.type);
    if (enter) for (const visitor of enter) visitor(node, this);
    this.ancestors.push(node);
    for (const field of childKeysOf(node)) {
      const value = node[field] as unknown;
      if (Array.isArray(value)) {
        for (const child of value) {
          if (isNode(child)) {
            this.keys.push(field);
            this.visit(child, field, depth + 1);
            this.keys.pop();
          }
        }
      } else if (isNode(value)) {
        this.keys.push(field);
        this.visit(value, field, depth + 1);
        this.keys.pop();
      }
    }
    this.ancestors.pop();
    this.currentKey = key;
    const exit = this.exitTable.get(node.type);
    if (exit) for (const visitor of exit) visitor(node, this);
    if (owner) this.leaveNode(node);
  }

  /** Scope and function bookkeeping; returns true when the node opened a scope. */
  private enterNode(node: AstNode, key: string): boolean {
    const parent = this.parent();
    switch (node.type) {
      case 'FunctionDeclaration':
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
        this.enterFunction(node, parent, key);
        return true;
      case 'BlockStatement':
        if (parent && isFunction(parent) && key === 'body') return false;
        this.openScope(node);
        this.predeclare(node.body as AstNode[], this.scope);
        return true;
      case 'StaticBlock':
        this.openScope(node);
        this.predeclare(node.body as AstNode[], this.scope);
        return true;
      case 'SwitchStatement':
        this.markChecked(node.discriminant as AstNode);
        this.openScope(node);
        for (const c of node.cases as AstNode[]) this.predeclare(c.consequent as AstNode[], this.scope);
        return true;
      case 'ForStatement':
        this.openScope(node);
        return true;
      case 'ForInStatement':
      case 'ForOfStatement':
        this.openScope(node);
        this.declareLoopTarget(node);
        return true;
      case 'CatchClause':
        this.openScope(node);
        if (node.param) this.declarePattern(this.scope, node.param as AstNode, 'catch', () => []);
        return true;
      case 'VariableDeclarator':
        if (!this.handledDeclarators.has(node)) this.declareDeclarator(node, (parent?.kind as string | undefined) ?? 'var');
        return false;
      case 'AssignmentExpression':
        this.noteAssignment(node);
        return false;
      case 'UpdateExpression': {
        const target = unwrap(node.argument as AstNode);
        if (target?.type === 'Identifier') {
          const binding = this.lookup(target.name as string);
          if (binding) binding.reassigned = true;
        }
        return false;
      }
      case 'CallExpression':
        this.noteRegistration(node);
        this.noteCheck(node);
        return false;
      case 'BinaryExpression':
        // `x === 'a'` constrains x; `x === undefined` or `x !== ''` only tests presence.
        if (COMPARISON_OPERATORS.has(node.operator as string)) {
          if (!isPresenceTest(node.right as AstNode)) this.markChecked(node.left as AstNode);
          if (!isPresenceTest(node.left as AstNode)) this.markChecked(node.right as AstNode);
        }
        return false;
      default:
        return false;
    }
  }

  /** Validation calls: `allowed.includes(x)`, `x.startsWith(root)`, `/re/.test(x)`, `isSafePath(x)`, `path.relative(root, x)`. */
  private noteCheck(call: AstNode): void {
    const callee = unwrap(call.callee as AstNode);
    const args = call.arguments as AstNode[];
    if (callee?.type === 'MemberExpression') {
      const method = memberPropertyName(callee);
      if (method === undefined) return;
      if (CHECKING_METHODS_ON_VALUE.has(method)) this.markChecked(callee.object as AstNode);
      if (CHECKING_METHODS_ON_ARGUMENT.has(method)) for (const a of args) this.markChecked(a);
      if (VALIDATOR_NAME.test(method)) for (const a of args) this.markChecked(a);
      if (method === 'relative' && dottedName(callee.object as AstNode) === 'path') for (const a of args) this.markChecked(a);
    } else if (callee?.type === 'Identifier' && VALIDATOR_NAME.test(callee.name as string)) {
      for (const a of args) this.markChecked(a);
    }
  }

  private markChecked(node: AstNode | undefined): void {
    const n = unwrap(node);
    if (n?.type !== 'Identifier') return;
    const binding = this.lookup(n.name as string);
    if (binding) binding.checked = true;
  }

  private leaveNode(node: AstNode): void {
    if (this.scopeOwners[this.scopeOwners.length - 1] === node) {
      this.scopeOwners.pop();
      this.scope = this.scope.parent ?? this.programScope;
    }
    if (this.fn?.node === node) this.fnStack.pop();
  }

  private openScope(owner: AstNode, fn = this.fn): Scope {
    const scope = new Scope(fn && isFunction(owner) ? 'function' : 'block', this.scope, fn);
    this.scope = scope;
    this.scopeOwners.push(owner);
    return scope;
  }

  private enterFunction(node: AstNode, parent: AstNode | undefined, key: string): void {
    let name: string | undefined = (node.id as AstNode | null)?.name as string | undefined;
    let binding: Binding | undefined;
    if (node.type === 'FunctionDeclaration' && name !== undefined) binding = this.scope.lookup(name);
    if (parent?.type === 'VariableDeclarator' && key === 'init' && (parent.id as AstNode).type === 'Identifier') {
      name ??= (parent.id as AstNode).name as string;
      binding = this.scope.lookup((parent.id as AstNode).name as string);
    } else if (parent && (parent.type === 'Property' || parent.type === 'MethodDefinition' || parent.type === 'PropertyDefinition') && key === 'value') {
      name ??= propertyKeyName(parent);
    } else if (parent?.type === 'AssignmentExpression' && key === 'right') {
      name ??= valueName(parent.left as AstNode);
    }
    let callbackOf: string | undefined;
    if (parent && (parent.type === 'CallExpression' || parent.type === 'NewExpression') && key === 'arguments') {
      const callee = unwrap(parent.callee as AstNode);
      callbackOf = callee?.type === 'MemberExpression' ? memberPropertyName(callee) : callee?.type === 'Identifier' ? (callee.name as string) : undefined;
    }
    const outer = this.fn;
    const fn: FunctionInfo = {
      node,
      ...(name !== undefined ? { name } : {}),
      ...(outer ? { parent: outer } : {}),
      params: node.params as AstNode[],
      scope: undefined as unknown as Scope,
      ...(binding ? { binding } : {}),
      registered: false,
      isHandler: false,
      requestParam: -1,
      ...(callbackOf !== undefined ? { callbackOf } : {}),
    };
    this.functions.push(fn);
    this.fnStack.push(fn);
    fn.scope = this.openScope(node, fn);
    if (node.type === 'FunctionExpression' && node.id) {
      const self = this.declareName(fn.scope, node.id as AstNode, 'function');
      self.fnNode = node;
      fn.binding ??= self;
    }
    const params = node.params as AstNode[];
    params.forEach((param, index) => {
      this.declarePattern(fn.scope, param, 'param', (path) => [{ fn, param: index, path }]);
    });
    // Callbacks of array iteration receive the receiver's elements (or keys: `Object.keys(x).forEach(k => …)`).
    if (callbackOf !== undefined && ITERATION_METHODS.has(callbackOf) && parent) {
      const receiver = unwrap((unwrap(parent.callee as AstNode) as AstNode).object as AstNode);
      const index = callbackOf === 'reduce' || callbackOf === 'reduceRight' ? 1 : 0;
      const param = params[index];
      if (receiver && param) {
        const elementOrigins = this.originsOf(receiver).map((o) => extendOrigin(o, '*'));
        const keySource = this.keySourceOf(receiver);
        this.declarePattern(fn.scope, param, 'param', () => elementOrigins, (b, path) => {
          if (keySource && ((keySource.entries && path.length === 1 && path[0] === '0') || (!keySource.entries && path.length === 0))) b.keyOf = keySource.object;
        });
      }
    }
    const body = node.body as AstNode | null;
    if (body?.type === 'BlockStatement') this.predeclare(body.body as AstNode[], fn.scope);
  }

  /** `Object.keys(x)` → keys of x; `Object.entries(x)` → [key, value] pairs of x. */
  private keySourceOf(expression: AstNode): { object: AstNode; entries: boolean } | undefined {
    const n = unwrap(expression);
    if (n?.type !== 'CallExpression') return undefined;
    const name = this.calleeName(n);
    const object = (n.arguments as AstNode[])[0];
    if (!object) return undefined;
    if (name === 'Object.keys' || name === 'Reflect.ownKeys' || name === 'Object.getOwnPropertyNames') return { object, entries: false };
    if (name === 'Object.entries') return { object, entries: true };
    return undefined;
  }

  private declareLoopTarget(loop: AstNode): void {
    const left = loop.left as AstNode;
    const right = loop.right as AstNode;
    const elementOrigins = this.originsOf(right).map((o) => extendOrigin(o, '*'));
    const keySource = loop.type === 'ForInStatement' ? { object: right, entries: false } : this.keySourceOf(right);
    const onBinding = (b: Binding, path: readonly string[]): void => {
      if (keySource && ((keySource.entries && path.length === 1 && path[0] === '0') || (!keySource.entries && path.length === 0))) b.keyOf = keySource.object;
    };
    if (left.type === 'VariableDeclaration') {
      const kind = left.kind as string;
      const scope = kind === 'var' ? this.scope.functionScope() : this.scope;
      for (const declarator of left.declarations as AstNode[]) {
        this.handledDeclarators.add(declarator);
        this.declarePattern(scope, declarator.id as AstNode, toBindingKind(kind), () => elementOrigins, onBinding);
      }
    } else {
      const target = unwrap(left);
      if (target?.type === 'Identifier') {
        const binding = this.lookup(target.name as string);
        if (binding) {
          addOrigins(binding.origins, elementOrigins);
          onBinding(binding, []);
        }
      }
    }
  }

  private declareDeclarator(declarator: AstNode, kind: string): void {
    const scope = kind === 'var' ? this.scope.functionScope() : this.scope;
    const init = declarator.init as AstNode | null;
    const baseOrigins = init ? this.originsOf(init) : [];
    const baseRef = init ? this.moduleRefOf(init) : undefined;
    const initFn = init ? unwrap(init) : undefined;
    this.declarePattern(
      scope,
      declarator.id as AstNode,
      toBindingKind(kind),
      (path) => baseOrigins.map((o) => path.reduce((acc, seg) => extendOrigin(acc, seg), o)),
      (binding, path) => {
        if (path.length === 0 && init) {
          binding.init = init;
          if (initFn && isFunction(initFn)) binding.fnNode = initFn;
        }
        if (baseRef && !path.includes('*')) binding.moduleRef = { module: baseRef.module, path: [...baseRef.path, ...path] };
      },
    );
  }

  private noteAssignment(node: AstNode): void {
    const target = unwrap(node.left as AstNode);
    if (!target) return;
    if (target.type === 'Identifier') {
      const binding = this.lookup(target.name as string);
      if (!binding) return;
      binding.reassigned = true;
      addOrigins(binding.origins, this.originsOf(node.right as AstNode));
      if (node.operator === '=' && binding.moduleRef === undefined) {
        const ref = this.moduleRefOf(node.right as AstNode);
        if (ref) binding.moduleRef = ref;
      }
    } else if (target.type === 'ObjectPattern' || target.type === 'ArrayPattern') {
      const origins = this.originsOf(node.right as AstNode);
      this.assignPattern(target, [], origins);
    }
  }

  private assignPattern(pattern: AstNode, path: string[], origins: readonly Origin[]): void {
    const p = unwrap(pattern);
    if (!p) return;
    if (p.type === 'Identifier') {
      const binding = this.lookup(p.name as string);
      if (binding) {
        binding.reassigned = true;
        addOrigins(binding.origins, origins.map((o) => path.reduce((acc, seg) => extendOrigin(acc, seg), o)));
      }
    } else if (p.type === 'ObjectPattern') {
      for (const prop of p.properties as AstNode[]) {
        if (prop.type === 'RestElement') this.assignPattern(prop.argument as AstNode, path, origins);
        else this.assignPattern(prop.value as AstNode, [...path, propertyKeyName(prop) ?? '*'], origins);
      }
    } else if (p.type === 'ArrayPattern') {
      for (const element of p.elements as (AstNode | null)[]) if (element) this.assignPattern(element, [...path, '*'], origins);
    } else if (p.type === 'AssignmentPattern') {
      this.assignPattern(p.left as AstNode, path, origins);
    } else if (p.type === 'RestElement') {
      this.assignPattern(p.argument as AstNode, path, origins);
    }
  }

  /** Route and server registrations: `app.post('/x', handler)`, `http.createServer(fn)`, `server.on('request', fn)`, `fastify.route({ handler })`. */
  private noteRegistration(call: AstNode): void {
    const callee = unwrap(call.callee as AstNode);
    const args = call.arguments as AstNode[];
    let method: string | undefined;
    if (callee?.type === 'MemberExpression') method = memberPropertyName(callee);
    else if (callee?.type === 'Identifier') method = callee.name as string;
    if (method === undefined || args.length === 0) return;
    const via = callee?.type === 'MemberExpression' ? `${dottedName(callee.object as AstNode) ?? '…'}.${method}` : method;
    const mark = (arg: AstNode | undefined, needsRequestShape: boolean, depth = 0): void => {
      const a = unwrap(arg);
      if (!a || depth > 2) return;
      if (isFunction(a)) {
        const params = a.params as AstNode[];
        if (params.length >= 1 && (!needsRequestShape || params.length >= 2 || requestParamByShape(params) >= 0)) this.registeredNodes.set(a, via);
      } else if (a.type === 'Identifier') {
        const binding = this.lookup(a.name as string);
        if (binding) this.registeredBindings.set(binding, via);
      } else if (a.type === 'CallExpression') {
        for (const inner of a.arguments as AstNode[]) mark(inner, needsRequestShape, depth + 1);
      } else if (a.type === 'ArrayExpression') {
        for (const element of a.elements as (AstNode | null)[]) if (element) mark(element, needsRequestShape, depth + 1);
      }
    };
    if (callee?.type === 'MemberExpression' && ROUTE_METHODS.has(method)) {
      const first = unwrap(args[0]);
      const routeFirst =
        first !== undefined &&
        (staticString(first) !== undefined || first.type === 'TemplateLiteral' || first.regex !== undefined || first.type === 'ArrayExpression');
      if (routeFirst) for (const a of args.slice(1)) mark(a, false);
      else if (method === 'use' || method === 'all') for (const a of args) mark(a, true);
    } else if (method === 'createServer' || method === 'createSecureServer') {
      for (const a of args) mark(a, false);
    } else if (method === 'on' && staticString(args[0]) === 'request') {
      mark(args[1], false);
    } else if (method === 'route' && callee?.type === 'MemberExpression') {
      const options = unwrap(args[0]);
      if (options?.type === 'ObjectExpression') {
        for (const p of options.properties as AstNode[]) {
          const name = p.type === 'Property' ? propertyKeyName(p) : undefined;
          if (name === 'handler' || name === 'preHandler') mark(p.value as AstNode, false);
        }
      }
    }
  }

  /** Hoisting: names declared directly in a block are visible to code earlier in it (and to functions called later). */
  private predeclare(statements: readonly AstNode[], scope: Scope): void {
    for (const raw of statements) {
      let statement: AstNode | null | undefined = raw;
      if (statement.type === 'ExportNamedDeclaration' || statement.type === 'ExportDefaultDeclaration') statement = statement.declaration as AstNode | null;
      if (!statement || statement.declare === true) continue;
      switch (statement.type) {
        case 'FunctionDeclaration':
          if (statement.id) this.declareName(scope, statement.id as AstNode, 'function').fnNode = statement;
          break;
        case 'ClassDeclaration':
        case 'TSEnumDeclaration':
          if (statement.id) this.declareName(scope, statement.id as AstNode, statement.type === 'ClassDeclaration' ? 'class' : 'const');
          break;
        case 'VariableDeclaration': {
          const kind = statement.kind as string;
          const target = kind === 'var' ? scope.functionScope() : scope;
          for (const d of statement.declarations as AstNode[]) this.declarePattern(target, d.id as AstNode, toBindingKind(kind), () => []);
          break;
        }
        case 'ImportDeclaration': {
          if (statement.importKind === 'type') break;
          const module = normaliseModule(String((statement.source as AstNode).value));
          for (const spec of (statement.specifiers ?? []) as AstNode[]) {
            if (spec.importKind === 'type') continue;
            const binding = this.declareName(scope, spec.local as AstNode, 'import');
            if (spec.type === 'ImportSpecifier') {
              const imported = spec.imported as AstNode;
              const name = (imported.name ?? imported.value) as string;
              binding.moduleRef = { module, path: name === 'default' ? [] : [name] };
            } else binding.moduleRef = { module, path: [] };
          }
          break;
        }
        case 'TSImportEqualsDeclaration': {
          const reference = statement.moduleReference as AstNode;
          if (reference.type === 'TSExternalModuleReference') {
            const spec = staticString(reference.expression as AstNode);
            if (spec !== undefined) this.declareName(scope, statement.id as AstNode, 'import').moduleRef = { module: normaliseModule(spec), path: [] };
          }
          break;
        }
        default:
          break;
      }
    }
  }

  private declareName(scope: Scope, id: AstNode, kind: BindingKind): Binding {
    const name = id.name as string;
    const existing = scope.bindings.get(name);
    if (existing) return existing;
    const binding: Binding = { name, kind, scope, id, origins: [] };
    scope.bindings.set(name, binding);
    return binding;
  }

  private declarePattern(
    scope: Scope,
    pattern: AstNode,
    kind: BindingKind,
    originsAt: (path: readonly string[]) => Origin[],
    onBinding?: (binding: Binding, path: readonly string[]) => void,
    path: readonly string[] = [],
  ): void {
    switch (pattern.type) {
      case 'Identifier': {
        const binding = this.declareName(scope, pattern, kind);
        addOrigins(binding.origins, originsAt(path));
        onBinding?.(binding, path);
        break;
      }
      case 'ObjectPattern':
        for (const prop of pattern.properties as AstNode[]) {
          if (prop.type === 'RestElement') this.declarePattern(scope, prop.argument as AstNode, kind, originsAt, onBinding, path);
          else this.declarePattern(scope, prop.value as AstNode, kind, originsAt, onBinding, [...path, propertyKeyName(prop) ?? '*']);
        }
        break;
      case 'ArrayPattern':
        (pattern.elements as (AstNode | null)[]).forEach((element, index) => {
          if (element) this.declarePattern(scope, element, kind, originsAt, onBinding, [...path, String(index)]);
        });
        break;
      case 'AssignmentPattern':
        this.declarePattern(scope, pattern.left as AstNode, kind, originsAt, onBinding, path);
        break;
      case 'RestElement':
        this.declarePattern(scope, pattern.argument as AstNode, kind, originsAt, onBinding, path);
        break;
      case 'TSParameterProperty':
        this.declarePattern(scope, pattern.parameter as AstNode, kind, originsAt, onBinding, path);
        break;
      default:
        break;
    }
  }
}

/** `undefined`, `null`, `''`, `0`, `false`: comparing with these says nothing about a value's content. */
function isPresenceTest(node: AstNode | undefined): boolean {
  const n = unwrap(node);
  if (!n) return false;
  if (n.type === 'Identifier') return n.name === 'undefined';
  if (n.type === 'Literal') return n.value === null || n.value === '' || n.value === 0 || n.value === false;
  return n.type === 'UnaryExpression' && n.operator === 'void';
}

/** Child fields per node type (oxc's visitor keys, in source order), minus type positions. */
const CHILD_KEYS = new Map<string, readonly string[]>(
  Object.entries(visitorKeys as Record<string, readonly string[]>).map(([type, keys]) => [type, keys.filter((k) => !SKIPPED_KEYS.has(k))]),
);

function childKeysOf(node: AstNode): readonly string[] {
  const known = CHILD_KEYS.get(node.type);
  if (known) return known;
  // A node type oxc does not list (newer syntax): every field that is not a position or a type.
  const keys = Object.keys(node).filter((k) => !SKIPPED_KEYS.has(k));
  CHILD_KEYS.set(node.type, keys);
  return keys;
}

function push(table: Map<string, Visitor[]>, type: string, visitor: Visitor): void {
  const list = table.get(type);
  if (list) list.push(visitor);
  else table.set(type, [visitor]);
}

function toBindingKind(kind: string): BindingKind {
  return kind === 'let' || kind === 'const' || kind === 'var' ? kind : kind === 'using' || kind === 'await using' ? 'using' : 'var';
}

/** `node:fs` → `fs`; `fs/promises` → `fs` (its functions are reached as `fs.x` after `qualify`). */
export function normaliseModule(specifier: string): string {
  return specifier.startsWith('node:') ? specifier.slice(5) : specifier;
}

const GLOBAL_OBJECTS: ReadonlySet<string> = new Set(['globalThis', 'window', 'global', 'self']);
const PROMISE_MODULES: ReadonlySet<string> = new Set(['fs', 'dns', 'stream', 'timers', 'readline', 'fs-extra']);

/** Qualified name of a module reference: `child_process.exec`, `fs.writeFile` (also for fs/promises and fs.promises), `Math.random`. */
export function qualify(ref: ModuleRef): string {
  let module = normaliseModule(ref.module);
  let path = [...ref.path];
  if (module === '') {
    if (path.length > 1 && GLOBAL_OBJECTS.has(path[0]!)) path = path.slice(1);
    return path.join('.');
  }
  if (module.endsWith('/promises') && PROMISE_MODULES.has(module.slice(0, -'/promises'.length))) module = module.slice(0, -'/promises'.length);
  if (PROMISE_MODULES.has(module) && path[0] === 'promises') path = path.slice(1);
  return [module, ...path].join('.');
}
