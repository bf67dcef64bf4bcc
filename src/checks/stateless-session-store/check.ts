// DEPLOY-STATELESS: no in-memory session stores. express-session (or @fastify/session) without a
// `store` keeps sessions in its MemoryStore; `new MemoryStore()` (express-session's, memorystore's)
// does so explicitly. Connect runs several instances and replaces them at any time, so a session
// kept in one process's memory is lost or invisible to the instance that gets the next request.
// Browser-bundled applications get info (their code does not run in Connect's containers).
// Detection: the `stateless/session-store` rule of src/analyzers/code-rules.
import { reportRuleHits } from '../../analyzers/code-rules/report.js';
import { defineCheck } from '../../engine/types.js';

export default defineCheck({
  id: 'stateless/session-store',
  requirement: 'DEPLOY-STATELESS',
  title: 'No in-memory session store',
  rationale:
    'The certification page requires applications to be stateless and not to keep previous session information in memory. express-session without a store keeps every session in a MemoryStore, ' +
    'which leaks memory, loses sessions on every restart and scale-out, and is documented by express-session as not meant for production.',
  remediation:
    'Give the session middleware an external store (Redis, Firestore, a database), use signed cookies (cookie-session), or stateless tokens.',
  run(ctx) {
    reportRuleHits(ctx, 'stateless/session-store', { browserSeverity: 'info' });
  },
});
