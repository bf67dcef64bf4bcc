// DEPLOY-LIGHTWEIGHT and DEPLOY-STATELESS, run-time part (opt-in with --run): the running
// application's peak resident memory against Connect's limits (512 MB service/event/assets/Merchant
// Center, 4 GB job), its start-up time, and whether the same request answered differently the second
// time but like the first after a restart (state kept in memory between requests).
import { reportRunPhase } from '../../analyzers/functional/report.js';
import { defineCheck } from '../../engine/types.js';

export default defineCheck({
  id: 'run/resources',
  requirement: 'DEPLOY-LIGHTWEIGHT',
  title: 'Memory, start-up time and statelessness at run time',
  rationale:
    'Connect gives service, event, assets and Merchant Center applications 512 MB and jobs 4 GB, starts instances on demand and restarts or scales them at any time: applications must be lightweight and keep no session information in memory.',
  remediation:
    'Measure memory after start-up and keep it well under the limit; keep request state in commercetools or an external store, never in module-level variables.',
  optIn: true,
  run: (ctx) => reportRunPhase(ctx, 'resources', 'DEPLOY-LIGHTWEIGHT'),
});
