// SEC-CODE: No filesystem paths taken from request data. Reports fs/fs-extra calls and
// res.sendFile/res.download whose path argument is traced (one level of variables, destructuring,
// templates, concatenation, path.join) to a request handler's input, unless the value is checked
// (startsWith, includes, a validator) first.
// Detection: the `sec-code/path-traversal` rule of src/analyzers/code-rules (one traversal per file runs all rules).
import { reportRuleHits } from '../../analyzers/code-rules/report.js';
import { defineCheck } from '../../engine/types.js';

export default defineCheck({
  id: 'sec-code/path-traversal',
  requirement: 'SEC-CODE',
  title: 'No filesystem paths taken from request data',
  rationale:
    "A path built from a request's body, query, parameters or headers reaches any file the process can read or write once it contains `../` (or is absolute): configuration, credentials, source.",
  remediation: 'Do not build paths from request data; keep a base name only, or resolve and check the path stays inside the intended folder; with express use res.sendFile(name, { root }).',
  run(ctx) {
    reportRuleHits(ctx, 'sec-code/path-traversal');
  },
});
