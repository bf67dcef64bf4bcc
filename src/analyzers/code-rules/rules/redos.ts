// SEC-CODE: regular expressions that backtrack exponentially (ReDoS), and expressions built from
// request data (a caller chooses the pattern).
import { excerpt, staticString, unwrap, type AstNode } from '../ast.js';
import { screenRegex } from '../regex.js';
import { describeOrigin, firstRequestDerived } from '../taint.js';
import type { CodeRule } from '../walk.js';
import { staticStringOf } from './common.js';

const REMEDIATION =
  'Rewrite the expression so each part of the input can be matched only one way: remove the nested quantifier (e.g. `(\\w+\\s?)*` → `[\\w\\s]*`), ' +
  'make the repeated group start or end with a delimiter the inner part cannot match, or bound the input length before matching.';

export const redosRule: CodeRule = {
  id: 'sec-code/redos',
  // A quantified group (star height > 1 needs one) or a RegExp constructor.
  needs: [')*', ')+', '){', 'RegExp'],
  create(ctx, report) {
    const screen = (node: AstNode, pattern: string, flags: string, how: string): void => {
      const verdict = screenRegex(pattern, flags);
      if (!verdict.unsafe) return;
      report({
        node,
        severity: 'error',
        message: `${how} /${pattern.length > 80 ? `${pattern.slice(0, 79)}…` : pattern}/ has a quantifier inside a repeated group that can match the same text in many ways: a crafted input of a few dozen characters makes matching take exponential time (ReDoS)`,
        remediation: REMEDIATION,
        evidence: excerpt(ctx.source, node),
        data: { pattern, flags },
      });
    };
    const construct = (node: AstNode): void => {
      if (ctx.calleeName(node) !== 'RegExp') return;
      const [patternArg, flagsArg] = node.arguments as AstNode[];
      if (!patternArg) return;
      const flags = staticString(flagsArg) ?? '';
      const pattern = staticStringOf(ctx, patternArg);
      if (pattern !== undefined) return screen(node, pattern, flags, 'the regular expression');
      const literal = unwrap(patternArg);
      if (literal?.type === 'Literal' && literal.regex) return; // new RegExp(/x/): screened as a literal
      const origins = ctx.originsOf(patternArg);
      if (origins.length === 0) return;
      ctx.defer(() => {
        const source = firstRequestDerived(origins);
        if (!source) return;
        report({
          node,
          severity: 'error',
          message: `a regular expression is built from request data (${describeOrigin(source)}): a caller can send a catastrophic pattern (ReDoS) or change what matches`,
          remediation: 'Escape request data before putting it into a pattern (e.g. replace /[.*+?^${}()|[\\]\\\\]/g with "\\\\$&"), or compare strings without regular expressions.',
          evidence: excerpt(ctx.source, node),
          data: { requestDerived: describeOrigin(source) },
        });
      });
    };
    return {
      enter: {
        Literal(node) {
          const regex = node.regex as { pattern: string; flags: string } | undefined;
          if (regex) screen(node, regex.pattern, regex.flags, 'the regular expression');
        },
        NewExpression: construct,
        CallExpression: construct,
      },
    };
  },
};
