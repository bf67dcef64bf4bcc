// CREATOR-INFO: the creator record the certification report and vulnerability notices go to.
import { CONFIG_FILE } from '../../engine/config.js';
import { defineCheck } from '../../engine/types.js';
import type { Workspace } from '../../engine/workspace.js';
import { emailProblem } from './email.js';

const HOW_TO_SUPPLY = `supply it with --creator-email <address> or "creator": { "email": "<address>" } in ${CONFIG_FILE}`;

export default defineCheck({
  id: 'creator/record',
  requirement: 'CREATOR-INFO',
  title: 'The creator record has a valid e-mail address',
  rationale:
    'The certification page requires "creator information and contact details": the Connect team e-mails the ' +
    'report of functional errors to the ConnectorStaged creator, and after listing vulnerabilities must be ' +
    'acknowledged within one business day, so the address must exist and be deliverable. The Connect API makes ' +
    'creator.email the one required creator field; name and company are optional there but are how the ' +
    'marketplace names the creator, hence a warning when both are missing. Addresses are checked against a sane ' +
    'RFC 5322 subset (dot-atom local part, DNS host name with a real top-level domain); reserved example/test ' +
    'domains are placeholders and rejected.',
  remediation: `Give the creator's e-mail address: --creator-email, or "creator" in ${CONFIG_FILE} ({ "email": …, "name": …, "company": … }).`,
  run(ctx) {
    const ws = ctx.workspace;
    const { email, name, company } = ws.creator;
    const fromConfig = ws.config.creator?.email !== undefined && ws.config.creator.email === email;
    const where = fromConfig ? { file: CONFIG_FILE, ...lineOf(ws, '"email"') } : {};
    if (email === undefined || email.trim() === '') {
      ctx.report({
        severity: 'error',
        message: `The creator e-mail is missing: ${HOW_TO_SUPPLY}. The Connect team sends the certification report and vulnerability notices to it`,
        ...where,
      });
    } else {
      const problem = emailProblem(email.trim());
      if (problem) {
        ctx.report({
          severity: 'error',
          message: `The creator e-mail "${email}"${fromConfig ? ` (from ${CONFIG_FILE})` : ' (from --creator-email)'} ${problem}; ${HOW_TO_SUPPLY}`,
          ...where,
        });
      }
    }
    // Only once there is a record at all: a missing e-mail already asks for the whole record.
    if (!isBlank(email) && isBlank(name) && isBlank(company)) {
      ctx.report({
        severity: 'warning',
        message: `The creator record names neither a person nor a company: add --creator-name / --creator-company or "name" / "company" under "creator" in ${CONFIG_FILE}`,
        ...(ws.config.creator ? { file: CONFIG_FILE, ...lineOf(ws, '"creator"') } : {}),
      });
    }
  },
});

function isBlank(value: string | undefined): boolean {
  return value === undefined || value.trim() === '';
}

function lineOf(ws: Workspace, needle: string): { line?: number } {
  const text = ws.readText(CONFIG_FILE);
  if (text === undefined) return {};
  const at = text.indexOf(needle);
  return at < 0 ? {} : { line: text.slice(0, at).split('\n').length };
}
