import { expect } from 'vitest';
import { describeRunPhaseCheck } from '../../analyzers/functional/fixtures/check-suite.js';
import check from './check.js';

describeRunPhaseCheck(check, 'tests', (findings) => {
  expect(findings[0]).toMatchObject({ severity: 'error', requirement: 'FUNC-TESTS', evidence: '# fail 1', data: { log: '/runs/x/logs/service-test.log' } });
});
