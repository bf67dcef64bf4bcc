// SEC-CODE rules about transport and tokens: TLS certificate verification turned off, JWTs verified
// with `none` or without pinned algorithms, CORS that reflects any origin with credentials.
import { booleanValue, dottedName, excerpt, hasSpread, isFunction, memberPropertyName, objectProperty, propertyKeyName, staticString, unwrap, type AstNode } from '../ast.js';
import type { Binding, FunctionInfo, Origin } from '../scope.js';
import { describeOrigin, firstRequestDerived } from '../taint.js';
import type { CodeRule, WalkContext } from '../walk.js';
import { constantValue, objectLiteralOf } from './common.js';

const TLS_REMEDIATION =
  'Keep certificate verification on (the default). If a server uses a private CA, pass its certificate with the `ca` option (or NODE_EXTRA_CA_CERTS) instead of disabling verification.';

export const tlsRule: CodeRule = {
  id: 'sec-code/tls-verification',
  needs: ['rejectUnauthorized', 'strictSSL', 'NODE_TLS_REJECT_UNAUTHORIZED', 'checkServerIdentity'],
  create(ctx, report) {
    const flag = (node: AstNode, what: string): void =>
      report({ node, severity: 'error', message: `${what} turns off TLS certificate verification: any server can impersonate the one called`, remediation: TLS_REMEDIATION, evidence: excerpt(ctx.source, node) });
    const isZeroString = (value: AstNode | undefined): boolean => {
      const v = unwrap(value);
      return staticString(v) === '0' || (v?.type === 'Literal' && v.value === 0);
    };
    return {
      enter: {
        Property(node) {
          if (ctx.parent()?.type !== 'ObjectExpression') return;
          const key = propertyKeyName(node);
          const value = node.value as AstNode;
          if ((key === 'rejectUnauthorized' || key === 'strictSSL') && booleanValue(value) === false) flag(node, `\`${key}: false\``);
          else if (key === 'NODE_TLS_REJECT_UNAUTHORIZED' && isZeroString(value)) flag(node, 'NODE_TLS_REJECT_UNAUTHORIZED=0 in an environment object');
          else if (key === 'checkServerIdentity' && acceptsEverything(unwrap(value))) flag(node, 'a `checkServerIdentity` that accepts every certificate');
        },
        AssignmentExpression(node) {
          const left = unwrap(node.left as AstNode);
          if (left?.type !== 'MemberExpression') return;
          const property = memberPropertyName(left);
          if ((property === 'rejectUnauthorized' || property === 'strictSSL') && booleanValue(node.right as AstNode) === false) {
            flag(node, `setting \`${property}\` to false`);
          } else if (property === 'NODE_TLS_REJECT_UNAUTHORIZED' && dottedName(left.object as AstNode) === 'process.env' && isZeroString(node.right as AstNode)) {
            flag(node, 'process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0"');
          }
        },
      },
    };
  },
};

/** `() => undefined`, `() => {}`, `function () { return true; }` */
function acceptsEverything(fn: AstNode | undefined): boolean {
  if (!fn || !isFunction(fn)) return false;
  const body = fn.body as AstNode;
  if (body.type !== 'BlockStatement') {
    const v = unwrap(body);
    return (v?.type === 'Identifier' && v.name === 'undefined') || (v?.type === 'Literal' && (v.value === null || v.value === true));
  }
  const statements = body.body as AstNode[];
  if (statements.length === 0) return true;
  if (statements.length !== 1 || statements[0]!.type !== 'ReturnStatement') return false;
  const arg = unwrap(statements[0]!.argument as AstNode | null);
  return !arg || (arg.type === 'Identifier' && arg.name === 'undefined') || (arg.type === 'Literal' && (arg.value === null || arg.value === true));
}

