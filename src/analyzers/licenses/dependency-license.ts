// What a dependency's declared licence means for DEPLOY-OSS-LIBS. The declaration (package.json
// `license`, the legacy `license: {type}` object or `licenses: [{type}]` array, or what a lock file
// recorded) is read as an SPDX expression and evaluated as a whole: OR offers a choice, so the
// best operand counts (`(MIT OR GPL-3.0)` is permissive); AND imposes every operand, so the worst
// counts (`MIT AND GPL-3.0` is copyleft); WITH an exception can lift copyleft for linking.
// Deprecated ids (`GPL-2.0`, `GPL-2.0+`) are valid and kept; lower-case ids and common non-SPDX
// names (`Apache 2.0`, `MIT/X11`, `BSD*`) are corrected with spdx-correct, operand by operand, so a
// correction never drops a licence from an expression (spdx-correct alone turns
// `MIT OR Apache-2.0 OR foo` into `Apache-2.0`, and `UNLICENSED` into `Unlicense`).
import { createRequire } from 'node:module';
import parse from 'spdx-expression-parse';
import { licenseFamily, suggestExpression, type ExpressionNode, type LicenseNode } from './expression.js';
import { canonicalLicenseId, spdxLicense } from './identify.js';
import {
  CATEGORY_RANK,
  LINKING_EXCEPTIONS,
  OPEN_NON_OSI,
  PUBLIC_DOMAIN_TEXT,
  STRONG_COPYLEFT_FAMILIES,
  WEAK_COPYLEFT_FAMILIES,
  type LicenseCategory,
} from './policy.js';

const require = createRequire(import.meta.url);
type SpdxCorrect = (value: string, options?: { upgrade?: boolean }) => string | null;
/** Loaded on first use (it builds its tables on load, ~15 ms): most licences are exact SPDX ids. */
let spdxCorrect: SpdxCorrect | undefined;
let exceptionIds: Map<string, string> | undefined;

/** The SPDX exception id spelled as listed (`llvm-exception` → `LLVM-exception`). */
function canonicalExceptionId(id: string): string | undefined {
  // spdx-exceptions is spdx-expression-parse's own list; load it from there (not a direct dependency).
  const fromParser = createRequire(require.resolve('spdx-expression-parse'));
  exceptionIds ??= new Map((fromParser('spdx-exceptions') as string[]).map((e) => [e.toLowerCase(), e]));
  return exceptionIds.get(id.toLowerCase());
}

/** Declarations longer than this are not licence expressions (keeps the parser away from junk). */
export const MAX_DECLARED_LICENSE_CHARS = 500;

export interface LicenseLeaf {
  /** SPDX id as evaluated (with `+` when the expression has it). */
  id: string;
  exception?: string;
  category: LicenseCategory;
}

export interface LicenseEvaluation {
  /** The declaration as text (legacy objects and arrays flattened); undefined when none. */
  declared?: string;
  /** The SPDX expression evaluated, when there is one. */
  expression?: string;
  /** The expression is a correction of the declaration (case, spelling, legacy list). */
  corrected: boolean;
  category: LicenseCategory;
  /** The licences that decide the category (the worst of an AND, the best of an OR). */
  deciding: LicenseLeaf[];
  /** Why, in words that complete "<package> …" (e.g. `declares "GPL-3.0-only", which is strong copyleft`). */
  reason: string;
}

const SEE_LICENSE_IN = /^SEE LICEN[CS]E IN\s+(.+)$/i;
const OPERATOR = /^(AND|OR|WITH)$/i;

/** Flattens what package.json / lock files hold into one declaration string. */
export function declaredLicenseText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) {
    const parts = value.map((v) => declaredLicenseText(v)).filter((v): v is string => v !== undefined && v.trim() !== '');
    if (parts.length === 0) return undefined;
    // The legacy `licenses` array lists alternatives the author offers.
    return parts.length === 1 ? parts[0] : parts.map((p) => (/\s/.test(p.trim()) ? `(${p.trim()})` : p.trim())).join(' OR ');
  }
  if (typeof value === 'object' && value !== null) {
    const type = (value as { type?: unknown }).type;
    if (typeof type === 'string') return type;
  }
  return undefined;
}

/** Distinct declarations remembered (a lock file repeats a few dozen: `MIT` a thousand times). */
export const MAX_REMEMBERED_EVALUATIONS = 5_000;
const evaluations = new Map<string, Readonly<LicenseEvaluation>>();

