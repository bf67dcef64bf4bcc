// Ordering of identifiers, paths and messages in reports: by UTF-16 code unit, the same on every
// machine. String.prototype.localeCompare would follow the machine's locale, and its first call
// builds an ICU collator (~14 ms, on every run of `check`).

/** Negative, zero or positive as `a` sorts before, with or after `b`, by code unit. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
