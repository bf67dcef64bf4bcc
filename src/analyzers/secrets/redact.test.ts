import { describe, expect, it } from 'vitest';
import { fingerprintOf, redact } from './redact.js';

describe('fingerprints', () => {
  it('stay the first 16 hex digits of SHA-256 over rule id, NUL, secret: baselines and suppressions name them', () => {
    // Computed once with createHash('sha256'); a change of algorithm or input layout breaks every stored baseline.
    expect(fingerprintOf('secrets/stripe-secret-key', 'sk_live_0123456789abcdefABCDEF01')).toBe('47d27d3351cd8e42');
    expect(fingerprintOf('secrets/stripe-secret-key', 'sk_live_0123456789abcdefABCDEF02')).not.toBe('47d27d3351cd8e42');
    expect(fingerprintOf('secrets/other', 'sk_live_0123456789abcdefABCDEF01')).not.toBe('47d27d3351cd8e42');
  });
});

describe('redact', () => {
  it('shows at most four leading characters and never more than a third', () => {
    expect(redact('sk_live_0123456789abcdef')).toBe('sk_l…(24 chars)');
    expect(redact('abcdef')).toBe('ab…(6 chars)');
  });
});
