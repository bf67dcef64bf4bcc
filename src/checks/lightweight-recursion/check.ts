// DEPLOY-LIGHTWEIGHT: no self-recursive functions without a depth bound. A function that calls
// itself (directly, or from an array-iteration callback inside it) and has no parameter compared
// against a bound (a relational comparison, or a depth/level/remaining/retries-named parameter that
// is tested) recurses as deep as its input: a nested request body, a category tree, paginated
// results. Calls scheduled through timers or events do not nest and are not reported. Warnings (the
// page's "should"); browser-bundled applications get info.
// Detection: the `lightweight/recursion` rule of src/analyzers/code-rules.
import { reportRuleHits } from '../../analyzers/code-rules/report.js';
import { defineCheck } from '../../engine/types.js';

export default defineCheck({
  id: 'lightweight/recursion',
  requirement: 'DEPLOY-LIGHTWEIGHT',
  title: 'Recursive functions have a depth bound',
  rationale:
    'The page asks for lightweight applications without long-running recursive operations. Unbounded recursion over input the application does not control grows the stack until the process crashes ' +
    '(RangeError: Maximum call stack size exceeded) and ties up the single event loop for as long as it runs.',
  remediation:
    'Give the function a depth (or remaining-budget) parameter and stop at a named maximum, or rewrite it as a loop over an explicit queue with a size limit.',
  run(ctx) {
    reportRuleHits(ctx, 'lightweight/recursion', { browserSeverity: 'info' });
  },
});
