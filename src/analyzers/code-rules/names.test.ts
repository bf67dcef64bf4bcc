import { describe, expect, it } from 'vitest';
import { isSecretName, mentionsSecret, nameWords, randomNameEvidence } from './names.js';

describe('nameWords', () => {
  it('splits camelCase, snake_case, kebab-case and acronyms', () => {
    expect(nameWords('clientSecret')).toEqual(['client', 'secret']);
    expect(nameWords('CTP_CLIENT_SECRET')).toEqual(['ctp', 'client', 'secret']);
    expect(nameWords('x-api-key')).toEqual(['x', 'api', 'key']);
    expect(nameWords('XMLHttpRequest')).toEqual(['xml', 'http', 'request']);
  });
});

describe('isSecretName', () => {
  it.each(['password', 'clientSecret', 'accessToken', 'apiKey', 'API_KEY', 'authorization', 'authHeader', 'privateKey', 'cookie', 'jwt'])('%s is a secret', (name) => {
    expect(isSecretName(name)).toBe(true);
  });
  it.each(['tokenUrl', 'passwordPolicy', 'secretName', 'nextToken', 'tokenizer', 'keyboard', 'hasToken', 'isPasswordSet', 'tokenCount', 'tokenResponse', 'status', 'key'])('%s is not', (name) => {
    expect(isSecretName(name)).toBe(false);
  });
});

describe('mentionsSecret', () => {
  it('finds a secret word anywhere, whole words only', () => {
    expect(mentionsSecret('passwordHash')).toBe(true);
    expect(mentionsSecret('hashedApiKey')).toBe(true);
    expect(mentionsSecret('passenger')).toBe(false);
    expect(mentionsSecret('pageToken')).toBe(false);
  });
});

describe('randomNameEvidence', () => {
  it.each([
    ['resetToken', 'secret'], ['nonce', 'secret'], ['sessionId', 'secret'], ['couponCode', 'secret'], ['salt', 'secret'],
    ['orderId', 'id'], ['uuid', 'id'], ['generateId', 'id'],
  ])('%s → %s', (name, evidence) => {
    expect(randomNameEvidence(name)).toBe(evidence);
  });
  it.each(['jitter', 'delay', 'requestId', 'traceId', 'elementId', 'key', 'index', 'color', 'sample', 'shuffled'])('%s gives no evidence', (name) => {
    expect(randomNameEvidence(name)).toBeUndefined();
  });
});
