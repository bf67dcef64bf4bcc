import { describe, expect, it } from 'vitest';
import { runCheck, workspaceFromFiles } from '../../engine/testing.js';
import check from './check.js';

const job = (schedule: string) => `deployAs:
  - name: nightly
    applicationType: job
    endpoint: /job
    properties:
      schedule: ${JSON.stringify(schedule)}
`;

async function findingsFor(schedule: string) {
  return (await runCheck(check, workspaceFromFiles({ 'connect.yaml': job(schedule) }))).findings;
}

describe('connect-yaml/cron', () => {
  it.each(['0 0 * * *', '*/15 * * * *', '0 9 * * 1-5', '@daily', '@hourly'])('accepts %j', async (schedule) => {
    expect(await findingsFor(schedule)).toEqual([]);
  });

  it.each([
    ['12345', 'has 1 field'],
    ['*****', 'has 1 field'],
    ['foo 1 2 3 4 5 bar', 'has 7 fields'],
    ['0 0 0 * * *', 'has 6 fields'],
    ['0 0 1 * * MON', 'has 6 fields'],
    ['61 * * * *', 'out of range 0-59'],
    ['0 0 30 2 *', 'never runs'],
    ['@reboot', '"@reboot" does not schedule anything'],
  ])('reports %j, which Connect’s regex lets through', async (schedule, expected) => {
    const findings = await findingsFor(schedule);
    expect(findings.length).toBeGreaterThan(0);
    expect(findings[0]).toMatchObject({ severity: 'error', line: 6, column: 17, application: 'nightly', requirement: 'DEPLOY-SPEC' });
    expect(findings[0]?.message).toContain(expected);
  });

  it('warns on @every', async () => {
    const findings = await findingsFor('@every 1h');
    expect(findings.map((f) => f.severity)).toEqual(['warning']);
  });

  it('leaves schedules the official regex rejects to connect-yaml/schema', async () => {
    expect(await findingsFor('0 0 * * MON')).toEqual([]);
    expect(await findingsFor('every day')).toEqual([]);
  });
});
