import { describe, expect, it } from 'vitest';
import { runCheck, workspaceFromFiles } from '../../engine/testing.js';
import check from './check.js';
import { secretMarkerOf } from './secret-names.js';

describe('secretMarkerOf', () => {
  it.each([
    ['CTP_CLIENT_SECRET', 'SECRET'],
    ['API_KEY', 'API_KEY'],
    ['STRIPE_APIKEY', 'APIKEY'],
    ['SMTP_PASSWORD', 'PASSWORD'],
    ['DB_PASSWD', 'PASSWD'],
    ['DBPASSWORD', 'DBPASSWORD'],
    ['ACCESS_TOKEN', 'TOKEN'],
    ['accessToken', 'TOKEN'],
    ['clientSecret2', 'SECRET'],
    ['PRIVATE_KEY', 'PRIVATE_KEY'],
    ['AWS_ACCESS_KEY', 'ACCESS_KEY'],
    ['AWS_SECRET_ACCESS_KEY', 'ACCESS_KEY'],
    ['NUVEI_SECRET_KEY', 'SECRET_KEY'],
    ['TWILIO_AUTH_TOKEN', 'TOKEN'],
    ['CLIENT_SECRET_BASE64', 'SECRET'],
    ['BASIC_AUTH', 'BASIC_AUTH'],
    ['GOOGLE_APPLICATION_CREDENTIALS', 'CREDENTIALS'],
    ['WEBHOOK_SIGNING_KEY', 'SIGNING_KEY'],
    ['DATABASE_CONNECTION_STRING', 'CONNECTION_STRING'],
    ['SMTP_PASS', 'PASS'],
  ])('%s looks secret (%s)', (key, marker) => {
    expect(secretMarkerOf(key)).toBe(marker);
  });

  it.each([
    'CTP_PROJECT_KEY',
    'CTP_CLIENT_ID',
    'CTP_AUTH_URL',
    'TOKEN_URL',
    'SECRET_MANAGER_URL',
    'USE_SECRET_MANAGER',
    'API_KEY_HEADER',
    'TOKEN_EXPIRY_SECONDS',
    'PASSWORD_MIN_LENGTH',
    'CTP_SCOPE',
    'PWD',
    'SECRETARY_NAME',
    'TOKENIZER_MODE',
    'BYPASS_CACHE',
    'ENTRY_POINT_URI_PATH',
    'PAYMENT_GATEWAY_NETWORK_TOKEN_MULTI_MID',
    'CTP_CLIENT_SECRET_ID',
    'BRAINTREE_PUBLIC_KEY',
    'ADYEN_CLIENT_KEY',
  ])('%s does not', (key) => {
    expect(secretMarkerOf(key)).toBeUndefined();
  });
});

describe('connect-yaml/secret-in-standard-config', () => {
  const yaml = `inheritAs:
  configuration:
    standardConfiguration:
      - key: SHARED_API_KEY
        description: d
deployAs:
  - name: svc
    applicationType: service
    endpoint: /svc
    configuration:
      standardConfiguration:
        - key: CTP_CLIENT_SECRET
          description: d
          default: s3cr3t-value
        - key: CTP_AUTH_URL
          description: d
      securedConfiguration:
        - key: PSP_API_KEY
          description: d
`;

  it('reports secret-looking standard keys by name and position, never printing the default', async () => {
    const { findings, status } = await runCheck(check, workspaceFromFiles({ 'connect.yaml': yaml }));
    expect(status).toBe('fail');
    expect(findings.map((f) => [f.requirement, f.severity, f.line, f.column, f.application])).toEqual([
      ['SEC-SECRETS', 'error', 12, 16, 'svc'],
      ['SEC-SECRETS', 'error', 4, 14, undefined],
    ]);
    expect(findings[0]?.message).toContain('"CTP_CLIENT_SECRET" of application "svc" looks like a secret');
    expect(findings[0]?.message).toContain('default value committed');
    expect(findings.map((f) => f.message).join(' ')).not.toContain('s3cr3t-value');
  });

  it('leaves secured entries alone', async () => {
    const secured = `deployAs:\n  - name: svc\n    applicationType: service\n    endpoint: /svc\n    configuration:\n      securedConfiguration:\n        - key: CTP_CLIENT_SECRET\n          description: d\n`;
    const { findings } = await runCheck(check, workspaceFromFiles({ 'connect.yaml': secured }));
    expect(findings).toEqual([]);
  });
});
