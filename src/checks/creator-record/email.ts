// A sane subset of RFC 5322 addresses (dot-atom local part @ a DNS host name), checked piece by
// piece with anchored, bounded patterns: no regex here can backtrack catastrophically.

/** RFC 5321 limits: whole path 254, local part 64, DNS label 63. */
export const MAX_EMAIL_LENGTH = 254;
export const MAX_LOCAL_PART_LENGTH = 64;
const LOCAL_ATOM = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+$/;
const DNS_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const TOP_LEVEL = /^(?:[A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59})$/;
/** RFC 2606 / 6761 names that never receive mail: a placeholder address left in a config file. */
const RESERVED_DOMAIN = /(?:^|\.)(?:example\.(?:com|org|net)|example|test|invalid|localhost|local)$/i;

/** Why `email` is not a usable address, or undefined when it is. */
export function emailProblem(email: string): string | undefined {
  if (email.length > MAX_EMAIL_LENGTH) return `is longer than ${MAX_EMAIL_LENGTH} characters`;
  if (/\s/.test(email)) return 'contains white space';
  if (/[^\x21-\x7e]/.test(email)) return 'contains non-ASCII or control characters (write an internationalised domain in its xn-- form)';
  const at = email.lastIndexOf('@');
  if (at < 0) return 'has no "@"';
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  if (local.includes('@')) return 'has more than one "@" (quoted local parts are not accepted)';
  if (local === '') return 'has nothing before the "@"';
  if (local.length > MAX_LOCAL_PART_LENGTH) return `has a part before the "@" longer than ${MAX_LOCAL_PART_LENGTH} characters`;
  if (local.split('.').some((atom) => !LOCAL_ATOM.test(atom))) return 'has an invalid part before the "@" (empty dot-separated part or a character outside letters, digits and !#$%&\'*+/=?^_`{|}~-)';
  if (domain === '') return 'has no domain after the "@"';
  const labels = domain.split('.');
  if (labels.length < 2) return `has a domain without a dot ("${domain}")`;
  if (labels.some((label) => !DNS_LABEL.test(label))) return `has an invalid domain ("${domain}")`;
  if (!TOP_LEVEL.test(labels[labels.length - 1]!)) return `has an invalid top-level domain ("${domain}")`;
  if (RESERVED_DOMAIN.test(domain)) return `uses the reserved domain "${domain}", which cannot receive mail (a placeholder?)`;
  return undefined;
}
