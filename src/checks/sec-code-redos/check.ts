// SEC-CODE: No regular expressions with catastrophic backtracking. Reports regular-expression
// literals and new RegExp('literal') screened with safe-regex2 (star height) and confirmed by an
// ambiguity test (the inner repetition's neighbours inside the repeated group are optional or
// overlap with it); new RegExp() on request data.
// Detection: the `sec-code/redos` rule of src/analyzers/code-rules (one traversal per file runs all rules).
import { reportRuleHits } from '../../analyzers/code-rules/report.js';
import { defineCheck } from '../../engine/types.js';

export default defineCheck({
  id: 'sec-code/redos',
  requirement: 'SEC-CODE',
  title: 'No regular expressions with catastrophic backtracking',
  rationale:
    'A regular expression with a quantifier inside a repeated group that can split the same text in many ways takes exponential time on crafted input: one request of a few dozen characters blocks the event loop for seconds or minutes (ReDoS).',
  remediation: 'Rewrite the expression so each part of the input matches one way only, or bound the input length; escape request data before putting it into a pattern.',
  run(ctx) {
    reportRuleHits(ctx, 'sec-code/redos');
  },
});
