// Rules about what code writes to logs: secrets (SEC-CODE) and debug output (SEC-NONPROD).
import { dottedName, excerpt, memberPropertyName, propertyKeyName, staticString, unwrap, valueName, type AstNode } from '../ast.js';
import { isSecretName } from '../names.js';
import type { Origin } from '../scope.js';
import { describeOrigin, isRequestDerived } from '../taint.js';
import type { CodeRule, WalkContext } from '../walk.js';
import { LOGGER_NAME_HINTS } from '../prefilter.js';
import { CONSOLE_DEBUG_METHODS, logCallOf, SINKS } from './common.js';

const SECRET_HEADERS: ReadonlySet<string> = new Set(SINKS.secretHeaderNames);
/** Environment variable names that hold secrets (`CTP_CLIENT_SECRET`, `STRIPE_API_KEY`, `DB_PASSWORD`). */
const SECRET_ENV = /(?:SECRET|PASSWORD|PASSWD|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIAL|AUTH)(?:_|$)/i;
/** Wrappers that print their argument as it is. */
const PRINTING_CALLS: ReadonlySet<string> = new Set(['JSON.stringify', 'util.inspect', 'String', 'inspect']);
const MAX_INSPECT_DEPTH = 4;

interface Leak {
  node: AstNode;
  what: string;
  /** Request origins that make it a leak only if request-derived (decided after the walk). */
  origins?: Origin[];
}

/** Secrets an argument of a log call would print. */
function leaksIn(ctx: WalkContext, node: AstNode | undefined, out: Leak[], depth = 0): void {
  const n = unwrap(node);
  if (!n || depth > MAX_INSPECT_DEPTH) return;
  switch (n.type) {
    case 'Identifier':
    case 'MemberExpression': {
      const dotted = dottedName(n);
      if (dotted === 'process.env') {
        out.push({ node: n, what: 'the whole process.env (every configuration value, secured ones included)' });
        return;
      }
      if (dotted?.startsWith('process.env.') && SECRET_ENV.test(dotted.slice('process.env.'.length))) {
        out.push({ node: n, what: `the secret ${dotted}` });
        return;
      }
      const name = valueName(n);
      if (name !== undefined && isSecretName(name)) {
        out.push({ node: n, what: `\`${dotted ?? name}\`` });
        return;
      }
      // `req.headers`, `req.headers.authorization`, `req.get('authorization')` are decided after the walk.
      const origins = ctx.originsOf(n);
      if (origins.length > 0) out.push({ node: n, what: '', origins });
      return;
    }
    case 'CallExpression': {
      const name = ctx.calleeName(n);
      const args = n.arguments as AstNode[];
      if (name !== undefined && PRINTING_CALLS.has(name)) return leaksIn(ctx, args[0], out, depth + 1);
      const callee = unwrap(n.callee as AstNode);
      const method = callee?.type === 'MemberExpression' ? memberPropertyName(callee) : undefined;
      if ((method === 'get' || method === 'header') && SECRET_HEADERS.has(staticString(args[0])?.toLowerCase() ?? '')) {
        const origins = ctx.originsOf(n);
        if (origins.length > 0) out.push({ node: n, what: '', origins });
      }
      return;
    }
    case 'TemplateLiteral':
      for (const e of n.expressions as AstNode[]) leaksIn(ctx, e, out, depth + 1);
      return;
    case 'BinaryExpression':
      if (n.operator === '+') {
        leaksIn(ctx, n.left as AstNode, out, depth + 1);
        leaksIn(ctx, n.right as AstNode, out, depth + 1);
      }
      return;
    case 'ConditionalExpression':
      leaksIn(ctx, n.consequent as AstNode, out, depth + 1);
      leaksIn(ctx, n.alternate as AstNode, out, depth + 1);
      return;
    case 'LogicalExpression':
      leaksIn(ctx, n.left as AstNode, out, depth + 1);
      leaksIn(ctx, n.right as AstNode, out, depth + 1);
      return;
    case 'ObjectExpression':
      for (const p of n.properties as AstNode[]) {
        if (p.type === 'SpreadElement') {
          leaksIn(ctx, p.argument as AstNode, out, depth + 1);
          continue;
        }
        if (p.type !== 'Property') continue;
        const key = propertyKeyName(p);
        const value = unwrap(p.value as AstNode);
        // `{ token: t }`: the key says what the value is.
        if (key !== undefined && isSecretName(key) && (value?.type === 'Identifier' || value?.type === 'MemberExpression')) {
          out.push({ node: p, what: `\`${key}\`` });
          continue;
        }
        leaksIn(ctx, value, out, depth + 1);
      }
      return;
    case 'ArrayExpression':
      for (const e of n.elements as (AstNode | null)[]) if (e) leaksIn(ctx, e, out, depth + 1);
      return;
    case 'SpreadElement':
      leaksIn(ctx, n.argument as AstNode, out, depth + 1);
      return;
    default:
      return;
  }
}

/** A request-derived value that is a secret header (or all headers, or cookies). */
function secretRequestPart(origins: readonly Origin[]): { origin: Origin; what: string } | undefined {
  for (const origin of origins) {
    if (!isRequestDerived(origin)) continue;
    let path = origin.path;
    if (path[0] === 'request' || path[0] === 'req') path = path.slice(1);
    if ((path[0] === 'headers' || path[0] === 'rawHeaders') && path.length === 1) return { origin, what: 'all request headers (Authorization and Cookie included)' };
    if (path[0] === 'headers' && SECRET_HEADERS.has((path[1] ?? '').toLowerCase())) return { origin, what: `the request's ${path[1]} header` };
    if (path[0] === 'cookies' || path[0] === 'signedCookies') return { origin, what: "the request's cookies" };
  }
  return undefined;
}

