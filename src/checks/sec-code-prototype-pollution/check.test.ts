import { describe, expect, it } from 'vitest';
import { findingsFor } from '../../analyzers/code-rules/__tests__/connector.js';
import check from './check.js';

const EXPRESS = `import express from 'express';\nconst app = express();\nconst settings = {};\n`;

describe('sec-code/prototype-pollution', () => {
  it.each([
    ['a recursive merge without a guard', `export function merge(target, source) {\n  for (const key in source) {\n    if (typeof source[key] === 'object') { if (!target[key]) target[key] = {}; merge(target[key], source[key]); }\n    else target[key] = source[key];\n  }\n  return target;\n}`, /recursive merge `merge` copies every key/],
    ['a recursive merge over Object.keys', `export const deepAssign = (target, source) => {\n  Object.keys(source).forEach((key) => {\n    if (source[key] && typeof source[key] === 'object') deepAssign(target[key] ??= {}, source[key]);\n    else target[key] = source[key];\n  });\n  return target;\n};`, /recursive merge `deepAssign`/],
    ['a two-level write with keys from the body', `${EXPRESS}app.post('/settings', (req, res) => { const { section, key, value } = req.body; settings[section][key] = value; res.end(); });`, /key taken from the request \(req\.body\.section\)/],
    ['a request-chosen key on a plain object', `${EXPRESS}app.post('/set', (req, res) => { settings[req.query.name] = req.body; res.json(settings); });`, /req\.query\.name/],
  ])('reports %s', async (_name, code, message) => {
    const findings = await findingsFor(check, code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: 'error', requirement: 'SEC-CODE' });
    expect(findings[0]!.message).toMatch(message);
  });

  it.each([
    ['a loop index as key', `export function fill(target) { for (let i = 0; i < 10; i++) target[i] = i * 2; return target; }`],
    ['a constant key', `const KEY = 'total';\nexport function set(obj, value) { obj[KEY] = value; return obj; }`],
    ['a key from a parameter (eslint detect-object-injection would report it)', `export function set(obj, key, value) { obj[key] = value; }`],
    ['a guarded recursive merge', `export function merge(target, source) {\n  for (const key of Object.keys(source)) {\n    if (key === '__proto__' || key === 'constructor') continue;\n    if (typeof source[key] === 'object') merge(target[key] ??= {}, source[key]);\n    else target[key] = source[key];\n  }\n  return target;\n}`],
    ['a shallow copy loop (no recursion into the keys)', `export function copy(target, source) { for (const key in source) target[key] = source[key]; return target; }`],
    ['a request-keyed Map', `${EXPRESS}const byId = new Map();\napp.post('/x', (req, res) => { const counts = new Map(); counts[req.body.id] = 1; res.json([...counts]); });`],
    ['a request key checked against an allow-list', `${EXPRESS}const FIELDS = ['name', 'email'];\napp.post('/x', (req, res) => { const field = req.body.field; if (!FIELDS.includes(field)) return res.sendStatus(400); settings[field] = req.body.value; res.end(); });`],
  ])('does not report %s', async (_name, code) => {
    expect(await findingsFor(check, code)).toEqual([]);
  });
});
