import { describe, expect, it } from 'vitest';
import { runCheck, workspaceFromFiles } from '../../engine/testing.js';
import check from './check.js';
import { emailProblem } from './email.js';

const files = { 'README.md': '# x\n' };

describe('creator/record', () => {
  it('passes a valid e-mail with a name or company', async () => {
    const ws = workspaceFromFiles(files, { creator: { email: 'dev@acme-payments.io', company: 'Acme Payments' } });
    const run = await runCheck(check, ws);
    expect(run.findings).toEqual([]);
  });

  it('reports a missing e-mail and says how to supply it', async () => {
    const run = await runCheck(check, workspaceFromFiles(files, { creator: { name: 'Jane' } }));
    expect(run.findings).toHaveLength(1);
    expect(run.findings[0]).toMatchObject({ severity: 'error', requirement: 'CREATOR-INFO' });
    expect(run.findings[0]!.message).toContain('--creator-email');
    expect(run.findings[0]!.message).toContain('.connect-certify.json');
  });

  it('reports only the missing e-mail when there is no creator record at all', async () => {
    const run = await runCheck(check, workspaceFromFiles(files));
    expect(run.findings.map((f) => f.severity)).toEqual(['error']);
  });

  it('reports an invalid e-mail from the config file at its line', async () => {
    const config = '{\n  "creator": {\n    "email": "jane.doe@@acme",\n    "company": "Acme"\n  }\n}\n';
    const creator = { email: 'jane.doe@@acme', company: 'Acme' };
    const ws = workspaceFromFiles({ ...files, '.connect-certify.json': config }, { config: { creator }, creator });
    const run = await runCheck(check, ws);
    expect(run.findings).toHaveLength(1);
    expect(run.findings[0]).toMatchObject({ file: '.connect-certify.json', line: 3 });
    expect(run.findings[0]!.message).toContain('(from .connect-certify.json) has more than one "@"');
  });

  it('reports an invalid e-mail given on the command line without a file', async () => {
    const run = await runCheck(check, workspaceFromFiles(files, { creator: { email: 'jane@example.com', name: 'Jane' } }));
    expect(run.findings).toHaveLength(1);
    expect(run.findings[0]!.file).toBeUndefined();
    expect(run.findings[0]!.message).toContain('(from --creator-email) uses the reserved domain "example.com"');
  });

  it('warns when the record names neither a person nor a company', async () => {
    const run = await runCheck(check, workspaceFromFiles(files, { creator: { email: 'dev@acme.io' } }));
    expect(run.findings).toHaveLength(1);
    expect(run.findings[0]).toMatchObject({ severity: 'warning' });
  });
});

describe('e-mail validation', () => {
  it.each(['dev@acme.io', 'first.last+tag@mail.acme-payments.co.uk', "o'brien@acme.ie", 'x@xn--bcher-kva.example.de', 'a_b@sub.domain.travel'])(
    'accepts %s',
    (email) => {
      expect(emailProblem(email)).toBeUndefined();
    },
  );

  it.each([
    ['dev', 'has no "@"'],
    ['@acme.io', 'nothing before'],
    ['dev@', 'no domain'],
    ['dev@acme', 'without a dot'],
    ['dev..x@acme.io', 'invalid part before'],
    ['.dev@acme.io', 'invalid part before'],
    ['dev@-acme.io', 'invalid domain'],
    ['dev@acme..io', 'invalid domain'],
    ['dev@acme.c', 'top-level'],
    ['dev@acme.123', 'top-level'],
    ['d ev@acme.io', 'white space'],
    ['dév@acme.io', 'non-ASCII'],
    ['a@b@c.io', 'more than one'],
    ['someone@test', 'without a dot'],
    ['someone@shop.test', 'reserved'],
    ['someone@localhost.localhost', 'reserved'],
    [`${'a'.repeat(65)}@acme.io`, 'longer than 64'],
    [`a@${'b'.repeat(250)}.io`, 'longer than 254'],
  ])('rejects %s (%s)', (email, reason) => {
    expect(emailProblem(email)).toContain(reason);
  });

  it('stays fast on hostile input (no catastrophic backtracking)', () => {
    expect(emailProblem(`${'a.'.repeat(30)}@${'a-'.repeat(60)}`)).toBeDefined();
    expect(emailProblem(`x@${'a'.repeat(62)}!.io`)).toBeDefined();
  });
});