export const secretLoggingRule: CodeRule = {
  id: 'sec-code/secret-logging',
  needs: LOGGER_NAME_HINTS,
  create(ctx, report) {
    return {
      enter: {
        CallExpression(node) {
          const log = logCallOf(ctx, node);
          if (!log) return;
          const leaks: Leak[] = [];
          for (const arg of node.arguments as AstNode[]) leaksIn(ctx, arg, leaks);
          if (leaks.length === 0) return;
          const call = `${log.kind === 'console' ? 'console' : 'logger'}.${log.method}()`;
          ctx.defer(() => {
            for (const leak of leaks) {
              let what = leak.what;
              if (leak.origins) {
                const part = secretRequestPart(leak.origins);
                if (!part) continue;
                what = `${part.what} (${describeOrigin(part.origin)})`;
              }
              report({
                node: leak.node,
                severity: 'error',
                message: `${call} writes ${what} to the logs, where everyone with log access (and every log sink) can read it`,
                remediation:
                  'Log identifiers and outcomes, never credentials: drop the value, or log a redacted form (e.g. the last 4 characters) or whether it is set. ' +
                  'Configure the logger to redact authorization/cookie headers (pino `redact`, winston format).',
                evidence: excerpt(ctx.source, node),
                data: { call },
              });
              return;
            }
          });
        },
      },
    };
  },
};

export const debugCodeRule: CodeRule = {
  id: 'sec-nonprod/debug-code',
  needs: ['console', 'debugger'],
  create(ctx, report) {
    return {
      enter: {
        CallExpression(node) {
          const callee = unwrap(node.callee as AstNode);
          if (callee?.type !== 'MemberExpression') return;
          const object = unwrap(callee.object as AstNode);
          if (object?.type !== 'Identifier' || object.name !== 'console' || ctx.lookup('console') !== undefined) return;
          const method = memberPropertyName(callee);
          if (method === undefined || !CONSOLE_DEBUG_METHODS.has(method)) return;
          // A structured line (`console.log(JSON.stringify({ severity, message }))`) is what a logger writes.
          const args = node.arguments as AstNode[];
          if (args.length === 1 && ctx.calleeName(unwrap(args[0])!) === 'JSON.stringify') return;
          report({ node, severity: 'warning', message: `console.${method}()`, evidence: excerpt(ctx.source, node), data: { kind: 'console', method } });
        },
        DebuggerStatement(node) {
          report({ node, severity: 'warning', message: '`debugger` statement', evidence: 'debugger', data: { kind: 'debugger' } });
        },
      },
    };
  },
};

/** Folder or file names of test, mock and sample material. */
const TEST_MATERIAL_SEGMENT = /^(?:test|tests|__tests__|__mocks__|mocks?|fixtures?|__fixtures__|samples?|stubs?|testdata|test-data|test_data|dummy|fakes?)$/i;
const TEST_MATERIAL_FILE = /(?:^|[._-])(?:mocks?|fixtures?|samples?|stubs?|dummy|fakes?|test-?data)(?:[._-]|$)|\.(?:test|spec)\.[cm]?[jt]sx?$/i;

export const testImportRule: CodeRule = {
  id: 'sec-nonprod/test-import',
  // A relative specifier holding a name TEST_MATERIAL_SEGMENT or TEST_MATERIAL_FILE accepts (each holds one of these).
  needs: { all: [{ caseless: ['test', 'mock', 'fixture', 'sample', 'stub', 'dummy', 'fake', 'spec'] }, /['"`]\.[^'"`\n]*(?:test|mock|fixture|sample|stub|dummy|fake|spec)/i] },
  create(ctx, report) {
    const check = (node: AstNode, source: AstNode | undefined): void => {
      const spec = staticString(source);
      if (spec === undefined || !spec.startsWith('.')) return;
      const segments = spec.split('/').filter((s) => s !== '.' && s !== '..');
      const file = segments[segments.length - 1] ?? '';
      const folder = segments.slice(0, -1).find((s) => TEST_MATERIAL_SEGMENT.test(s));
      if (!folder && !TEST_MATERIAL_FILE.test(file)) return;
      report({
        node,
        severity: 'warning',
        message: `imports test or sample material "${spec}"`,
        evidence: excerpt(ctx.source, node),
        data: { specifier: spec },
      });
    };
    return {
      enter: {
        ImportDeclaration(node) {
          if (node.importKind !== 'type') check(node, node.source as AstNode);
        },
        ExportNamedDeclaration(node) {
          if (node.source && node.exportKind !== 'type') check(node, node.source as AstNode);
        },
        ExportAllDeclaration(node) {
          if (node.exportKind !== 'type') check(node, node.source as AstNode);
        },
        ImportExpression(node) {
          check(node, node.source as AstNode);
        },
        CallExpression(node) {
          const callee = unwrap(node.callee as AstNode);
          if (callee?.type === 'Identifier' && callee.name === 'require') check(node, (node.arguments as AstNode[])[0]);
        },
      },
    };
  },
};
