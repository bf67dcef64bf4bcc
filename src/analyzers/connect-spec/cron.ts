// Cron schedules of job applications (`properties.schedule`), two ways:
//
// 1. `matchesOfficialCronPattern` answers exactly what Connect's schema regex answers. That regex is
//    unanchored, so it accepts any string that merely *contains* a match:
//      (@(annually|yearly|monthly|weekly|daily|hourly|reboot))
//      | (@every (\d+(ns|us|µs|ms|s|m|h))+)
//      | ((((\d+,)+\d+|((\d+|\*)(\/|-)\d+)|\d+|\*) ?){5,7})
//    Re-implemented as substring checks plus a constant-size automaton (linear time, no backtracking),
//    so `12345`, `*****` and `foo 1 2 3 4 5 bar` pass, as they do for Connect.
// 2. `analyseCron` is a real cron parser (5 fields plus the `@` macros) for the stricter check.

/** The official schema's message for a schedule its regex rejects. */
export const OFFICIAL_CRON_MESSAGE =
  "Please provide a valid cron schedule string following the specified format. For example, for daily, you can use '@daily' or the cron expression '0 0 * * *'.";

const OFFICIAL_MACRO_WORDS = ['@annually', '@yearly', '@monthly', '@weekly', '@daily', '@hourly', '@reboot'] as const;
const EVERY_PREFIX = '@every ';

/** Same verdict as `cronZodSchema` of @commercetools-connect/specification 0.0.16, in linear time. */
export function matchesOfficialCronPattern(text: string): boolean {
  for (const word of OFFICIAL_MACRO_WORDS) if (text.includes(word)) return true;
  if (containsEveryDuration(text)) return true;
  return containsFiveCronTokens(text);
}

function isAsciiDigit(code: number): boolean {
  return code >= 48 && code <= 57; // `\d` without the `u` flag is ASCII only
}

/** `@every (\d+(ns|us|µs|ms|s|m|h))+` somewhere; one repetition is enough for an unanchored match. */
function containsEveryDuration(text: string): boolean {
  let from = text.indexOf(EVERY_PREFIX);
  while (from !== -1) {
    let i = from + EVERY_PREFIX.length;
    const digitsStart = i;
    while (i < text.length && isAsciiDigit(text.charCodeAt(i))) i++;
    // The digit run is maximal, so a shorter `\d+` would be followed by a digit, never by a unit.
    if (i > digitsStart) {
      const unit = text[i];
      if (unit === 'm' || unit === 's' || unit === 'h') return true;
      if ((unit === 'n' || unit === 'u' || unit === '\u00b5') && text[i + 1] === 's') return true;
    }
    from = text.indexOf(EVERY_PREFIX, from + 1);
  }
  return false;
}

// The token part, `((T) ?){5,7}` with T = (\d+,)+\d+ | (\d+|\*)(\/|-)\d+ | \d+ | \*, searched
// anywhere: true when some substring is five consecutive tokens, each optionally followed by one
// space (a sixth or seventh token can only extend a match that already exists).
// Automaton states, one bit each, tracked separately for 0..4 tokens completed so far:
const AT_TOKEN_START = 1 << 0; // may start a token
const AFTER_TOKEN = 1 << 1; // a token just ended: may take the one optional space
const IN_NUMBER = 1 << 2; // `\d+` at the start of a token (token may end here)
const AFTER_STAR = 1 << 3; // `*` at the start of a token (token may end here)
const AFTER_COMMA = 1 << 4; // inside `(\d+,)+`: needs a digit
const IN_LIST_NUMBER = 1 << 5; // the digits after a comma (token may end here)
const AFTER_OPERATOR = 1 << 6; // after `/` or `-`: needs a digit
const IN_OPERAND = 1 << 7; // digits after the operator (token may end here)
const TOKEN_CAN_END = IN_NUMBER | AFTER_STAR | IN_LIST_NUMBER | IN_OPERAND;
const TOKENS_NEEDED = 5;

