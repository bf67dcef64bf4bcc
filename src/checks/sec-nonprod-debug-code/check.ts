// SEC-NONPROD: no debug output or debugger statements in server code. console.log/debug/trace/dir/
// table calls are counted per file (one finding per file, at the first call, listing the lines);
// `debugger` statements are reported one by one. A structured line (`console.log(JSON.stringify(…))`)
// and the application's own logger module are fine. Service, event and job applications get
// warnings (the page's "should"); browser-bundled applications (assets, Merchant Center) get info.
import { codeAnalysisOf, codeApplicationsOf, SHIPPED_ROLES } from '../../analyzers/code-rules/index.js';
import { isLoggerImplementation } from '../../analyzers/code-rules/files.js';
import { NO_APPLICATIONS } from '../../analyzers/code-rules/report.js';
import { defineCheck } from '../../engine/types.js';

/** Lines listed in a message; the rest is counted. */
export const MAX_LISTED_LINES = 10;

export default defineCheck({
  id: 'sec-nonprod/debug-code',
  requirement: 'SEC-NONPROD',
  title: 'No console debug output or debugger statements in server code',
  rationale:
    'console.log/console.debug are development output: unstructured lines Cloud Logging cannot filter by severity, often with request data in them. ' +
    'A `debugger` statement is leftover development code. The certification page asks for no logs or code not intended for production.',
  remediation:
    'Log through a structured logger (pino, winston, or one JSON object per line with a severity) at the right level, and remove debugger statements.',
  run(ctx) {
    const ws = ctx.workspace;
    const apps = codeApplicationsOf(ws);
    if (apps.length === 0) return ctx.skip(NO_APPLICATIONS);
    for (const app of apps) {
      const severity = app.browser ? 'info' : 'warning';
      for (const { file, role } of app.files) {
        if (!SHIPPED_ROLES.includes(role)) continue;
        const hits = codeAnalysisOf(ws, file).hits.filter((h) => h.rule === 'sec-nonprod/debug-code');
        if (hits.length === 0) continue;
        const consoleCalls = isLoggerImplementation(file) ? [] : hits.filter((h) => h.data?.kind === 'console');
        if (consoleCalls.length > 0) {
          const first = consoleCalls[0]!;
          const methods = [...new Set(consoleCalls.map((h) => `console.${String(h.data?.method)}`))].join('/');
          const lines = consoleCalls.map((h) => h.line);
          const listed = lines.slice(0, MAX_LISTED_LINES).join(', ') + (lines.length > MAX_LISTED_LINES ? `, … (${lines.length - MAX_LISTED_LINES} more)` : '');
          ctx.report({
            severity,
            application: app.application,
            file,
            line: first.line,
            column: first.column,
            message: `${file}: ${consoleCalls.length} ${methods} call${consoleCalls.length === 1 ? '' : 's'} in ${app.browser ? 'browser' : 'server'} code (line${lines.length === 1 ? '' : 's'} ${listed})`,
            evidence: first.evidence,
            data: { count: consoleCalls.length, lines, methods: [...new Set(consoleCalls.map((h) => h.data?.method))] },
          });
        }
        for (const hit of hits.filter((h) => h.data?.kind === 'debugger')) {
          ctx.report({
            severity,
            application: app.application,
            file,
            line: hit.line,
            column: hit.column,
            message: `${file}:${hit.line}: \`debugger\` statement left in ${app.browser ? 'browser' : 'server'} code`,
            remediation: 'Remove the debugger statement.',
            data: { kind: 'debugger' },
          });
        }
      }
    }
  },
});
