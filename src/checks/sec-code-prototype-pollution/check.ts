// SEC-CODE: No writes of request-chosen keys onto plain objects. Reports computed writes whose key
// (or outer key of a two-level write) is traced to a request handler's input, and recursive merge
// helpers that copy every key of one object into another and recurse into the copied keys, in
// functions that never mention '__proto__'/'constructor' (a guard). Keys that are loop indexes or
// constants are never reported: this is not eslint's detect-object-injection.
// Detection: the `sec-code/prototype-pollution` rule of src/analyzers/code-rules (one traversal per file runs all rules).
import { reportRuleHits } from '../../analyzers/code-rules/report.js';
import { defineCheck } from '../../engine/types.js';

export default defineCheck({
  id: 'sec-code/prototype-pollution',
  requirement: 'SEC-CODE',
  title: 'No writes of request-chosen keys onto plain objects',
  rationale:
    'Writing `obj[key] = value` with a key from merged untrusted input lets a request set `__proto__` or `constructor.prototype`, changing Object.prototype for the whole process (authorization bypasses, crashes, sometimes code execution).',
  remediation: "Use a Map or Object.create(null) for request-keyed data, refuse '__proto__', 'constructor' and 'prototype' keys, or use a maintained merge function.",
  run(ctx) {
    reportRuleHits(ctx, 'sec-code/prototype-pollution');
  },
});
