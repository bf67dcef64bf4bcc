// SEC-CODE: No eval, new Function or vm on code assembled at run time. Reports eval(), Function(),
// vm.* with a non-literal code argument, setTimeout/setInterval with a string built at run time,
// and require()/import() of a module named by request data.
// Detection: the `sec-code/dynamic-code` rule of src/analyzers/code-rules (one traversal per file runs all rules).
import { reportRuleHits } from '../../analyzers/code-rules/report.js';
import { defineCheck } from '../../engine/types.js';

export default defineCheck({
  id: 'sec-code/dynamic-code',
  requirement: 'SEC-CODE',
  title: 'No eval, new Function or vm on code assembled at run time',
  rationale:
    'Evaluating a string as code runs whatever ends up in it: one value from a request or a misconfigured setting becomes arbitrary code execution inside the application, with its credentials. vm is not a sandbox.',
  remediation: 'Replace eval/new Function/vm with explicit logic (a lookup table of functions, JSON.parse for data); load modules only from a fixed list.',
  run(ctx) {
    reportRuleHits(ctx, 'sec-code/dynamic-code');
  },
});
