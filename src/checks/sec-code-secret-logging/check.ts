// SEC-CODE: No secrets written to logs. Reports console.* and logger calls whose arguments include
// process.env as a whole, a secret-named environment variable, a value whose own name is a secret
// (password, clientSecret, accessToken, apiKey, authorization), all request headers, the
// Authorization/Cookie headers or cookies. Words in message text are never evidence. In
// browser-bundled applications the finding is a warning (the browser console of the user).
// Detection: the `sec-code/secret-logging` rule of src/analyzers/code-rules (one traversal per file runs all rules).
import { reportRuleHits } from '../../analyzers/code-rules/report.js';
import { defineCheck } from '../../engine/types.js';

export default defineCheck({
  id: 'sec-code/secret-logging',
  requirement: 'SEC-CODE',
  title: 'No secrets written to logs',
  rationale:
    'Logs are read by many people and shipped to many systems; a logged process.env, client secret, token or Authorization header is a leaked credential.',
  remediation: 'Log identifiers and outcomes, never credentials; redact authorization/cookie headers in the logger configuration.',
  run(ctx) {
    reportRuleHits(ctx, 'sec-code/secret-logging', { browserSeverity: 'warning' });
  },
});
