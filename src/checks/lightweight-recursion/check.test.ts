import { describe, expect, it } from 'vitest';
import { findingsFor } from '../../analyzers/code-rules/__tests__/connector.js';
import check from './check.js';

describe('lightweight/recursion', () => {
  it.each([
    ['a tree walk', `export function flatten(category) { return [category.id, ...category.children.flatMap((c) => flatten(c))]; }`, /`flatten` calls itself \(1 call\) with no depth bound/],
    ['pagination by recursion', `export async function fetchAll(client, offset = 0) {\n  const page = await client.get({ offset, limit: 500 });\n  if (page.count < 500) return page.results;\n  return [...page.results, ...(await fetchAll(client, offset + 500))];\n}`, /`fetchAll`/],
    ['a method calling itself', `export class Walker { visit(node) { for (const child of node.children) this.visit(child); } }`, /`visit`/],
    ['an arrow function in a constant', `export const deepClone = (value) => (value && typeof value === 'object' ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, deepClone(v)])) : value);`, /`deepClone`/],
  ])('reports %s', async (_name, code, message) => {
    const findings = await findingsFor(check, code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: 'warning', requirement: 'DEPLOY-LIGHTWEIGHT' });
    expect(findings[0]!.message).toMatch(message);
  });

  it.each([
    ['a depth parameter with a limit', `const MAX_DEPTH = 10;\nexport function walk(node, depth = 0) { if (depth > MAX_DEPTH) throw new Error('too deep'); node.children.forEach((c) => walk(c, depth + 1)); }`],
    ['retries counting down', `export async function withRetry(fn, retries = 3) { try { return await fn(); } catch (e) { if (!retries) throw e; return withRetry(fn, retries - 1); } }`],
    ['a relational bound on any parameter', `export function power(base, exp) { if (exp <= 0) return 1; return base * power(base, exp - 1); }`],
    ['polling through a timer (no stack growth)', `export function poll(check) { check().then((done) => { if (!done) setTimeout(() => poll(check), 1000); }); }`],
    ['a call to another function of the same name in another scope', `import { walk as external } from './walker.js';\nexport function walk(tree) { return external(tree); }`],
    ['no recursion', `export const sum = (xs) => xs.reduce((a, b) => a + b, 0);`],
  ])('does not report %s', async (_name, code) => {
    expect(await findingsFor(check, code)).toEqual([]);
  });

  it('reports browser-bundled applications as info', async () => {
    const findings = await findingsFor(check, `export function walk(n) { n.kids.forEach(walk); walk(n.next); }`, { name: 'mc', applicationType: 'merchant-center-custom-application' });
    expect(findings.map((f) => [f.severity, f.application])).toEqual([['info', 'mc']]);
  });
});
