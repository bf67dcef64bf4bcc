import { describe, expect, it } from 'vitest';
import { findingsFor } from '../../analyzers/code-rules/__tests__/connector.js';
import check from './check.js';

describe('sec-code/redos', () => {
  it.each([
    ['nested plus', String.raw`export const bad = /^(a+)+$/;`],
    ['words with optional spaces', String.raw`export const isSentence = (s) => /^(\w+\s?)*$/.test(s);`],
    ['an email pattern with an ambiguous group', String.raw`export const EMAIL = /^([a-zA-Z0-9])(([\-.]|[_]+)?([a-zA-Z0-9]+))*(@){1}[a-z0-9]+[.]{1}(([a-z]{2,3})|([a-z]{2,3}[.]{1}[a-z]{2,3}))$/;`],
    ['a literal pattern given to new RegExp', String.raw`export const re = new RegExp('^(\\d+|\\w+)*-(x*)*$');`],
    ['a pattern through a constant', String.raw`const PATTERN = '(.*,)*end';` + '\nexport const re = RegExp(PATTERN);'],
  ])('reports %s', async (_name, code) => {
    const findings = await findingsFor(check, code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: 'error', requirement: 'SEC-CODE', file: 'service/src/app.js', line: expect.any(Number) });
    expect(findings[0]!.message).toMatch(/quantifier inside a repeated group .* \(ReDoS\)/);
  });

  it('reports a regular expression built from request data', async () => {
    const findings = await findingsFor(
      check,
      `import express from 'express';\nconst app = express();\napp.get('/search', (req, res) => { const re = new RegExp(req.query.q, 'i'); res.json(items.filter((i) => re.test(i.name))); });`,
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message).toMatch(/built from request data \(req\.query\.q\)/);
  });

  it.each([
    ['a delimiter the inner part cannot match', String.raw`export const VERSION = /^(\d+\.)*\d+$/;`],
    ['a slug', String.raw`export const SLUG = /^([a-z0-9]+-)*[a-z0-9]+$/;`],
    ['an IPv4 address (bounded repetition)', String.raw`export const IP = /^(\d{1,3}\.){3}\d{1,3}$/;`],
    ['a path', String.raw`export const PATH = /^(\/[\w-]+)*\/?$/;`],
    ['simple quantifiers', String.raw`export const KEY = /^[a-zA-Z0-9_-]{2,256}$/;`],
    ['named groups', String.raw`export const DATE = /^(?<year>\d{4})-(?<month>\d{2})$/u;`],
    ['an escaped request value', `import express from 'express';\nconst app = express();\nconst escape = (s) => s.replace(/[.*+?^\${}()|[\\]\\\\]/g, '\\\\$&');\napp.get('/s', (req, res) => res.json(new RegExp(escape(req.query.q)).source));`],
  ])('does not report %s', async (_name, code) => {
    expect(await findingsFor(check, code)).toEqual([]);
  });
});
