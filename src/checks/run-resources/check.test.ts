import { expect } from 'vitest';
import { describeRunPhaseCheck } from '../../analyzers/functional/fixtures/check-suite.js';
import check from './check.js';

describeRunPhaseCheck(check, 'resources', (findings) => {
  expect(findings.map((f) => f.requirement)).toEqual(['DEPLOY-LIGHTWEIGHT', 'DEPLOY-STATELESS']);
});
