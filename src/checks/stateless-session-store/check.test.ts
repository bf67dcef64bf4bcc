import { describe, expect, it } from 'vitest';
import { findingsFor } from '../../analyzers/code-rules/__tests__/connector.js';
import check from './check.js';

const EXPRESS = `import express from 'express';\nimport session from 'express-session';\nconst app = express();\n`;

describe('stateless/session-store', () => {
  it.each([
    ['express-session without a store', `${EXPRESS}app.use(session({ secret: process.env.SESSION_SECRET, resave: false }));`, /express-session is configured without a `store`/],
    ['express-session with no options', `const session = require('express-session');\nmodule.exports = session();`, /without a `store`/],
    ["express-session's MemoryStore", `${EXPRESS}app.use(session({ secret: 's', store: new session.MemoryStore() }));`, /keeps sessions in process memory/],
    ['memorystore', `${EXPRESS}import createMemoryStore from 'memorystore';\nconst MemoryStore = createMemoryStore(session);\napp.use(session({ secret: 's', store: new MemoryStore({ checkPeriod: 86400000 }) }));`, /new MemoryStore/],
    ['@fastify/session without a store', `import Fastify from 'fastify';\nimport fastifySession from '@fastify/session';\nconst app = Fastify();\napp.register(fastifySession, { secret: process.env.SESSION_SECRET });`, /@fastify\/session is configured without a `store`/],
  ])('reports %s', async (_name, code, message) => {
    const findings = await findingsFor(check, code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: 'error', requirement: 'DEPLOY-STATELESS' });
    expect(findings[0]!.message).toMatch(message);
  });

  it.each([
    ['express-session with a Redis store', `${EXPRESS}import { RedisStore } from 'connect-redis';\napp.use(session({ store: new RedisStore({ client }), secret: process.env.SESSION_SECRET }));`],
    ['options built elsewhere (unknown)', `${EXPRESS}import { sessionOptions } from './options.js';\napp.use(session(sessionOptions));`],
    ['cookie-session (state in a signed cookie)', `import express from 'express';\nimport cookieSession from 'cookie-session';\nconst app = express();\napp.use(cookieSession({ keys: [process.env.COOKIE_KEY] }));`],
    ['a function named session from elsewhere', `import { session } from './commercetools.js';\nexport const s = session();`],
  ])('does not report %s', async (_name, code) => {
    expect(await findingsFor(check, code)).toEqual([]);
  });

  it('reports browser-bundled applications as info', async () => {
    const findings = await findingsFor(check, `${EXPRESS}app.use(session({ secret: 's' }));`, { name: 'assets', applicationType: 'assets' });
    expect(findings.map((f) => f.severity)).toEqual(['info']);
  });
});
