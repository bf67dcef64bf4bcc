import { describe, expect, it } from 'vitest';
import { findingsFor } from '../../analyzers/code-rules/__tests__/connector.js';
import check from './check.js';

const EXPRESS = `import express from 'express';\nimport pino from 'pino';\nconst logger = pino();\nconst app = express();\n`;

describe('sec-code/secret-logging', () => {
  it.each([
    ['the whole environment', `console.log(process.env);`, /writes the whole process\.env/],
    ['a secret environment variable', `console.info('starting with', process.env.CTP_CLIENT_SECRET);`, /the secret process\.env\.CTP_CLIENT_SECRET/],
    ['all request headers', `${EXPRESS}app.post('/x', (req, res) => { logger.info({ headers: req.headers }, 'incoming'); res.end(); });`, /all request headers .* \(req\.headers\)/],
    ['the Authorization header', `${EXPRESS}app.use((req, res, next) => { logger.debug(\`auth: \${req.headers.authorization}\`); next(); });`, /`req\.headers\.authorization`/],
    ['an access token', `export function connected(accessToken, log) { const logger = log; logger.info('token', { accessToken }); }`, /`accessToken`/],
    ['a client secret in a template', `export const show = (config) => console.error(\`client \${config.clientId} / \${config.clientSecret}\`);`, /`config\.clientSecret`/],
    ['a header read with req.get', `${EXPRESS}app.use((req, res, next) => { console.warn('auth', req.get('Authorization')); next(); });`, /authorization header/],
  ])('reports %s', async (_name, code, message) => {
    const findings = await findingsFor(check, code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: 'error', requirement: 'SEC-CODE' });
    expect(findings[0]!.message).toMatch(message);
  });

  it.each([
    ['the word token in a message', `export const log = (logger, status) => logger.error('token request failed', { status });`],
    ['a token response status', `export const log = (logger, tokenResponse) => logger.error('token request failed', { status: tokenResponse.status });`],
    ['whether a token is set', `export const log = (logger, token) => logger.info('configured', { hasToken: Boolean(token), tokenLength: token.length });`],
    ['a non-secret environment variable', `console.log('region', process.env.CTP_REGION, process.env.CTP_PROJECT_KEY);`],
    ['a request body field', `${EXPRESS}app.post('/x', (req, res) => { logger.info({ orderId: req.body.id, type: req.headers['content-type'] }); res.end(); });`],
    ['a secret passed to something that is not a logger', `export const connect = (client, clientSecret) => client.login(clientSecret);`],
  ])('does not report %s', async (_name, code) => {
    expect(await findingsFor(check, code)).toEqual([]);
  });

  it('downgrades to a warning in browser-bundled applications', async () => {
    const findings = await findingsFor(check, `export const debugToken = (token) => console.log(token);`, { name: 'assets', applicationType: 'assets' });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: 'warning', application: 'assets' });
  });
});
