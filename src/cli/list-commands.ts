// `connect-certify checks` and `connect-certify requirements`: the rule book, from the registry itself.
import { loadChecks } from '../engine/registry.js';
import { REQUIREMENTS, requirementOf } from '../engine/requirements.js';
import { EXIT_OK } from './exit-codes.js';

export async function runListChecks(format: 'text' | 'json'): Promise<number> {
  const checks = await loadChecks();
  if (format === 'json') {
    const rows = checks.map(({ id, requirement, title, rationale, remediation, optIn }) => ({
      id,
      requirement,
      level: requirementOf(requirement).level,
      title,
      rationale,
      remediation,
      optIn: optIn ?? false,
    }));
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return EXIT_OK;
  }
  const lines: string[] = [];
  for (const check of checks) {
    lines.push(`${check.id}  [${check.requirement}, ${requirementOf(check.requirement).level}]${check.optIn ? ' (opt-in)' : ''}`);
    lines.push(`  ${check.title}`);
    lines.push(`  why: ${check.rationale}`);
    lines.push(`  fix: ${check.remediation}`);
    lines.push('');
  }
  lines.push(`${checks.length} checks.`);
  process.stdout.write(`${lines.join('\n')}\n`);
  return EXIT_OK;
}

export function runListRequirements(format: 'text' | 'json'): number {
  if (format === 'json') {
    process.stdout.write(`${JSON.stringify(REQUIREMENTS, null, 2)}\n`);
    return EXIT_OK;
  }
  let group = '';
  const lines: string[] = [];
  for (const r of REQUIREMENTS) {
    if (r.group !== group) {
      group = r.group;
      lines.push('', group);
    }
    lines.push(`  ${r.code.padEnd(22)} ${r.level.padEnd(7)} ${r.title}`);
  }
  process.stdout.write(`${lines.join('\n').trimStart()}\n`);
  return EXIT_OK;
}
