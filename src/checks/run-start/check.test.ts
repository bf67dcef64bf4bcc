import { expect } from 'vitest';
import { describeRunPhaseCheck } from '../../analyzers/functional/fixtures/check-suite.js';
import check from './check.js';

describeRunPhaseCheck(check, 'start', (findings) => {
  expect(findings[0]).toMatchObject({ severity: 'error', requirement: 'FUNC-RUN', remediation: 'Fix it.', evidence: 'Error: boom' });
});
