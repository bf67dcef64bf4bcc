// DEPLOY-STATELESS: request handlers do not keep data in module-level state. A module-level Map, Set,
// array or object that a request handler writes (`.set`, `.push`, `obj[k] = …`, Object.assign), or a
// module-level variable a handler sets from request data, is per-instance memory that outlives the
// request. Module-level collections only read in handlers (lookup tables) are fine; counters
// (`stats.count += 1`) are not reported. Bounded caches (lru-cache, node-cache, quick-lru) are
// warnings: acceptable for derived data, never for session state. Handlers are functions registered
// with express/fastify/koa/http.createServer or shaped `(req, res)`; writes in helpers they call are
// not followed (intra-procedural, for precision). Browser-bundled applications get info.
// Detection: the `stateless/module-state` rule of src/analyzers/code-rules.
import { reportRuleHits } from '../../analyzers/code-rules/report.js';
import { defineCheck } from '../../engine/types.js';

export default defineCheck({
  id: 'stateless/module-state',
  requirement: 'DEPLOY-STATELESS',
  title: 'Request handlers keep no data in module-level state',
  rationale:
    'Connect runs several instances of an application behind a load balancer and restarts them at any time. Data a request handler stores in a module-level collection is visible only to later requests that happen to reach the same instance, ' +
    'grows without bound, and disappears on restart: the application behaves differently per instance. The page requires stateless applications.',
  remediation:
    'Keep request data in the request, and anything that must outlive it in an external store (commercetools custom objects, a database, Redis).',
  run(ctx) {
    reportRuleHits(ctx, 'stateless/module-state', { browserSeverity: 'info' });
  },
});
