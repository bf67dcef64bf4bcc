// SEC-CODE: JWTs are verified with pinned algorithms, never `none`. `algorithms` containing 'none' and
// `algorithm: 'none'` anywhere are errors; jsonwebtoken's verify() without an `algorithms` option is a
// warning (jsonwebtoken 9 derives the allowed algorithms from the key type, so pinning is defence in
// depth rather than the only protection).
// Detection: the `sec-code/jwt` rule of src/analyzers/code-rules (one traversal per file runs all rules).
import { reportRuleHits } from '../../analyzers/code-rules/report.js';
import { defineCheck } from '../../engine/types.js';

export default defineCheck({
  id: 'sec-code/jwt',
  requirement: 'SEC-CODE',
  title: 'JWTs are verified with pinned algorithms, never `none`',
  rationale:
    'A verifier that accepts `none` accepts unsigned tokens, so anyone can forge one; a verifier without pinned algorithms accepts whatever the key type allows (and jsonwebtoken before 9 accepted HS256 tokens signed with a public RSA key).',
  remediation: "Pass `algorithms` with only the algorithms your issuer uses, e.g. jwt.verify(token, key, { algorithms: ['RS256'] }).",
  run(ctx) {
    reportRuleHits(ctx, 'sec-code/jwt');
  },
});