export const jwtRule: CodeRule = {
  id: 'sec-code/jwt',
  // `algorithm(s)` with 'none' (compared lower-cased), or jsonwebtoken's verify.
  needs: [{ caseless: ['none'] }, 'jsonwebtoken'],
  create(ctx, report) {
    return {
      enter: {
        Property(node) {
          if (ctx.parent()?.type !== 'ObjectExpression') return;
          const key = propertyKeyName(node);
          const value = unwrap(node.value as AstNode);
          if (key === 'algorithms' && value?.type === 'ArrayExpression') {
            const none = (value.elements as (AstNode | null)[]).find((e) => staticString(e ?? undefined)?.toLowerCase() === 'none');
            if (none) {
              report({
                node,
                severity: 'error',
                message: 'JWT verification accepts the `none` algorithm: a token without a signature is accepted as valid',
                remediation: "List only the algorithms your issuer signs with, e.g. `algorithms: ['RS256']`; never 'none'.",
                evidence: excerpt(ctx.source, node),
              });
            }
          } else if (key === 'algorithm' && staticString(value)?.toLowerCase() === 'none') {
            report({
              node,
              severity: 'error',
              message: "JWTs are signed with `algorithm: 'none'`: they carry no signature and anyone can forge them",
              remediation: "Sign with a real algorithm (e.g. 'RS256' or 'HS256' with a secret from securedConfiguration).",
              evidence: excerpt(ctx.source, node),
            });
          }
        },
        CallExpression(node) {
          const name = ctx.calleeName(node);
          if (name !== 'jsonwebtoken.verify' && name !== 'jsonwebtoken.default.verify') return;
          const args = node.arguments as AstNode[];
          const third = unwrap(args[2]);
          const options = third && !isFunction(third) ? objectLiteralOf(ctx, third) : undefined;
          if (third && !isFunction(third) && !options) return; // options built elsewhere: unknown
          if (options && (objectProperty(options, 'algorithms') || hasSpread(options))) return;
          report({
            node,
            severity: 'warning',
            message: 'jwt.verify() is called without `algorithms`: the accepted algorithms are whatever the key type allows (jsonwebtoken < 9 also accepted HS256 signed with a public RSA key)',
            remediation: "Pin the algorithms your issuer uses: jwt.verify(token, key, { algorithms: ['RS256'] }).",
            evidence: excerpt(ctx.source, node),
          });
        },
      },
    };
  },
};

const ALLOW_ORIGIN = 'access-control-allow-origin';
const ALLOW_CREDENTIALS = 'access-control-allow-credentials';
const CORS_REMEDIATION =
  "Allow an explicit list of trusted origins (from configuration), e.g. cors({ origin: ['https://shop.example'], credentials: true }); never reflect the request's Origin or use '*' together with credentials.";

/** `origin: true`, `'*'`, `/.*\/`, `['*']`, `(origin, cb) => cb(null, true)`: every origin is allowed. */
function permissiveOrigin(ctx: WalkContext, value: AstNode | undefined, depth = 0): string | undefined {
  const v = unwrap(value);
  if (!v || depth > 1) return undefined;
  if (booleanValue(v) === true) return 'origin: true (reflects any Origin)';
  if (staticString(v) === '*') return "origin: '*'";
  if (v.type === 'Literal' && v.regex && /^\^?\.[*+]\$?$/.test(v.regex.pattern as string)) return `origin: /${v.regex.pattern as string}/`;
  if (v.type === 'ArrayExpression' && (v.elements as (AstNode | null)[]).some((e) => staticString(e ?? undefined) === '*')) return "origin: ['*']";
  if (isFunction(v)) {
    const params = v.params as AstNode[];
    const originName = unwrap(params[0])?.name as string | undefined;
    const callbackName = unwrap(params[1])?.name as string | undefined;
    const body = v.body as AstNode;
    const statements = body.type === 'BlockStatement' ? (body.body as AstNode[]) : [{ type: 'ExpressionStatement', expression: body, start: body.start, end: body.end }];
    if (statements.length !== 1) return undefined;
    const only = statements[0]!;
    const expr = unwrap((only.type === 'ReturnStatement' ? only.argument : only.expression) as AstNode | null);
    if (booleanValue(expr) === true) return 'an origin function that allows every origin';
    if (expr?.type === 'CallExpression' && callbackName !== undefined && unwrap(expr.callee as AstNode)?.name === callbackName) {
      const allowed = unwrap((expr.arguments as AstNode[])[1]);
      if (booleanValue(allowed) === true || (allowed?.type === 'Identifier' && allowed.name === originName)) return 'an origin callback that allows every origin';
    }
    return undefined;
  }
  if (v.type === 'Identifier') return permissiveOrigin(ctx, constantValue(ctx, v), depth + 1);
  return undefined;
}

