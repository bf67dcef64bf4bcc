import { describe, expect, it } from 'vitest';
import { compareForState, normaliseAnswer } from './stateless.js';
import type { ProbeRecord } from './supervisor.js';

function probe(instance: 1 | 2, body: string, fields: Partial<ProbeRecord> = {}): ProbeRecord {
  return { role: 'endpoint', method: 'POST', path: '/service', instance, status: 200, body, durationMs: 1, ...fields };
}

describe('compareForState', () => {
  it('flags an answer that changes on the same instance and comes back after a restart', () => {
    const result = compareForState([probe(1, '{"seen":1}'), probe(1, '{"seen":2}', { repeat: true }), probe(2, '{"seen":1}')]);
    expect(result).toMatchObject({ compared: true, suggestsState: true });
  });
  it('accepts identical answers', () => {
    expect(compareForState([probe(1, '{}'), probe(1, '{}', { repeat: true }), probe(2, '{}')]).suggestsState).toBe(false);
  });
  it('does not blame answers that differ only in ids and timestamps', () => {
    const a = probe(1, '{"id":"6f1c2a4e-8b3d-4c1a-9e2f-0a1b2c3d4e5f","at":"2026-01-01T10:00:00.123Z","n":1}');
    const b = probe(1, '{"id":"0d9e8f7a-6b5c-4d3e-8f1a-2b3c4d5e6f70","at":"2026-01-01T10:00:01.456Z","n":1}', { repeat: true });
    const c = probe(2, '{"id":"11111111-2222-4333-8444-555555555555","at":"2026-01-01T10:00:05Z","n":1}');
    expect(compareForState([a, b, c]).suggestsState).toBe(false);
  });
  it('does not blame an answer that is different every time (no evidence of state)', () => {
    expect(compareForState([probe(1, 'a'), probe(1, 'b', { repeat: true }), probe(2, 'c')]).suggestsState).toBe(false);
  });
  it('compares nothing without the three answers', () => {
    expect(compareForState([probe(1, 'a')])).toEqual({ compared: false, suggestsState: false });
  });
  it('normalises errors and statuses', () => {
    expect(normaliseAnswer(probe(1, '', { status: undefined, error: 'timeout' }))).toBe('error timeout');
    expect(normaliseAnswer(probe(1, 'x', { status: 503 }))).toBe('503 x');
  });
});
