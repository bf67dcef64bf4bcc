// FUNC-TESTS (run phase, opt-in with --run): each application's `test` script passes in the sandbox
// with CI=true and no network but loopback, as Connect's validation runs it. Counts (jest, vitest,
// mocha, node:test), duration and coverage are recorded in the runPhase section.
import { reportRunPhase } from '../../analyzers/functional/report.js';
import { defineCheck } from '../../engine/types.js';

export default defineCheck({
  id: 'run/tests',
  requirement: 'FUNC-TESTS',
  title: 'Each application\'s tests pass in the sandbox',
  rationale:
    'Certification asks for unit tests and self-contained integration tests, and Connect\'s validation runs each application\'s test script during the build: failing tests, or tests that need the internet, fail it.',
  remediation:
    'Run the test script with CI=true and the network off; replace calls to real services with local fakes (a loopback server or mocks).',
  optIn: true,
  run: (ctx) => reportRunPhase(ctx, 'tests', 'FUNC-TESTS'),
});
