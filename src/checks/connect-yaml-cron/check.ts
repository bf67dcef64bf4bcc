// Job schedules must be real cron expressions, not just strings Connect's unanchored regex lets through.
import { defineCheck } from '../../engine/types.js';
import { connectSpecOf } from '../../analyzers/connect-spec/parse.js';
import { locate } from '../../analyzers/connect-spec/locate.js';
import { analyseCron, matchesOfficialCronPattern } from '../../analyzers/connect-spec/cron.js';

export default defineCheck({
  id: 'connect-yaml/cron',
  requirement: 'DEPLOY-SPEC',
  title: 'Job schedules are valid cron expressions',
  rationale:
    "Connect's schema checks properties.schedule with an unanchored regex, so nonsense such as `12345`, `*****` or " +
    '`foo 1 2 3 4 5 bar` passes and the job then never runs as intended. This check parses the schedule as 5-field cron: ' +
    'minute 0-59, hour 0-23, day-of-month 1-31, month 1-12, day-of-week 0-7, each a comma list of *, n, a-b with an ' +
    'optional /step (n/step means n to the maximum), plus the macros @yearly @annually @monthly @weekly @daily @hourly. ' +
    'Errors: names (MON, JAN; Connect’s regex takes digits only), @reboot (no machine boot to run at), 6- or 7-field forms ' +
    '(seconds, year), Quartz syntax (? L W #), out-of-range values, reversed ranges, step 0, day/month pairs that never ' +
    'occur (0 0 30 2 *), @every under one minute. Warnings: @every <duration> (accepted by the regex, not standard cron), ' +
    'surrounding whitespace. A schedule the official regex already rejects is left to connect-yaml/schema.',
  remediation: 'Write the schedule as 5-field cron, e.g. "0 0 * * *" (daily at midnight) or "*/15 * * * *" (every 15 minutes).',
  run(ctx) {
    const parse = connectSpecOf(ctx.workspace);
    for (const app of parse.spec.applications) {
      const schedule = app.schedule;
      if (schedule === undefined || !matchesOfficialCronPattern(schedule)) continue;
      for (const problem of analyseCron(schedule)) {
        ctx.report({
          severity: problem.severity,
          message: `${parse.file} deployAs.${app.index}.properties.schedule: ${problem.message}`,
          ...locate(parse, ['deployAs', app.index, 'properties', 'schedule']),
          ...(app.name ? { application: app.name } : {}),
        });
      }
    }
  },
});