function containsFiveCronTokens(text: string): boolean {
  let current = new Uint8Array(TOKENS_NEEDED);
  let next = new Uint8Array(TOKENS_NEEDED);
  for (let i = 0; i < text.length; i++) {
    current[0]! |= AT_TOKEN_START; // unanchored: a match may start at any position
    next.fill(0);
    const ch = text.charCodeAt(i);
    const digit = isAsciiDigit(ch);
    const star = ch === 42;
    const comma = ch === 44;
    const operator = ch === 47 || ch === 45; // '/' or '-'
    const space = ch === 32;
    for (let done = 0; done < TOKENS_NEEDED; done++) {
      const s = current[done]!;
      if (s === 0) continue;
      let n = 0;
      if (s & AT_TOKEN_START) {
        if (digit) n |= IN_NUMBER;
        if (star) n |= AFTER_STAR;
      }
      if (s & AFTER_TOKEN && space) n |= AT_TOKEN_START;
      if (s & IN_NUMBER) {
        if (digit) n |= IN_NUMBER;
        if (comma) n |= AFTER_COMMA;
        if (operator) n |= AFTER_OPERATOR;
      }
      if (s & AFTER_STAR && operator) n |= AFTER_OPERATOR;
      if (s & AFTER_COMMA && digit) n |= IN_LIST_NUMBER;
      if (s & IN_LIST_NUMBER) {
        if (digit) n |= IN_LIST_NUMBER;
        if (comma) n |= AFTER_COMMA;
      }
      if (s & AFTER_OPERATOR && digit) n |= IN_OPERAND;
      if (s & IN_OPERAND && digit) n |= IN_OPERAND;
      next[done]! |= n;
      if (n & TOKEN_CAN_END) {
        if (done + 1 === TOKENS_NEEDED) return true;
        next[done + 1]! |= AT_TOKEN_START | AFTER_TOKEN;
      }
    }
    [current, next] = [next, current];
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// A real cron parser.
//
// Decisions (documented in the connect-yaml/cron check):
// - Five fields: minute 0-59, hour 0-23, day of month 1-31, month 1-12, day of week 0-7 (0 and 7 are
//   Sunday); each a comma list of `*`, `n`, `a-b`, each optionally `/step` (step >= 1); `n/step`
//   means `n-max/step` (Connect's regex accepts it, most cron implementations do too).
// - Macros @yearly @annually @monthly @weekly @daily @hourly are accepted.
// - Month and weekday names (JAN, MON) are errors: Connect's own regex accepts digits only.
// - @reboot is an error: a Connect job runs on a scheduler; there is no machine boot to run at.
// - @every <duration> is a warning: Connect's regex accepts it, but it is not unix-cron and the
//   documented job schedules are cron expressions; under one minute is an error.
// - Six or seven fields (seconds, years) are errors: Connect's regex tolerates them, but job
//   schedules are 5-field unix-cron.
// - Quartz-only syntax (`?`, `L`, `W`, `#`) is an error.
// - A day-of-month/month combination that never occurs (e.g. `0 0 30 2 *`) is an error.

export type CronSeverity = 'error' | 'warning';

export interface CronProblem {
  severity: CronSeverity;
  message: string;
}

export interface CronField {
  name: string;
  min: number;
  max: number;
}

export const CRON_FIELDS: readonly CronField[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12 },
  { name: 'day-of-week', min: 0, max: 7 },
];

/** The macros a job schedule may use, with their 5-field meaning. */
export const CRON_MACROS: Readonly<Record<string, string>> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@hourly': '0 * * * *',
};

/** Units of Go's `time.ParseDuration` that Connect's `@every` pattern lists, in seconds. */
const EVERY_UNITS_SECONDS: Readonly<Record<string, number>> = {
  ns: 1e-9,
  us: 1e-6,
  '\u00b5s': 1e-6,
  ms: 1e-3,
  s: 1,
  m: 60,
  h: 3600,
};
/** Schedulers fire at most once a minute. */
const MIN_INTERVAL_SECONDS = 60;
/** Longest value quoted back in a message. */
const MAX_QUOTED_CHARS = 60;
/** Days in each month (February counted with 29 so leap days are possible). */
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Every problem of a schedule as a real cron expression; empty when it is a sound 5-field cron or macro. */
export function analyseCron(schedule: string): CronProblem[] {
  const problems: CronProblem[] = [];
  const trimmed = schedule.trim();
  if (trimmed === '') return [{ severity: 'error', message: 'the schedule is empty' }];
  if (trimmed !== schedule) {
    problems.push({ severity: 'warning', message: 'the schedule has leading or trailing whitespace' });
  }
  if (trimmed.startsWith('@')) return [...problems, ...analyseMacro(trimmed)];

  const fields = trimmed.split(/[ \t]+/);
  if (fields.length === 6 || fields.length === 7) {
    problems.push({
      severity: 'error',
      message: `${quote(trimmed)} has ${fields.length} fields; Connect's regex tolerates a seconds or year field, but job schedules are 5-field cron (minute hour day-of-month month day-of-week)`,
    });
    return problems;
  }
  if (fields.length !== CRON_FIELDS.length) {
    problems.push({
      severity: 'error',
      message: `${quote(trimmed)} has ${fields.length} field${fields.length === 1 ? '' : 's'}; a cron schedule has 5 (minute hour day-of-month month day-of-week)`,
    });
    return problems;
  }
  const values: (Set<number> | undefined)[] = [];
  fields.forEach((field, index) => {
    const spec = CRON_FIELDS[index]!;
    const parsed = parseField(field, spec);
    if ('problem' in parsed) problems.push({ severity: 'error', message: `${spec.name} field ${quote(field)}: ${parsed.problem}` });
    values.push('values' in parsed ? parsed.values : undefined);
  });
  if (problems.some((p) => p.severity === 'error')) return problems;

  // With a restricted day-of-week, cron fires when either day field matches, so only check the
  // day-of-month/month pair when the day of week is `*`.
  const [, , days, months] = values;
  if (fields[4] === '*' && fields[2] !== '*' && days && months) {
    const possible = [...months].some((month) => [...days].some((day) => day <= DAYS_IN_MONTH[month - 1]!));
    if (!possible) {
      problems.push({ severity: 'error', message: `${quote(trimmed)} never runs: no selected month has the selected day of month` });
    }
  }
  return problems;
}

