// SEC-CODE rules about running code or commands: eval / Function / vm with non-literal input, module
// loading from request data, and shell commands assembled at run time.
import { excerpt, isFunction, isStaticValue, objectProperty, booleanValue, unwrap, type AstNode } from '../ast.js';
import { describeOrigin, firstRequestDerived } from '../taint.js';
import type { CodeRule, WalkContext } from '../walk.js';
import { hasImportCall, REQUEST_HANDLER_HINTS } from '../prefilter.js';
import { constantValue, isBuiltUpString, objectLiteralOf, SINKS } from './common.js';

const EVAL_CALLS: ReadonlySet<string> = new Set(SINKS.evalCalls);
const VM_CALLS: ReadonlySet<string> = new Set(SINKS.vmCalls);
const TIMER_CALLS: ReadonlySet<string> = new Set(SINKS.timerCalls);
const EXEC_CALLS: ReadonlySet<string> = new Set(SINKS.execCalls);
const SPAWN_CALLS: ReadonlySet<string> = new Set(SINKS.spawnCalls);

/** A literal, or a constant holding one: code that is fixed when the file is written. */
function isFixed(ctx: WalkContext, node: AstNode | undefined): boolean {
  if (isStaticValue(node)) return true;
  const value = constantValue(ctx, node);
  return value !== undefined && isStaticValue(value);
}

export const dynamicCodeRule: CodeRule = {
  id: 'sec-code/dynamic-code',
  // `require(x)` and `import(x)` count only with request data.
  // Every eval, vm and timer call name holds one of these (or the vm module's name).
  needs: ['eval', 'Function', 'vm', 'setTimeout', 'setInterval', 'setImmediate', { all: [REQUEST_HANDLER_HINTS, ['require', hasImportCall]] }],
  create(ctx, report) {
    const flag = (node: AstNode, what: string, input: AstNode, onlyWithRequestData = false): void => {
      const origins = ctx.originsOf(input);
      const text = excerpt(ctx.source, input, 60);
      ctx.defer(() => {
        const source = firstRequestDerived(origins);
        if (onlyWithRequestData && !source) return;
        report({
          node,
          severity: 'error',
          message: source
            ? `${what} runs code taken from the request (${describeOrigin(source)})`
            : `${what} runs code assembled at run time (\`${text}\`)`,
          remediation:
            'Do not evaluate strings as code. Replace eval/new Function/vm with explicit logic (a lookup table of functions, JSON.parse for data); ' +
            'vm is not a security boundary. If code really must be loaded dynamically, load it from a fixed list of modules.',
          evidence: excerpt(ctx.source, node),
          data: { construct: what, requestDerived: source ? describeOrigin(source) : undefined },
        });
      });
    };
    const visit = (node: AstNode): void => {
      const name = ctx.calleeName(node);
      if (name === undefined) return;
      const args = node.arguments as AstNode[];
      if (EVAL_CALLS.has(name)) {
        const input = name === 'eval' ? args[0] : args.find((a) => !isFixed(ctx, a));
        if (input && !isFixed(ctx, input)) flag(node, name === 'eval' ? 'eval()' : `${node.type === 'NewExpression' ? 'new ' : ''}Function()`, input);
      } else if (VM_CALLS.has(name)) {
        if (args[0] && !isFixed(ctx, args[0])) flag(node, `${name}()`, args[0]);
      } else if (TIMER_CALLS.has(name) && node.type === 'CallExpression') {
        // A string (not a function) as the first argument is evaluated like eval().
        if (args[0] && isBuiltUpString(ctx, args[0])) flag(node, `${name}() with a string`, args[0]);
      } else if (name === 'require' && node.type === 'CallExpression' && args[0] && !isFixed(ctx, args[0])) {
        flag(node, 'require()', args[0], true);
      }
    };
    return {
      enter: {
        CallExpression: visit,
        NewExpression: visit,
        ImportExpression(node) {
          const source = node.source as AstNode;
          if (!isFixed(ctx, source)) flag(node, 'import()', source, true);
        },
      },
    };
  },
};

/** `{ shell: true }` (or any shell that is not literally off) in an options argument. */
function shellOption(ctx: WalkContext, args: readonly AstNode[]): AstNode | undefined {
  for (const arg of args) {
    const options = objectLiteralOf(ctx, arg);
    const shell = objectProperty(options, 'shell');
    if (!shell) continue;
    const value = unwrap(shell.value as AstNode);
    if (booleanValue(value) === false) continue;
    if (value?.type === 'Literal' && value.value === null) continue;
    if (value?.type === 'Identifier' && value.name === 'undefined') continue;
    return shell;
  }
  return undefined;
}

export const shellInjectionRule: CodeRule = {
  id: 'sec-code/shell-injection',
  // Every exec and spawn call name holds one of these.
  needs: ['exec', 'spawn', 'fork'],
  create(ctx, report) {
    const remediation =
      'Run the program without a shell and pass arguments as an array: execFile(file, [arg1, arg2]) or spawn(file, args) without `shell: true`. ' +
      'Never interpolate values into a command string; validate values against an allow-list when they choose what runs.';
    return {
      enter: {
        CallExpression(node) {
          const name = ctx.calleeName(node);
          if (name === undefined) return;
          const args = node.arguments as AstNode[];
          let command: AstNode | undefined;
          let builtUp = false;
          let how = '';
          const inputs: AstNode[] = [];
          if (EXEC_CALLS.has(name)) {
            command = args[0];
            if (!command || isFunction(unwrap(command))) return;
            builtUp = isBuiltUpString(ctx, command);
            inputs.push(command);
            how = `${name}() runs its command through a shell`;
          } else if (SPAWN_CALLS.has(name)) {
            const shell = shellOption(ctx, args);
            if (!shell) return;
            command = args[0];
            if (!command) return;
            const list = unwrap(args[1]);
            const listParts = list?.type === 'ArrayExpression' ? (list.elements as (AstNode | null)[]).filter((e): e is AstNode => e !== null) : [];
            builtUp = isBuiltUpString(ctx, command) || listParts.some((e) => !isFixed(ctx, e));
            inputs.push(command, ...listParts);
            how = `${name}() with \`${excerpt(ctx.source, shell, 30)}\` runs through a shell`;
          } else return;
          const origins = inputs.flatMap((i) => ctx.originsOf(i));
          const text = excerpt(ctx.source, command, 60);
          ctx.defer(() => {
            const source = firstRequestDerived(origins);
            if (!builtUp && !source) return;
            report({
              node,
              severity: 'error',
              message: source
                ? `${how}, and the command includes request data (${describeOrigin(source)}): shell injection`
                : `${how}, and the command is assembled at run time (\`${text}\`): any shell metacharacter in the inserted values runs as a command`,
              remediation,
              evidence: excerpt(ctx.source, node),
              data: { call: name, requestDerived: source ? describeOrigin(source) : undefined },
            });
          });
        },
      },
    };
  },
};
