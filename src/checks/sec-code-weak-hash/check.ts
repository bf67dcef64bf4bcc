// SEC-CODE: No MD5 or SHA-1 over passwords, tokens or secrets. Reports
// crypto.createHash('md5'|'sha1') (and md5/sha1 packages, crypto-js) only when what is hashed, or
// the variable receiving the hash, is named like a secret (password, token, secret, apiKey,
// credential).
// Detection: the `sec-code/weak-hash` rule of src/analyzers/code-rules (one traversal per file runs all rules).
import { reportRuleHits } from '../../analyzers/code-rules/report.js';
import { defineCheck } from '../../engine/types.js';

export default defineCheck({
  id: 'sec-code/weak-hash',
  requirement: 'SEC-CODE',
  title: 'No MD5 or SHA-1 over passwords, tokens or secrets',
  rationale:
    'MD5 and SHA-1 are fast and broken: hashes of passwords and tokens are reversed with precomputed tables or brute force, and collisions can be made. They remain fine for non-security uses such as ETags and cache keys, which this check leaves alone.',
  remediation: 'Hash passwords with scrypt, argon2 or bcrypt (asynchronously); for tokens use SHA-256 or an HMAC with a secret key.',
  run(ctx) {
    reportRuleHits(ctx, 'sec-code/weak-hash');
  },
});
