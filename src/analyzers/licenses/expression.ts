// What a package.json `license` field declares, read the way npm reads it: an SPDX expression,
// `UNLICENSED`, or `SEE LICENSE IN <file>`; anything else is invalid, with a suggestion when the
// intent is obvious ("mit", "Apache 2.0"). Shared with the dependency-licence check.
import parse from 'spdx-expression-parse';
import { canonicalLicenseId, spdxLicense } from './identify.js';

export type ExpressionNode = parse.ExpressionNode;
export type LicenseNode = parse.LicenseNode;

export type DeclaredLicense =
  | { kind: 'expression'; expression: string; tree: ExpressionNode; licenses: LicenseNode[] }
  | { kind: 'unlicensed' }
  | { kind: 'see-file'; file: string }
  | { kind: 'invalid'; value: string; reason: string; suggestion?: string };

/** A `license` value longer than this is not an expression (guards the parser against junk). */
export const MAX_EXPRESSION_CHARS = 500;

/** Common non-SPDX spellings npm authors write, keyed by their squashed lower-case form. */
const LOOSE_NAMES: ReadonlyMap<string, string> = new Map([
  ['mit', 'MIT'],
  ['mitlicense', 'MIT'],
  ['themitlicense', 'MIT'],
  ['isc', 'ISC'],
  ['isclicense', 'ISC'],
  ['apache', 'Apache-2.0'],
  ['apache2', 'Apache-2.0'],
  ['apache20', 'Apache-2.0'],
  ['apachelicense2', 'Apache-2.0'],
  ['apachelicense20', 'Apache-2.0'],
  ['apachelicenseversion20', 'Apache-2.0'],
  ['bsd', 'BSD-3-Clause'],
  ['bsd3', 'BSD-3-Clause'],
  ['bsd3clause', 'BSD-3-Clause'],
  ['newbsd', 'BSD-3-Clause'],
  ['bsd2', 'BSD-2-Clause'],
  ['bsd2clause', 'BSD-2-Clause'],
  ['simplifiedbsd', 'BSD-2-Clause'],
  ['gpl', 'GPL-3.0-only'],
  ['gplv2', 'GPL-2.0-only'],
  ['gplv3', 'GPL-3.0-only'],
  ['gpl2', 'GPL-2.0-only'],
  ['gpl3', 'GPL-3.0-only'],
  ['lgpl', 'LGPL-3.0-only'],
  ['mpl', 'MPL-2.0'],
  ['mpl2', 'MPL-2.0'],
  ['mpl20', 'MPL-2.0'],
  ['unlicense', 'Unlicense'],
  ['publicdomain', 'Unlicense'],
  ['cc0', 'CC0-1.0'],
]);

const SEE_LICENSE_IN = /^SEE LICEN[CS]E IN (.+)$/i;

export function parseDeclaredLicense(raw: string): DeclaredLicense {
  const value = raw.trim();
  if (value === '') return { kind: 'invalid', value: raw, reason: 'is empty' };
  if (value.length > MAX_EXPRESSION_CHARS) {
    return { kind: 'invalid', value: `${value.slice(0, 40)}…`, reason: `is ${value.length} characters long; an SPDX expression is a few ids` };
  }
  if (value === 'UNLICENSED') return { kind: 'unlicensed' };
  const see = SEE_LICENSE_IN.exec(value);
  if (see) return { kind: 'see-file', file: see[1]!.trim() };
  try {
    const tree = parse(value);
    return { kind: 'expression', expression: value, tree, licenses: licensesOf(tree) };
  } catch {
    const suggestion = suggestExpression(value);
    const reason = 'is not a valid SPDX licence expression';
    return suggestion ? { kind: 'invalid', value, reason, suggestion } : { kind: 'invalid', value, reason };
  }
}

/** The licence leaves of an expression tree, left to right. */
export function licensesOf(tree: ExpressionNode): LicenseNode[] {
  const out: LicenseNode[] = [];
  const stack: ExpressionNode[] = [tree];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if ('license' in node) out.push(node);
    else stack.push(node.right, node.left);
  }
  return out;
}

/**
 * The licence family of an id: "GPL-2.0", "GPL-2.0-only", "GPL-2.0-or-later" and "GPL-2.0+" all
 * have the same text, so a LICENSE file cannot tell them apart and a declaration of any of them is
 * consistent with it.
 */
export function licenseFamily(id: string): string {
  return id.replace(/\+$/, '').replace(/-(?:only|or-later)$/, '');
}

/** True when `declared` names `identified` among its alternatives or components. */
export function expressionMentions(tree: ExpressionNode, identified: Iterable<string>): boolean {
  const families = new Set([...identified].map(licenseFamily));
  return licensesOf(tree).some((leaf) => families.has(licenseFamily(leaf.license)));
}

/** True when every choice the expression offers is OSI-approved (OR: any operand; AND: all). */
export function expressionIsOsiApproved(tree: ExpressionNode): boolean {
  if ('license' in tree) {
    const id = spdxLicense(tree.license) ? tree.license : (canonicalLicenseId(tree.license) ?? tree.license);
    return spdxLicense(id)?.osiApproved === true || spdxLicense(`${licenseFamily(id)}-only`)?.osiApproved === true;
  }
  const left = expressionIsOsiApproved(tree.left);
  const right = expressionIsOsiApproved(tree.right);
  return tree.conjunction === 'or' ? left || right : left && right;
}

/** A valid expression for a mistyped one ("mit" → "MIT", "Apache 2.0" → "Apache-2.0"), if obvious. */
export function suggestExpression(value: string): string | undefined {
  const exact = canonicalLicenseId(value);
  if (exact) return exact;
  const squashed = value.toLowerCase().replace(/[^a-z0-9]/g, '');
  return LOOSE_NAMES.get(squashed);
}
