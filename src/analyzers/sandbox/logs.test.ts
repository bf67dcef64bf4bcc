import { describe, expect, it } from 'vitest';
import { LogCapture, redactSecrets, tailOf } from './logs.js';

describe('LogCapture', () => {
  it('keeps everything below the limit', () => {
    const log = new LogCapture(10, 10);
    log.write('hello ');
    log.write(Buffer.from('world'));
    expect(log.text()).toEqual({ text: 'hello world', truncated: false });
  });
  it('keeps the head and the tail and marks what was dropped', () => {
    const log = new LogCapture(5, 5);
    for (const chunk of ['12345', 'abcde', 'fghij', 'KLMNO']) log.write(chunk);
    const { text, truncated } = log.text();
    expect(truncated).toBe(true);
    expect(text.startsWith('12345')).toBe(true);
    expect(text.endsWith('KLMNO')).toBe(true);
    expect(text).toContain('[… 10 bytes of output omitted …]');
    expect(log.bytes).toBe(20);
  });
  it('redacts secrets, also across chunk boundaries', () => {
    const log = new LogCapture();
    log.write('token=s3cr');
    log.write('et-value and again s3cret-value');
    expect(log.text(['s3cret-value']).text).toBe('token=[redacted] and again [redacted]');
  });
});

describe('redactSecrets', () => {
  it('replaces longer secrets first and ignores very short ones', () => {
    expect(redactSecrets('abcdefgh abcdefghij 1', ['abcdefgh', 'abcdefghij', '1'])).toBe('[redacted] [redacted] 1');
  });
});

describe('tailOf', () => {
  it('returns the last non-empty lines without colour codes', () => {
    const text = ['a', '', '\u001b[31mb\u001b[39m', 'c', ''].join('\n');
    expect(tailOf(text, 2)).toBe('b\nc');
  });
  it('caps the characters', () => {
    expect(tailOf('x'.repeat(50), 5, 10)).toBe(`…${'x'.repeat(10)}`);
  });
});
