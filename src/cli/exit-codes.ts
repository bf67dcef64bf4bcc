// Exit codes CI relies on.
/** Verdict pass or review. */
export const EXIT_OK = 0;
/** Verdict fail (or a warning with --fail-on warning). */
export const EXIT_FAIL = 1;
/** Usage error or internal error. */
export const EXIT_USAGE = 2;
