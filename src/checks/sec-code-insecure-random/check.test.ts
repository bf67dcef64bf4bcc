import { describe, expect, it } from 'vitest';
import { findingsFor } from '../../analyzers/code-rules/__tests__/connector.js';
import check from './check.js';

describe('sec-code/insecure-random', () => {
  it.each([
    ['a reset token', `export function issue() { const resetToken = Math.random().toString(36).slice(2); return resetToken; }`, /Math\.random\(\) generates `resetToken`/],
    ['a token built in a loop', `const CHARS = 'abcdef0123456789';\nexport function make() { let token = ''; for (let i = 0; i < 32; i++) token += CHARS[Math.floor(Math.random() * CHARS.length)]; return token; }`, /`token`/],
    ['a function that returns a nonce', `export const generateNonce = () => Math.random().toString(16).slice(2);`, /`generateNonce`/],
    ['an order identifier', `export const order = { orderId: Math.floor(Math.random() * 1e9), items: [] };`, /the identifier `orderId`/],
    ['a coupon code', `export function coupon() { const couponCode = 'SAVE-' + Math.random().toString(36).substring(2, 8).toUpperCase(); return couponCode; }`, /`couponCode`/],
    ['crypto.pseudoRandomBytes', `import crypto from 'node:crypto';\nexport const bytes = crypto.pseudoRandomBytes(16);`, /pseudoRandomBytes/],
  ])('reports %s', async (_name, code, message) => {
    const findings = await findingsFor(check, code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: 'error', requirement: 'SEC-CODE' });
    expect(findings[0]!.message).toMatch(message);
  });

  it.each([
    ['retry jitter', `export const backoff = (attempt) => { const jitter = Math.random() * 100; return 2 ** attempt * 100 + jitter; };`],
    ['a delay passed to setTimeout', `export const later = (fn) => setTimeout(fn, Math.random() * 1000);`],
    ['sampling', `export const sampled = () => Math.random() < 0.1;`],
    ['a shuffle', `export const shuffle = (items) => items.sort(() => Math.random() - 0.5);`],
    ['a log correlation id', `export const requestId = Math.random().toString(36).slice(2);`],
    ['a React key', `export const Row = ({ item }) => <li key={Math.random()}>{item.name}</li>;`],
    ['a DOM element id', `export const elementId = 'el-' + Math.random().toString(36).slice(2);`],
  ])('does not report %s', async (_name, code) => {
    expect(await findingsFor(check, code, { file: 'src/app.jsx' })).toEqual([]);
  });
});
