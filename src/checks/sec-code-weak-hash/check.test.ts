import { describe, expect, it } from 'vitest';
import { findingsFor } from '../../analyzers/code-rules/__tests__/connector.js';
import check from './check.js';

describe('sec-code/weak-hash', () => {
  it.each([
    ['md5 over a password', `import crypto from 'node:crypto';\nexport const hashPassword = (password) => crypto.createHash('md5').update(password).digest('hex');`, /MD5 is used on a secret \(`password`\)/],
    ['sha1 over a member named token', `import { createHash } from 'crypto';\nexport const digest = (session) => createHash('sha1').update(session.token).digest('base64');`, /SHA1 is used on a secret \(`token`\)/],
    ['md5 stored under a secret name', `import crypto from 'node:crypto';\nexport function store(user, value) { const passwordHash = crypto.createHash('md5').update(value).digest('hex'); return passwordHash; }`, /the result is stored as `passwordHash`/],
    ['a hash object kept in a variable', `import crypto from 'node:crypto';\nexport function h(apiKey) { const hash = crypto.createHash('md5'); hash.update(apiKey); return hash.digest('hex'); }`, /`apiKey`/],
    ['the md5 package over a secret', `import md5 from 'md5';\nexport const sign = (clientSecret) => md5(clientSecret);`, /MD5 is used on a secret \(`clientSecret`\)/],
    ['a salted template over a password', `const crypto = require('crypto');\nexport const h = (user) => crypto.createHash('sha1').update(\`\${user.salt}:\${user.password}\`).digest('hex');`, /`password`/],
  ])('reports %s', async (_name, code, message) => {
    const findings = await findingsFor(check, code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: 'error', requirement: 'SEC-CODE' });
    expect(findings[0]!.message).toMatch(message);
  });

  it.each([
    ['md5 for an ETag', `import crypto from 'node:crypto';\nexport const etag = (body) => crypto.createHash('md5').update(JSON.stringify(body)).digest('hex');`],
    ['sha1 for a cache key', `import crypto from 'node:crypto';\nexport function cacheKey(url) { const key = crypto.createHash('sha1').update(url).digest('hex'); return key; }`],
    ['sha256 over a password (not weak)', `import crypto from 'node:crypto';\nexport const h = (password) => crypto.createHash('sha256').update(password).digest('hex');`],
    ['HMAC-SHA1 with a secret key (an HMAC, not a hash of the secret)', `import crypto from 'node:crypto';\nexport const sign = (secret, payload) => crypto.createHmac('sha1', secret).update(payload).digest('hex');`],
    ['md5 over a pagination cursor', `import crypto from 'node:crypto';\nexport const id = (nextToken) => crypto.createHash('md5').update(nextToken).digest('hex');`],
    ['a token word only inside a message string', `import crypto from 'node:crypto';\nexport const fingerprint = (file) => crypto.createHash('md5').update('token file ' + file.name).digest('hex');`],
  ])('does not report %s', async (_name, code) => {
    expect(await findingsFor(check, code)).toEqual([]);
  });
});
