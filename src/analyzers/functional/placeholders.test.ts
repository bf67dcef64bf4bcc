import { describe, expect, it } from 'vitest';
import type { ConnectApplication, ConnectConfigEntry, ConnectSpec } from '../connect-spec/parse.js';
import { placeholderConfigurationOf, PLACEHOLDER_URL } from './placeholders.js';

function entry(key: string, secured = false, defaultValue?: string): ConnectConfigEntry {
  return { key, secured, path: [], ...(defaultValue !== undefined ? { default: defaultValue } : {}) };
}

const app: ConnectApplication = {
  index: 0,
  name: 'service',
  applicationType: 'service',
  endpoint: '/service',
  scripts: {},
  configuration: [entry('MAX_LINE_ITEM_QUANTITY', false, '10'), entry('ORDER_WEBHOOK_URL'), entry('ORDER_WEBHOOK_TOKEN', true), entry('CTP_REGION', false, 'us-central1.gcp')],
};
const spec: ConnectSpec = {
  applications: [app],
  globalConfiguration: [entry('CTP_PROJECT_KEY'), entry('CTP_REGION'), entry('CTP_API_URL'), entry('CTP_CLIENT_SECRET', true), entry('FEATURE_ENABLED'), entry('RETRY_COUNT'), entry('SUPPORT_EMAIL'), entry('BRAND_NAME')],
};

describe('placeholderConfigurationOf', () => {
  const config = placeholderConfigurationOf(spec, app, (bytes) => 'r'.repeat(bytes * 2));

  it('uses declared defaults, and the application\'s own entries over inherited ones', () => {
    expect(config.env.MAX_LINE_ITEM_QUANTITY).toBe('10');
    expect(config.env.CTP_REGION).toBe('us-central1.gcp');
  });
  it('gives commercetools\' usual keys well-formed values', () => {
    expect(config.env.CTP_PROJECT_KEY).toBe('placeholder-project');
    expect(config.env.CTP_API_URL).toBe('https://api.europe-west1.gcp.commercetools.com');
  });
  it('shapes the others by their names', () => {
    expect(config.env.ORDER_WEBHOOK_URL).toBe(PLACEHOLDER_URL);
    expect(config.env.FEATURE_ENABLED).toBe('false');
    expect(config.env.RETRY_COUNT).toBe('1');
    expect(config.env.SUPPORT_EMAIL).toBe('placeholder@example.com');
    expect(config.env.BRAND_NAME).toBe('placeholder-brand-name');
  });
  it('gives secured keys random values, lists them for redaction and never shows them', () => {
    expect(config.env.ORDER_WEBHOOK_TOKEN).toBe('r'.repeat(32));
    expect(config.secrets).toEqual(['r'.repeat(32), 'r'.repeat(32)]);
    expect(config.entries.filter((e) => e.secured).map((e) => e.shown)).toEqual(['[redacted]', '[redacted]']);
  });
  it('draws fresh secured values every time', () => {
    const a = placeholderConfigurationOf(spec, app).env.CTP_CLIENT_SECRET;
    const b = placeholderConfigurationOf(spec, app).env.CTP_CLIENT_SECRET;
    expect(a).not.toBe(b);
  });
});
