import { describe, expect, it } from 'vitest';
import { parseSource } from '../js-ast/parse.js';
import { unwrap, type AstNode } from './ast.js';
import type { FunctionInfo, Origin } from './scope.js';
import { describeOrigin, firstRequestDerived } from './taint.js';
import { MAX_WALK_DEPTH, qualify, runRules, type CodeRule, type WalkContext } from './walk.js';

/** A probe rule: records, for every call to `sink(x)`, what the walker knows about x. */
interface Probe {
  calls: { callee?: string; origin?: string; line: number }[];
  handlers: string[];
  functions: FunctionInfo[];
  visitedTypes: Set<string>;
}

function probe(file: string, source: string): Probe {
  const result: Probe = { calls: [], handlers: [], functions: [], visitedTypes: new Set() };
  const rule: CodeRule = {
    id: 'probe',
    create(ctx: WalkContext) {
      const pending: { origins: Origin[]; callee?: string; line: number }[] = [];
      return {
        enter: {
          CallExpression(node: AstNode) {
            const callee = unwrap(node.callee as AstNode);
            if (callee?.type === 'Identifier' && callee.name === 'sink') {
              const arg = (node.arguments as AstNode[])[0];
              const inner = unwrap(arg);
              pending.push({
                origins: ctx.originsOf(arg),
                ...(inner?.type === 'CallExpression' || inner?.type === 'NewExpression' ? { callee: ctx.calleeName(inner) } : {}),
                line: ctx.source.slice(0, node.start).split('\n').length,
              });
            }
          },
          Literal() {
            result.visitedTypes.add('Literal');
          },
        },
        finish() {
          for (const p of pending) {
            const origin = firstRequestDerived(p.origins);
            result.calls.push({ ...(p.callee !== undefined ? { callee: p.callee } : {}), ...(origin ? { origin: describeOrigin(origin) } : {}), line: p.line });
          }
          result.functions = [...ctx.functions];
          result.handlers = ctx.functions.filter((f) => f.isHandler).map((f) => f.name ?? f.registeredVia ?? '?');
        },
      };
    },
  };
  runRules(parseSource(file, source), source, [rule]);
  return result;
}

describe('handler detection', () => {
  it('finds handlers registered inline, by name (before or after their declaration), and by shape', () => {
    const p = probe(
      'a.ts',
      `import express, { type Request, type Response } from 'express';
       import http from 'node:http';
       const app = express();
       app.post('/a', (req, res) => {});
       app.get('/b', handleB);
       function handleB(q, s) {}
       const handleC = async (x, y) => {};
       app.put('/c', auth, handleC);
       http.createServer((request, response) => {});
       export const post = async (request: Request, response: Response) => {};
       export function helper(req) {}
       export function notAHandler(a, b) {}
       fastify.route({ method: 'GET', url: '/d', handler: async function handleD(q) {} });
       map.get('key');
       cache.get('k', () => compute());`,
    );
    expect(p.handlers.sort()).toEqual(['app.post', 'handleB', 'handleC', 'handleD', 'http.createServer', 'post'].sort());
  });

  it('takes the request from the second parameter of express error middleware', () => {
    const p = probe('a.js', `app.use((err, req, res, next) => { sink(req.body.x); });`);
    expect(p.calls).toEqual([{ origin: 'req.body.x', line: 1 }]);
  });

  it("follows koa's ctx.request and ctx.query", () => {
    const p = probe('a.js', `router.post('/x', async (ctx) => { sink(ctx.request.body.file); sink(ctx.query.q); sink(ctx.state.user); });`);
    expect(p.calls.map((c) => c.origin)).toEqual(['ctx.request.body.file', 'ctx.query.q', undefined]);
  });
});

