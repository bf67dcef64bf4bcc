// SEC-CODE: No outgoing requests to hosts taken from request data. Reports HTTP client calls whose
// URL (or its host part: a template or concatenation whose request-derived part comes before the
// host is settled, new URL(x, base), url/baseURL/host options) comes from a request handler's
// input. Request data in the path of a configured host is not SSRF and is not reported.
// Detection: the `sec-code/ssrf` rule of src/analyzers/code-rules (one traversal per file runs all rules).
import { reportRuleHits } from '../../analyzers/code-rules/report.js';
import { defineCheck } from '../../engine/types.js';

export default defineCheck({
  id: 'sec-code/ssrf',
  requirement: 'SEC-CODE',
  title: 'No outgoing requests to hosts taken from request data',
  rationale:
    "When a caller chooses the host of a request the application makes (fetch, axios, got, http.request), it can reach internal services and the cloud metadata endpoint with the application's network position and credentials.",
  remediation: 'Take hosts from configuration (connect.yaml, e.g. CTP_API_URL) and put request data only into encoded path or query parts; check varying hosts against an allow-list.',
  run(ctx) {
    reportRuleHits(ctx, 'sec-code/ssrf');
  },
});