/** Evaluates a declared licence (any of the forms `declaredLicenseText` reads). */
export function evaluateDeclaredLicense(value: unknown): LicenseEvaluation {
  const declared = declaredLicenseText(value);
  if (declared === undefined) return evaluateDeclaration(undefined);
  let known = evaluations.get(declared);
  if (!known) {
    if (evaluations.size >= MAX_REMEMBERED_EVALUATIONS) evaluations.clear();
    evaluations.set(declared, (known = evaluateDeclaration(declared)));
  }
  return { ...known, deciding: known.deciding.map((d) => ({ ...d })) };
}

function evaluateDeclaration(declared: string | undefined): LicenseEvaluation {
  if (declared === undefined || declared.trim() === '') {
    return { corrected: false, category: 'unknown', deciding: [], reason: 'declares no licence' };
  }
  const text = declared.trim();
  const quoted = JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);
  if (text.length > MAX_DECLARED_LICENSE_CHARS) {
    return { declared, corrected: false, category: 'unknown', deciding: [], reason: `declares ${quoted}, which is not an SPDX licence expression` };
  }
  if (/^UNLICENSED$/i.test(text)) {
    return { declared, corrected: false, category: 'proprietary', deciding: [], reason: 'is "UNLICENSED" (not licensed for use by others)' };
  }
  const see = SEE_LICENSE_IN.exec(text);
  if (see) {
    return { declared, corrected: false, category: 'custom', deciding: [], reason: `says ${quoted}: custom terms in a file of the package, which nobody has checked` };
  }
  if (PUBLIC_DOMAIN_TEXT.test(text)) {
    return { declared, corrected: false, category: 'open', deciding: [], reason: `declares ${quoted}, which is open but not an OSI-approved licence` };
  }
  const found = toExpression(text);
  if (!found) {
    return { declared, corrected: false, category: 'unknown', deciding: [], reason: `declares ${quoted}, which is not an SPDX licence expression` };
  }
  const result = evaluateTree(found.tree);
  const shown = found.corrected ? `${quoted} (read as "${found.expression}")` : quoted;
  return {
    declared,
    expression: found.expression,
    corrected: found.corrected,
    category: result.category,
    deciding: result.deciding,
    reason: reasonFor(result.category, shown, result.deciding, found.tree),
  };
}

interface FoundExpression {
  expression: string;
  tree: ExpressionNode;
  corrected: boolean;
}

/** The SPDX expression a declaration means, when it can be read as one. */
export function toExpression(text: string): FoundExpression | undefined {
  const direct = tryParse(text);
  if (direct) return { expression: text, tree: direct, corrected: false };
  // Operand by operand: `mit`, `(mit or apache-2.0)`, `Apache 2.0 OR MIT`.
  const operands = correctOperands(text);
  if (operands) return operands;
  // Legacy lists of alternatives: `MIT/X11`, `MIT, Apache2`, `BSD; GPL`.
  const parts = text.split(/\s*[/,;|]\s*/).filter((p) => p !== '');
  if (parts.length > 1) {
    const corrected = parts.map((part) => correctOperand(part));
    if (corrected.every((c): c is string => c !== undefined)) {
      const expression = corrected.length === 1 ? corrected[0]! : corrected.join(' OR ');
      const tree = tryParse(expression);
      if (tree) return { expression, tree, corrected: true };
    }
  }
  if (!/\s(AND|OR|WITH)\s/i.test(` ${text} `)) {
    const whole = correctOperand(text, true);
    const tree = whole ? tryParse(whole) : undefined;
    if (whole && tree) return { expression: whole, tree, corrected: true };
  }
  return undefined;
}

function correctOperands(text: string): FoundExpression | undefined {
  // Split on parentheses and operators, keeping them; everything between is one operand.
  const tokens = text.split(/(\(|\)|\s+(?:AND|OR|WITH)\s+)/i).filter((t) => t !== undefined && t.trim() !== '');
  if (tokens.length === 0) return undefined;
  const out: string[] = [];
  let previous = '';
  for (const raw of tokens) {
    const token = raw.trim();
    if (token === '(' || token === ')') out.push(token);
    else if (OPERATOR.test(token)) out.push(` ${token.toUpperCase()} `);
    else {
      // The operand after WITH is an exception id, not a licence.
      const corrected = previous === 'WITH' ? (canonicalExceptionId(token) ?? token) : correctOperand(token);
      if (corrected === undefined) return undefined;
      out.push(corrected);
    }
    previous = OPERATOR.test(token) ? token.toUpperCase() : token;
  }
  const expression = out.join('').replace(/\s+/g, ' ').replace(/\( /g, '(').replace(/ \)/g, ')').trim();
  const tree = tryParse(expression);
  return tree ? { expression, tree, corrected: expression !== text } : undefined;
}

