import { expect } from 'vitest';
import { describeRunPhaseCheck } from '../../analyzers/functional/fixtures/check-suite.js';
import check from './check.js';

describeRunPhaseCheck(check, 'build', (findings) => {
  expect(findings[0]).toMatchObject({ severity: 'error', requirement: 'FUNC-BUILD', evidence: 'npm ERR! tail', file: 'service/package-lock.json', data: { log: '/runs/x/logs/service-install.log' } });
  expect(findings[1]).toMatchObject({ severity: 'info' });
});