describe('request-derived values', () => {
  it('propagate through destructuring, one level of aliasing, templates, concatenation, ?? and pass-through functions', () => {
    const p = probe(
      'a.js',
      `import path from 'node:path';
       app.post('/x', (req, res) => {
         const { file, meta: { name } } = req.body;
         const alias = file;
         let later; later = req.query.later;
         sink(alias);
         sink(\`dir/\${name}\`);
         sink('a' + req.params.id);
         sink(req.headers.host ?? 'x');
         sink(path.join(__dirname, req.query.p));
         sink(decodeURIComponent(req.url).trim());
         sink(later);
         sink(req.get('X-Target'));
         items.forEach((item) => sink(item));
         req.body.list.forEach((item) => sink(item.path));
         Object.keys(req.body).forEach((k) => sink(k));
       });`,
    );
    expect(p.calls.map((c) => c.origin)).toEqual([
      'req.body.file',
      'req.body.meta.name',
      'req.params.id',
      'req.headers.host',
      'req.query.p',
      'req.url',
      'req.query.later',
      'req.headers.x-target',
      undefined,
      'req.body.list[…].path',
      'req.body[…][…]',
    ]);
  });

  it('stop at sanitisers, unknown calls, numbers and non-input request fields', () => {
    const p = probe(
      'a.js',
      `import path from 'node:path';
       app.post('/x', (req, res) => {
         sink(path.basename(req.query.f));
         sink(Number(req.query.n));
         sink(encodeURIComponent(req.query.q));
         sink(validate(req.body));
         sink(req.method);
         sink(req.app);
         sink(req.query.s.replace(/[^a-z]/g, ''));
       });`,
    );
    expect(p.calls.map((c) => c.origin)).toEqual([undefined, undefined, undefined, undefined, undefined, undefined, undefined]);
  });

  it('are not request-derived in functions that are not handlers', () => {
    const p = probe('a.js', `export function load(options) { sink(options.body.path); }\nexport const read = (event) => sink(event.body);`);
    expect(p.calls.map((c) => c.origin)).toEqual([undefined, undefined]);
  });

  it('respect shadowing', () => {
    const p = probe('a.js', `app.post('/x', (req, res) => { const f = req.query.f; [1].forEach((f) => { sink(f); }); { const f = 'fixed'; sink(f); } sink(f); });`);
    expect(p.calls.map((c) => c.origin)).toEqual([undefined, undefined, 'req.query.f']);
  });
});

describe('validation evidence', () => {
  it('marks values compared with a constant or checked by a validator, not presence tests', () => {
    const source = `app.post('/x', (req, res) => {
      const a = req.body.a; const b = req.body.b; const c = req.body.c; const d = req.body.d; const e = req.body.e;
      if (a === undefined || b !== '' || c == null) return;
      if (d === 'expected') {}
      if (!isAllowed(e)) return;
    });`;
    const checked: Record<string, boolean> = {};
    const rule: CodeRule = {
      id: 'checked',
      create: (ctx) => ({ exit: { ArrowFunctionExpression: () => { for (const name of ['a', 'b', 'c', 'd', 'e']) checked[name] = ctx.lookup(name)?.checked === true; } } }),
    };
    runRules(parseSource('a.js', source), source, [rule]);
    expect(checked).toEqual({ a: false, b: false, c: false, d: true, e: true });
  });
});

describe('module resolution', () => {
  it('qualifies imports, requires, namespace and default imports, fs/promises and promisify', () => {
    const p = probe(
      'a.js',
      `import * as cp from 'node:child_process';
       import fsp from 'fs/promises';
       import { promises as fsp2 } from 'fs';
       import { promisify } from 'node:util';
       const { exec } = require('child_process');
       const execAsync = promisify(exec);
       const https = require('https');
       import axios from 'axios';
       const api = axios.create({ baseURL: process.env.X });
       sink(cp.spawn('x'));
       sink(fsp.writeFile('a'));
       sink(fsp2.readFile('a'));
       sink(execAsync('ls'));
       sink(https.request({}));
       sink(api.get('/x'));
       sink(Math.random());
       sink(globalThis.eval('1'));
       sink(new URL('x', 'y'));
       sink(local());
       function local() {}`,
    );
    expect(p.calls.map((c) => c.callee)).toEqual([
      'child_process.spawn', 'fs.writeFile', 'fs.readFile', 'child_process.exec', 'https.request', 'axios.get', 'Math.random', 'eval', 'URL', undefined,
    ]);
  });

  it('qualify() drops global prefixes and the promises namespace', () => {
    expect(qualify({ module: '', path: ['window', 'fetch'] })).toBe('fetch');
    expect(qualify({ module: 'node:fs/promises', path: ['rm'] })).toBe('fs.rm');
    expect(qualify({ module: 'fs', path: ['promises', 'rm'] })).toBe('fs.rm');
    expect(qualify({ module: 'crypto-js', path: ['MD5'] })).toBe('crypto-js.MD5');
  });
});

describe('the traversal', () => {
  it('never visits TypeScript type positions', () => {
    const p = probe('a.ts', `type A = 'https://x.io';\ninterface B { u: 'https://y.io' }\ndeclare const c: 'z';\nexport const d = (x: 'w') => x;`);
    expect(p.visitedTypes.has('Literal')).toBe(false);
  });

  it('runs every rule in one pass and survives nesting deeper than it follows', () => {
    const deep = `export const x = ${'['.repeat(MAX_WALK_DEPTH + 50)}1${']'.repeat(MAX_WALK_DEPTH + 50)};`;
    const seen: string[] = [];
    const counting = (id: string): CodeRule => ({ id, create: () => ({ enter: { Program: () => void seen.push(id) } }) });
    const parsed = parseSource('deep.js', deep);
    const result = runRules(parsed, deep, [counting('one'), counting('two')]);
    expect(seen).toEqual(['one', 'two']);
    expect(result.truncated).toBe(true);
  });
});