/**
 * One licence name as an SPDX id: exact, case-corrected, a known loose name, or spdx-correct's
 * guess. A name with list separators (`MIT/X11`) is left to the list reading unless `whole`.
 */
function correctOperand(operand: string, whole = false): string | undefined {
  const value = operand.trim();
  if (value === '' || /^UNLICENSED$/i.test(value)) return undefined;
  if (!whole && /[/,;|]/.test(value)) return undefined;
  if (tryParse(value) && !/\s/.test(value)) return value;
  const plus = value.endsWith('+') ? '+' : '';
  const canonical = canonicalLicenseId(plus ? value.slice(0, -1) : value);
  if (canonical) return `${canonical}${plus}`;
  const loose = suggestExpression(value);
  if (loose) return loose;
  spdxCorrect ??= require('spdx-correct') as SpdxCorrect;
  const guessed = spdxCorrect(value.replace(/\*$/, ''), { upgrade: false });
  return guessed === null || /\s/.test(guessed) ? undefined : guessed;
}

function tryParse(text: string): ExpressionNode | undefined {
  try {
    return parse(text);
  } catch {
    return undefined;
  }
}

/** Category of one licence id (with its exception). */
export function classifyLicenseId(id: string, exception?: string): LicenseCategory {
  if (/^(LicenseRef|DocumentRef)-/.test(id)) return 'custom';
  const family = licenseFamily(id);
  if (STRONG_COPYLEFT_FAMILIES.has(family)) {
    return exception !== undefined && LINKING_EXCEPTIONS.has(exception) ? 'weak-copyleft' : 'strong-copyleft';
  }
  if (WEAK_COPYLEFT_FAMILIES.has(family)) return 'weak-copyleft';
  const info = spdxLicense(id.replace(/\+$/, '')) ?? spdxLicense(`${family}-only`) ?? spdxLicense(family);
  if (info?.osiApproved) return 'osi';
  if (OPEN_NON_OSI.has(id) || OPEN_NON_OSI.has(family)) return 'open';
  return 'not-osi';
}

function evaluateTree(tree: ExpressionNode): { category: LicenseCategory; deciding: LicenseLeaf[] } {
  if ('license' in tree) {
    const leaf: LicenseLeaf = { id: `${tree.license}${tree.plus ? '+' : ''}`, category: classifyLicenseId(tree.license, tree.exception) };
    if (tree.exception !== undefined) leaf.exception = tree.exception;
    return { category: leaf.category, deciding: [leaf] };
  }
  const left = evaluateTree(tree.left);
  const right = evaluateTree(tree.right);
  const l = CATEGORY_RANK[left.category];
  const r = CATEGORY_RANK[right.category];
  if (l === r) return { category: left.category, deciding: [...left.deciding, ...right.deciding] };
  const pickLeft = tree.conjunction === 'or' ? l < r : l > r;
  return pickLeft ? left : right;
}

const CATEGORY_WORDS: Record<LicenseCategory, string> = {
  osi: 'an OSI-approved licence',
  open: 'open but not OSI-approved',
  'weak-copyleft': 'weak copyleft',
  'strong-copyleft': 'strong copyleft',
  'not-osi': 'not an open-source (OSI-approved) licence',
  custom: 'a custom licence reference',
  proprietary: 'proprietary',
  unknown: 'not a known licence',
};

function reasonFor(category: LicenseCategory, shown: string, deciding: LicenseLeaf[], tree: ExpressionNode): string {
  const single = 'license' in tree;
  const ids = deciding.map((d) => (d.exception ? `${d.id} WITH ${d.exception}` : d.id));
  const words = CATEGORY_WORDS[category];
  if (single) return `declares ${shown}, which is ${words}`;
  const because = ids.length === 1 ? ids[0]! : ids.join(', ');
  const conjunction = category === 'osi' ? '' : tree.conjunction === 'and' ? `; every licence of an AND applies, and ${because} is ${words}` : `; every alternative is at best ${words} (${because})`;
  return `declares ${shown}${conjunction || `, which is ${words}`}`;
}