function analyseMacro(trimmed: string): CronProblem[] {
  if (Object.hasOwn(CRON_MACROS, trimmed)) return [];
  if (trimmed === '@reboot') {
    return [{ severity: 'error', message: '"@reboot" does not schedule anything for a Connect job (there is no machine boot); use a cron expression such as "0 0 * * *"' }];
  }
  if (trimmed.startsWith(EVERY_PREFIX)) {
    const seconds = parseEveryDuration(trimmed.slice(EVERY_PREFIX.length));
    if (seconds === undefined) {
      return [{ severity: 'error', message: `${quote(trimmed)} is not a valid "@every <duration>" (e.g. "@every 1h30m")` }];
    }
    if (seconds < MIN_INTERVAL_SECONDS) {
      return [{ severity: 'error', message: `${quote(trimmed)} is shorter than one minute, the finest interval a job scheduler runs` }];
    }
    return [{ severity: 'warning', message: `${quote(trimmed)} is not a standard cron expression (Connect's regex accepts "@every", but job schedules are documented as cron); prefer a 5-field expression such as "*/30 * * * *"` }];
  }
  return [{ severity: 'error', message: `${quote(trimmed)} is not a known macro; use one of ${Object.keys(CRON_MACROS).join(', ')} or a 5-field expression` }];
}

/** Go-style duration made of `<digits><unit>` parts only; seconds, or undefined when malformed. */
function parseEveryDuration(text: string): number | undefined {
  let i = 0;
  let total = 0;
  if (text === '') return undefined;
  while (i < text.length) {
    const start = i;
    while (i < text.length && isAsciiDigit(text.charCodeAt(i))) i++;
    if (i === start) return undefined;
    const amount = Number(text.slice(start, i));
    const unit = ['ns', 'us', '\u00b5s', 'ms', 'h', 'm', 's'].find((u) => text.startsWith(u, i));
    if (!unit) return undefined;
    i += unit.length;
    total += amount * EVERY_UNITS_SECONDS[unit]!;
  }
  return total;
}

type FieldResult = { values: Set<number> } | { problem: string };

function parseField(field: string, spec: CronField): FieldResult {
  if (/[A-Za-z]/.test(field)) {
    if (/^[0-9LW,/-]*$/.test(field)) return { problem: 'Quartz-only syntax (L, W) is not cron' };
    return { problem: 'names (such as MON or JAN) are not accepted by Connect; use numbers' };
  }
  if (/[?#]/.test(field)) return { problem: 'Quartz-only syntax (?, #) is not cron' };
  const values = new Set<number>();
  for (const item of field.split(',')) {
    if (item === '') return { problem: 'empty item in a list' };
    const result = parseItem(item, spec, values);
    if (result) return { problem: result };
  }
  return { values };
}

/** Adds the item's values to `into`; returns a problem description, or undefined when it is fine. */
function parseItem(item: string, spec: CronField, into: Set<number>): string | undefined {
  const slash = item.indexOf('/');
  const base = slash === -1 ? item : item.slice(0, slash);
  let step = 1;
  if (slash !== -1) {
    const stepText = item.slice(slash + 1);
    if (!/^[0-9]+$/.test(stepText)) return `${quote(item)} has an invalid step`;
    step = Number(stepText);
    if (step < 1) return `${quote(item)} has a step of 0`;
  }
  let from: number;
  let to: number;
  if (base === '*') {
    from = spec.min;
    to = spec.max;
  } else {
    const dash = base.indexOf('-');
    const lowText = dash === -1 ? base : base.slice(0, dash);
    const highText = dash === -1 ? undefined : base.slice(dash + 1);
    if (!/^[0-9]+$/.test(lowText) || (highText !== undefined && !/^[0-9]+$/.test(highText))) {
      return `${quote(item)} is not a number, a range a-b or *`;
    }
    from = Number(lowText);
    // `n/step` runs from n to the field's maximum.
    to = highText !== undefined ? Number(highText) : slash !== -1 ? spec.max : from;
    for (const value of [from, to]) {
      if (value < spec.min || value > spec.max) return `${value} is out of range ${spec.min}-${spec.max}`;
    }
    if (from > to) return `the range ${quote(base)} is reversed`;
  }
  for (let v = from; v <= to; v += step) into.add(spec.name === 'day-of-week' && v === 7 ? 0 : v);
  return undefined;
}

function quote(value: string): string {
  const shown = value.length > MAX_QUOTED_CHARS ? `${value.slice(0, MAX_QUOTED_CHARS)}…` : value;
  return JSON.stringify(shown);
}