interface HeaderWrites {
  origin?: { node: AstNode; wildcard: boolean; origins: Origin[]; binding?: Binding };
  credentials?: AstNode;
}

export const corsRule: CodeRule = {
  id: 'sec-code/cors',
  // Both reports need credentials: `credentials: true` or Access-Control-Allow-Credentials.
  needs: { caseless: ['credentials'] },
  create(ctx, report) {
    const byFunction = new Map<FunctionInfo | undefined, HeaderWrites>();
    const writesOf = (fn: FunctionInfo | undefined): HeaderWrites => {
      let w = byFunction.get(fn);
      if (!w) byFunction.set(fn, (w = {}));
      return w;
    };
    const note = (fn: FunctionInfo | undefined, header: string, value: AstNode | undefined, node: AstNode): void => {
      if (!value) return;
      if (header === ALLOW_ORIGIN) {
        const v = unwrap(value);
        const binding = v?.type === 'Identifier' ? ctx.lookup(v.name as string) : undefined;
        writesOf(fn).origin = { node, wildcard: staticString(value) === '*', origins: ctx.originsOf(value), ...(binding ? { binding } : {}) };
      }
      else if (header === ALLOW_CREDENTIALS && (booleanValue(value) === true || staticString(value)?.toLowerCase() === 'true')) writesOf(fn).credentials = node;
    };
    return {
      enter: {
        ObjectExpression(node) {
          const credentials = objectProperty(node, 'credentials');
          const origin = objectProperty(node, 'origin');
          if (credentials && origin && booleanValue(credentials.value as AstNode) === true) {
            const why = permissiveOrigin(ctx, origin.value as AstNode);
            if (why) {
              report({
                node: origin,
                severity: 'error',
                message: `CORS allows every origin (${why}) together with \`credentials: true\`: any website can make authenticated requests and read the answers`,
                remediation: CORS_REMEDIATION,
                evidence: excerpt(ctx.source, origin),
              });
            }
          }
          // `res.set({ 'Access-Control-Allow-Origin': …, 'Access-Control-Allow-Credentials': 'true' })`
          for (const p of node.properties as AstNode[]) {
            if (p.type !== 'Property') continue;
            const key = propertyKeyName(p)?.toLowerCase();
            if (key === ALLOW_ORIGIN || key === ALLOW_CREDENTIALS) note(ctx.fn, key, p.value as AstNode, p);
          }
        },
        CallExpression(node) {
          const callee = unwrap(node.callee as AstNode);
          if (callee?.type !== 'MemberExpression') return;
          const method = memberPropertyName(callee);
          if (method !== 'setHeader' && method !== 'header' && method !== 'set' && method !== 'append') return;
          const args = node.arguments as AstNode[];
          const header = staticString(args[0])?.toLowerCase();
          if (header === ALLOW_ORIGIN || header === ALLOW_CREDENTIALS) note(ctx.fn, header, args[1], node);
        },
      },
      finish() {
        for (const writes of byFunction.values()) {
          if (!writes.origin || !writes.credentials) continue;
          // An origin checked against an allow-list first (`allowed.includes(origin)`) is not reflected blindly.
          const source = writes.origin.binding?.checked ? undefined : firstRequestDerived(writes.origin.origins);
          if (!writes.origin.wildcard && !source) continue;
          report({
            node: writes.origin.node,
            severity: 'error',
            message: `Access-Control-Allow-Origin is ${source ? `copied from the request (${describeOrigin(source)})` : "'*'"} while Access-Control-Allow-Credentials is true: any website can make authenticated requests and read the answers`,
            remediation: CORS_REMEDIATION,
            evidence: excerpt(ctx.source, writes.origin.node),
          });
        }
      },
    };
  },
};
