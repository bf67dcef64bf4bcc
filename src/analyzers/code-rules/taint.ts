// "Request-derived": a light, intra-procedural taint. Sources are the request parameter of HTTP
// handlers (express, fastify, koa, node:http, the Connect templates' `(request: Request, response:
// Response)` controllers) read through one of the request's input fields (`body`, `query`, `params`,
// `headers`, `url`, …). Values propagate through variables and destructuring, template literals,
// concatenation, `??`/`||`, and a few pass-through functions (`path.join`, `decodeURIComponent`, …);
// other calls end the trail, so a helper that validates its argument is trusted.
import type { FunctionInfo, Origin } from './scope.js';
import { paramName, paramTypeName, type AstNode } from './ast.js';

/** Parameter names that denote an HTTP request. */
export const REQUEST_PARAM_NAMES: ReadonlySet<string> = new Set(['req', 'request', '_req', '_request', 'incomingRequest', 'httpRequest']);
/** Parameter names that denote the response side of a handler. */
export const RESPONSE_PARAM_NAMES: ReadonlySet<string> = new Set(['res', 'response', 'reply', 'resp', '_res', '_response', '_reply', 'rep', 'h']);
/** TS types of a request parameter (the last segment of `express.Request`). */
export const REQUEST_TYPES: ReadonlySet<string> = new Set(['Request', 'IncomingMessage', 'FastifyRequest', 'HttpRequest', 'NextRequest', 'ExpressRequest', 'NextApiRequest']);
export const RESPONSE_TYPES: ReadonlySet<string> = new Set(['Response', 'ServerResponse', 'FastifyReply', 'HttpResponse', 'NextResponse', 'ExpressResponse', 'NextApiResponse']);
/** Fields of a request (or koa context) that carry client input. */
export const REQUEST_INPUT_FIELDS: ReadonlySet<string> = new Set([
  'body', 'query', 'params', 'headers', 'url', 'originalUrl', 'path', 'cookies', 'signedCookies', 'files', 'file', 'rawBody',
  'hostname', 'host', 'nextUrl', 'searchParams', 'rawHeaders', 'payload',
]);
/** Methods of a request object that return client input, and the input field they read. */
export const REQUEST_ACCESSORS: Readonly<Record<string, string>> = {
  get: 'headers',
  header: 'headers',
  param: 'params',
  json: 'body',
  text: 'body',
  formData: 'body',
};
/** Route registration methods (express/koa-router/fastify shorthands). */
export const ROUTE_METHODS: ReadonlySet<string> = new Set([
  'get', 'post', 'put', 'patch', 'delete', 'del', 'all', 'head', 'options', 'use',
]);

function isRequestLike(param: AstNode | undefined): boolean {
  const name = paramName(param);
  if (name !== undefined && REQUEST_PARAM_NAMES.has(name)) return true;
  const type = paramTypeName(param);
  return type !== undefined && REQUEST_TYPES.has(type);
}

function isResponseLike(param: AstNode | undefined): boolean {
  const name = paramName(param);
  if (name !== undefined && RESPONSE_PARAM_NAMES.has(name)) return true;
  const type = paramTypeName(param);
  return type !== undefined && RESPONSE_TYPES.has(type);
}

/** Index of a request-shaped parameter among the first two (`(req, res)`, `(err, req, res, next)`), or -1. */
export function requestParamByShape(params: readonly AstNode[]): number {
  for (let i = 0; i < Math.min(params.length, 2); i++) if (isRequestLike(params[i])) return i;
  return -1;
}

/** Decides, after the walk, whether a function is a request handler and which parameter is the request. */
export function classifyFunction(fn: FunctionInfo): void {
  const byShape = requestParamByShape(fn.params);
  const hasResponse = byShape >= 0 && isResponseLike(fn.params[byShape + 1]);
  const registered = fn.registered || fn.binding?.registeredHandler === true;
  fn.registered = registered;
  fn.isHandler = registered || hasResponse;
  if (byShape >= 0) fn.requestParam = byShape;
  else if (registered && fn.params.length > 0) {
    // express error middleware `(err, req, res, next)`
    const first = paramName(fn.params[0]);
    fn.requestParam = fn.params.length >= 4 && (first === 'err' || first === 'error') ? 1 : 0;
  } else fn.requestParam = -1;
}

/** True once classification ran: the origin is client input read from a request parameter. */
export function isRequestDerived(origin: Origin): boolean {
  if (origin.fn.requestParam !== origin.param) return false;
  let path = origin.path;
  // koa `ctx.request.body`, `ctx.req.headers`
  if (path[0] === 'request' || path[0] === 'req') path = path.slice(1);
  return path.length > 0 && REQUEST_INPUT_FIELDS.has(path[0]!);
}

export function firstRequestDerived(origins: readonly Origin[]): Origin | undefined {
  return origins.find(isRequestDerived);
}

/** `req.query.file` for messages. */
export function describeOrigin(origin: Origin): string {
  const base = paramName(origin.fn.params[origin.param]) ?? `parameter ${origin.param + 1}`;
  return [base, ...origin.path.map((p) => (p === '*' ? '[…]' : p))].join('.').replace(/\.\[…\]/g, '[…]');
}
