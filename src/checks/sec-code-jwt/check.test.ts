import { describe, expect, it } from 'vitest';
import { findingsFor } from '../../analyzers/code-rules/__tests__/connector.js';
import check from './check.js';

describe('sec-code/jwt', () => {
  it.each([
    ['verify accepting none', `import jwt from 'jsonwebtoken';\nexport const check = (t, key) => jwt.verify(t, key, { algorithms: ['RS256', 'none'] });`, 'error', /accepts the `none` algorithm/],
    ['express-jwt accepting none', `import { expressjwt } from 'express-jwt';\nexport const auth = expressjwt({ secret: process.env.JWT_KEY, algorithms: ['none'] });`, 'error', /`none`/],
    ['signing with none', `import jwt from 'jsonwebtoken';\nexport const sign = (p) => jwt.sign(p, '', { algorithm: 'none' });`, 'error', /algorithm: 'none'/],
    ['verify without options', `const jwt = require('jsonwebtoken');\nexport const check = (t) => jwt.verify(t, process.env.JWT_PUBLIC_KEY);`, 'warning', /without `algorithms`/],
    ['verify with options lacking algorithms', `import { verify } from 'jsonwebtoken';\nexport const check = (t, key) => verify(t, key, { audience: 'shop' });`, 'warning', /without `algorithms`/],
    ['verify with a callback only', `import jwt from 'jsonwebtoken';\nexport const check = (t, key, cb) => jwt.verify(t, key, (err, payload) => cb(err, payload));`, 'warning', /without `algorithms`/],
  ])('reports %s', async (_name, code, severity, message) => {
    const findings = await findingsFor(check, code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity, requirement: 'SEC-CODE' });
    expect(findings[0]!.message).toMatch(message);
  });

  it.each([
    ['verify with pinned algorithms', `import jwt from 'jsonwebtoken';\nexport const check = (t, key) => jwt.verify(t, key, { algorithms: ['RS256'], audience: 'shop' });`],
    ['verify with options from a constant that pins algorithms', `import jwt from 'jsonwebtoken';\nconst OPTIONS = { algorithms: ['ES256'] };\nexport const check = (t, key) => jwt.verify(t, key, OPTIONS);`],
    ['verify with options built elsewhere (unknown)', `import jwt from 'jsonwebtoken';\nexport const check = (t, key, options) => jwt.verify(t, key, options);`],
    ['decode (not a verification)', `import jwt from 'jsonwebtoken';\nexport const peek = (t) => jwt.decode(t);`],
    ['an unrelated verify method', `export const ok = (signer, data, sig) => signer.verify(data, sig);`],
    ['a string none elsewhere', `export const mode = { algorithm: 'RS256', fallback: 'none' };`],
  ])('does not report %s', async (_name, code) => {
    expect(await findingsFor(check, code)).toEqual([]);
  });
});
