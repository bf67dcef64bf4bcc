// Lexical scopes, bindings and functions as the walker sees them: enough to tell a module-level
// `const cache = new Map()` from a local one of the same name, to know that `exec` is
// child_process's, and to follow a value from a request handler's parameter through one level of
// variables and destructuring.
import type { AstNode } from './ast.js';

/** A module (or a global, `module: ''`) and the property path read from it: `child_process` + [exec]. */
export interface ModuleRef {
  module: string;
  path: readonly string[];
}

/**
 * Where a value comes from: parameter `param` of function `fn`, then the property path read from it
 * (`req.body.file` → param 0 of the handler, path [body, file]). Whether that parameter is an HTTP
 * request is decided once the whole file has been seen (a function may be registered as a route
 * handler after its declaration).
 */
export interface Origin {
  fn: FunctionInfo;
  param: number;
  path: readonly string[];
}

export type BindingKind = 'param' | 'var' | 'let' | 'const' | 'function' | 'class' | 'import' | 'catch' | 'using';

export interface Binding {
  name: string;
  kind: BindingKind;
  scope: Scope;
  /** The identifier that declares it (for positions). */
  id: AstNode;
  /** The initial value (`const x = <init>`), undefined for destructured parts and parameters. */
  init?: AstNode;
  /** The function it names: `function f() {}`, `const f = () => {}`. */
  fnNode?: AstNode;
  moduleRef?: ModuleRef;
  /** Request-derivation candidates: from the initial value and later assignments (flow-insensitive). */
  origins: Origin[];
  /** The expression whose keys this binding iterates (`for (const k in src)`, `Object.keys(src).forEach(k => …)`). */
  keyOf?: AstNode;
  /** Passed by name to a route or server registration (`app.post('/x', handle)`). */
  registeredHandler?: boolean;
  /** Written after its declaration (`x = …`, `x++`). */
  reassigned?: boolean;
  /**
   * Compared or checked somewhere (`x === …`, `list.includes(x)`, `x.startsWith(root)`, `re.test(x)`,
   * `isValid(x)`): evidence that the code validates it, so request-derived sinks trust it.
   */
  checked?: boolean;
}

export type ScopeKind = 'program' | 'function' | 'block';

export class Scope {
  readonly bindings = new Map<string, Binding>();

  constructor(
    readonly kind: ScopeKind,
    readonly parent: Scope | undefined,
    readonly fn: FunctionInfo | undefined,
  ) {}

  lookup(name: string): Binding | undefined {
    for (let s: Scope | undefined = this; s; s = s.parent) {
      const found = s.bindings.get(name);
      if (found) return found;
    }
    return undefined;
  }

  /** The scope `var` declarations land in. */
  functionScope(): Scope {
    let s: Scope = this;
    while (s.kind === 'block' && s.parent) s = s.parent;
    return s;
  }
}

export interface FunctionInfo {
  node: AstNode;
  /** Declared or assigned name (`function f`, `const f = …`, method `f() {}`), for messages and recursion. */
  name?: string;
  parent?: FunctionInfo;
  params: AstNode[];
  scope: Scope;
  /** The binding that names the function, when there is one. */
  binding?: Binding;
  /** Passed to a route/server registration, inline or by name (set during the walk or at the end). */
  registered: boolean;
  /** How it was registered (`app.post`, `http.createServer`), for messages. */
  registeredVia?: string;
  /** Decided after the walk: an HTTP request handler (registered, or shaped `(req, res)`). */
  isHandler: boolean;
  /** Decided after the walk: index of the parameter holding the HTTP request, or -1. */
  requestParam: number;
  /** The method of the call this function is a callback of (`forEach`, `setTimeout`, `on`), if any. */
  callbackOf?: string;
}

const MAX_ORIGINS_PER_BINDING = 16;

/** Adds origins to a list without duplicates, up to a bound (a value rarely has more than a few sources). */
export function addOrigins(target: Origin[], more: readonly Origin[]): void {
  for (const o of more) {
    if (target.length >= MAX_ORIGINS_PER_BINDING) return;
    if (!target.some((t) => t.fn === o.fn && t.param === o.param && samePath(t.path, o.path))) target.push(o);
  }
}

function samePath(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Paths longer than this say nothing more about where a value came from. */
const MAX_ORIGIN_PATH = 6;

export function extendOrigin(origin: Origin, segment: string): Origin {
  if (origin.path.length >= MAX_ORIGIN_PATH) return origin;
  return { fn: origin.fn, param: origin.param, path: [...origin.path, segment] };
}
