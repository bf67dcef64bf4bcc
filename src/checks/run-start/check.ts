// FUNC-RUN (run phase, opt-in with --run): the built application starts with the buildpack's start
// command, PORT=8080 and placeholder configuration, listens on all interfaces, and answers what
// Connect sends it (service: POST endpoint; event: a Pub/Sub push of a ResourceCreated notification;
// job: POST endpoint; healthCheck.path: GET; assets / Merchant Center: GET / of the build output)
// without crashing or hanging, also after a restart. Any HTTP status is accepted for endpoints:
// the placeholder configuration cannot reach commercetools.
import { reportRunPhase } from '../../analyzers/functional/report.js';
import { defineCheck } from '../../engine/types.js';

export default defineCheck({
  id: 'run/start',
  requirement: 'FUNC-RUN',
  title: 'Each application starts on port 8080 and answers Connect\'s requests',
  rationale:
    'Connect runs the start command the buildpack finds and sends requests to the application\'s endpoint on PORT 8080; an application that crashes at start-up, never listens, or hangs on a request is not functional.',
  remediation:
    'Start the application locally after a clean build with only the connect.yaml configuration set (PORT=8080), and send it the request named in the finding.',
  optIn: true,
  run: (ctx) => reportRunPhase(ctx, 'start', 'FUNC-RUN'),
});
