// SEC-CODE: CORS does not allow every origin together with credentials. Reports CORS options
// objects with `credentials: true` and a permissive `origin`, and handlers that set
// Access-Control-Allow-Origin to '*' or to the request's Origin (unchecked) together with
// Access-Control-Allow-Credentials: true. A plain `cors()` (no credentials) is not reported.
// Detection: the `sec-code/cors` rule of src/analyzers/code-rules (one traversal per file runs all rules).
import { reportRuleHits } from '../../analyzers/code-rules/report.js';
import { defineCheck } from '../../engine/types.js';

export default defineCheck({
  id: 'sec-code/cors',
  requirement: 'SEC-CODE',
  title: 'CORS does not allow every origin together with credentials',
  rationale:
    "Allowing any origin (reflecting the request's Origin, `origin: true`, '*') while allowing credentials lets every website make authenticated requests to the application with a visitor's cookies and read the answers.",
  remediation: "Allow an explicit list of trusted origins from configuration; never reflect the request's Origin without checking it, never combine '*' with credentials.",
  run(ctx) {
    reportRuleHits(ctx, 'sec-code/cors');
  },
});
