import { describe, expect, it } from 'vitest';
import { cronZodSchema } from '@commercetools-connect/specification';
import { analyseCron, matchesOfficialCronPattern } from './cron.js';

/** Connect's own answer (the zod schema with its regex); only ever called on short strings. */
function officialAccepts(text: string): boolean {
  return cronZodSchema.safeParse(text).success;
}

function errorsOf(schedule: string): string[] {
  return analyseCron(schedule).filter((p) => p.severity === 'error').map((p) => p.message);
}

function warningsOf(schedule: string): string[] {
  return analyseCron(schedule).filter((p) => p.severity === 'warning').map((p) => p.message);
}

describe('matchesOfficialCronPattern', () => {
  const samples = [
    '@daily',
    '@yearly',
    '@reboot',
    '@midnight',
    '@every 1h30m',
    '@every 5',
    '@every 10\u00b5s',
    '@every 10\u03bcs', // Greek mu, not the micro sign the regex lists
    '@every 3n',
    '@every 3ns',
    'x @weeklyx',
    '0 0 * * *',
    '*/5 * * * *',
    '0 9 * * 1-5',
    '1,2 * * * *',
    '* * * *',
    '0 0 * * MON',
    '0 0 1 JAN *',
    'every day',
    '12345',
    '1234',
    '*****',
    '****',
    'foo 1 2 3 4 5 bar',
    '1  2 3 4 5',
    '1-2/3 * * * *',
    '1/2/3/4/5',
    '1,2,3,4,5',
    '1,2 3,4 5,6 7,8',
    '1,2 3,4 5,6 7,8 9',
    '*-1 */2 3 4',
    '*-1 */2 3 4 5',
    ',1 2 3 4 5',
    '1, 2 3 4 5',
    '٣٣٣٣٣',
    '',
  ];
  it.each(samples)('agrees with the official regex on %j', (sample) => {
    expect(matchesOfficialCronPattern(sample)).toBe(officialAccepts(sample));
  });

  it('agrees with the official regex on 20,000 seeded random short strings', () => {
    const alphabet = ['0', '1', '9', '*', ',', '/', '-', ' ', ' ', 'a', '@', '\t'];
    let seed = 42;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const disagreements: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const length = 1 + Math.floor(random() * 14);
      let text = '';
      for (let j = 0; j < length; j++) text += alphabet[Math.floor(random() * alphabet.length)];
      if (matchesOfficialCronPattern(text) !== officialAccepts(text)) disagreements.push(text);
    }
    expect(disagreements).toEqual([]);
  });

  it('answers a 200,000-character adversarial schedule (linear time, no backtracking)', () => {
    expect(matchesOfficialCronPattern(`${'1,'.repeat(100_000)}x`)).toBe(false);
    expect(matchesOfficialCronPattern(`${'@every 1'.repeat(25_000)}x`)).toBe(false);
    expect(matchesOfficialCronPattern(`${'* '.repeat(100_000)}`)).toBe(true);
  });
});

describe('analyseCron', () => {
  it.each(['0 0 * * *', '*/5 * * * *', '0 9 * * 1-5', '1,2 * * * *', '0 0 1 1 *', '59 23 31 12 7', '0 0 29 2 *', '5/15 * * * *', '0-30/10 * * * *', '@daily', '@yearly', '@annually', '@monthly', '@weekly', '@hourly', '0 0 31 1-12 *', '0 0 31 2 1'])(
    'accepts %j',
    (schedule) => {
      expect(analyseCron(schedule)).toEqual([]);
    },
  );

  it.each([
    ['12345', '1 field'],
    ['*****', '1 field'],
    ['foo 1 2 3 4 5 bar', '7 fields'],
    ['0 0 0 * * *', '6 fields'],
    ['0 0 0 1 1 * 2030', '7 fields'],
    ['* * * *', '4 fields'],
    ['0 0 * * MON', 'names'],
    ['0 0 1 JAN *', 'names'],
    ['60 * * * *', 'out of range 0-59'],
    ['* 24 * * *', 'out of range 0-23'],
    ['* * 0 * *', 'out of range 1-31'],
    ['* * 32 * *', 'out of range 1-31'],
    ['* * * 13 *', 'out of range 1-12'],
    ['* * * 0 *', 'out of range 1-12'],
    ['* * * * 8', 'out of range 0-7'],
    ['*/0 * * * *', 'step of 0'],
    ['5-1 * * * *', 'reversed'],
    ['1,,2 * * * *', 'empty item'],
    ['*/ * * * *', 'invalid step'],
    ['1-2-3 * * * *', 'not a number'],
    ['0 0 ? * *', 'Quartz'],
    ['0 0 L * *', 'Quartz'],
    ['0 0 * * 5#2', 'Quartz'],
    ['0 0 30 2 *', 'never runs'],
    ['0 0 31 4,6,9,11 *', 'never runs'],
    ['@reboot', '@reboot'],
    ['@midnight', 'not a known macro'],
    ['@every 30s', 'shorter than one minute'],
    ['@every 5x', 'not a valid'],
    ['', 'empty'],
  ])('rejects %j (%s)', (schedule, expected) => {
    const errors = errorsOf(schedule);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.join(' ')).toContain(expected);
  });

  it('warns on @every and on surrounding whitespace, without errors', () => {
    expect(errorsOf('@every 1h30m')).toEqual([]);
    expect(warningsOf('@every 1h30m').join(' ')).toContain('not a standard cron expression');
    expect(errorsOf(' 0 0 * * * ')).toEqual([]);
    expect(warningsOf(' 0 0 * * * ').join(' ')).toContain('whitespace');
  });
});
