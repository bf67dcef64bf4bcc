// SEC-CODE: No Math.random() for tokens, secrets or identifiers. Reports Math.random() whose value
// ends up under a name that says token, secret, password, nonce, salt, session, a guessable code
// (reset/coupon/verification code) or an identifier (id, uuid; not log/trace/DOM labels);
// crypto.pseudoRandomBytes().
// Detection: the `sec-code/insecure-random` rule of src/analyzers/code-rules (one traversal per file runs all rules).
import { reportRuleHits } from '../../analyzers/code-rules/report.js';
import { defineCheck } from '../../engine/types.js';

export default defineCheck({
  id: 'sec-code/insecure-random',
  requirement: 'SEC-CODE',
  title: 'No Math.random() for tokens, secrets or identifiers',
  rationale:
    'Math.random() is not a cryptographic generator: its internal state can be recovered from a few outputs, so tokens, codes and identifiers made with it can be predicted. Jitter, sampling and shuffling are fine and are not reported.',
  remediation: 'Use crypto.randomBytes()/crypto.randomUUID()/crypto.randomInt() (Node.js) or crypto.getRandomValues() (browser).',
  run(ctx) {
    reportRuleHits(ctx, 'sec-code/insecure-random');
  },
});
