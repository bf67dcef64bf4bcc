// DEPLOY-LIGHTWEIGHT: no CPU-heavy synchronous calls inside request handlers: crypto.pbkdf2Sync,
// scryptSync, generateKeyPairSync, bcrypt/bcryptjs *Sync, zlib *Sync (compression time grows with the
// request body) and child_process *Sync. They block the one event loop, so every concurrent request
// on the instance waits. Calls at start-up (outside handlers) are fine. Warnings; browser-bundled
// applications get info.
// Detection: the `lightweight/sync-cpu` rule of src/analyzers/code-rules.
import { reportRuleHits } from '../../analyzers/code-rules/report.js';
import { defineCheck } from '../../engine/types.js';

export default defineCheck({
  id: 'lightweight/sync-cpu',
  requirement: 'DEPLOY-LIGHTWEIGHT',
  title: 'No CPU-heavy synchronous calls in request handlers',
  rationale:
    'The page asks for no CPU-intensive operations. Node.js serves all requests of an instance on one thread: a synchronous key derivation, bcrypt hash or compression inside a handler stalls every other request ' +
    'for its whole duration (tens to hundreds of milliseconds each), and Connect gives service and event applications one CPU.',
  remediation: 'Use the asynchronous variants (crypto.pbkdf2, crypto.scrypt, bcrypt.hash, zlib.gzip with a callback or promisified), which run in the thread pool, and bound input sizes.',
  run(ctx) {
    reportRuleHits(ctx, 'lightweight/sync-cpu', { browserSeverity: 'info' });
  },
});
