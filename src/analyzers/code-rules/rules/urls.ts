// SEC-URLS in code: URL literals (http, https, ws, wss) in string literals and templates, classified
// by host (urls.ts) and by use: hardcoded → error; only the fallback of a configuration read (also
// through a constant used only that way) → warning; localhost in development-only code → warning;
// documentation links, comparisons, error/log messages → info; namespaces, placeholders, parse
// bases (`new URL(path, 'http://localhost')`) → nothing. Comments never reach the AST.
import { dottedName, excerpt, jsxAttributeName, memberPropertyName, propertyKeyName, staticString, unwrap, type AstNode } from '../ast.js';
import type { Binding } from '../scope.js';
import type { Severity } from '../../../engine/types.js';
import type { CodeRule, HitInput, WalkContext } from '../walk.js';
import {
  classifyHost,
  commercetoolsVariableFor,
  DOCUMENTATION_KEYS,
  findUrls,
  isInProse,
  isXmlNamespaceAttribute,
  NAMESPACE_KEYS,
  SUBSTITUTION,
  URL_REMEDIATION,
  type FoundUrl,
} from '../urls.js';
import { inDevelopmentBranch, isConfigurationFallback, isDevelopmentOnlyPath, logCallOf, upward } from './common.js';

export type UrlUse =
  | 'hardcoded'
  | 'commercetools'
  | 'fallback'
  | 'templated-host'
  | 'localhost'
  | 'development-localhost'
  | 'documentation'
  | 'comparison'
  | 'message';

/** Methods whose string argument is compared with something, not requested. */
const COMPARING_METHODS: ReadonlySet<string> = new Set([
  'startsWith', 'endsWith', 'includes', 'indexOf', 'lastIndexOf', 'match', 'matchAll', 'search', 'replace', 'replaceAll', 'split', 'test', 'localeCompare',
]);
const NAMESPACE_METHODS = /NS$|^lookupPrefix$|^isDefaultNamespace$|^createDocument$/;
const MARKUP_TAGS = /^(?:css|styled|gql|graphql|html|svg|sql|md|markdown|dedent|keyframes|createGlobalStyle)$/;

type UseContext = 'namespace' | 'documentation' | 'comparison' | 'message' | 'parse-base' | 'pattern' | 'link' | undefined;

/** How the literal at the current node is used, looking up through concatenations and wrappers. */
function useContext(ctx: WalkContext, literal: AstNode, host: string): UseContext {
  let steps = 0;
  let child = literal;
  for (const { node, key } of upward(ctx)) {
    const from = child;
    child = node;
    if (++steps > 12) return undefined;
    switch (node.type) {
      case 'TemplateLiteral':
      case 'TSAsExpression':
      case 'TSSatisfiesExpression':
      case 'TSNonNullExpression':
      case 'ParenthesizedExpression':
      case 'ArrayExpression':
      case 'LogicalExpression':
      case 'JSXExpressionContainer':
        continue;
      case 'ConditionalExpression':
        if (key === 'test') return undefined;
        continue;
      case 'BinaryExpression':
        if (node.operator === '+') continue;
        if (['===', '!==', '==', '!='].includes(node.operator as string)) return 'comparison';
        return undefined;
      case 'SwitchCase':
        return key === 'test' ? 'comparison' : undefined;
      case 'Property': {
        if (key !== 'value') return undefined;
        const name = propertyKeyName(node);
        if (name === undefined) return undefined;
        if (NAMESPACE_KEYS.has(name) || name.startsWith('xmlns')) return 'namespace';
        // Content-Security-Policy directives (`connect-src`, helmet's `connectSrc`) list allowed origins, they request nothing.
        if (/(?:^|-)src$|[a-z]Src$|^csp$|^contentSecurityPolicy$/.test(name)) return 'namespace';
        if (DOCUMENTATION_KEYS.has(name.toLowerCase())) return 'documentation';
        return undefined;
      }
      case 'JSXAttribute': {
        const name = jsxAttributeName(node);
        if (name.startsWith('xmlns')) return 'namespace';
        return name === 'href' ? 'link' : undefined;
      }
      case 'ThrowStatement':
        return 'message';
      case 'NewExpression':
      case 'CallExpression': {
        if (key !== 'arguments') return undefined;
        const callee = unwrap(node.callee as AstNode);
        const name = callee?.type === 'MemberExpression' ? memberPropertyName(callee) : callee?.type === 'Identifier' ? (callee.name as string) : undefined;
        if (name === undefined) return undefined;
        if (name === 'RegExp') return 'pattern';
        if (NAMESPACE_METHODS.test(name)) return 'namespace';
        if (callee?.type === 'MemberExpression' && COMPARING_METHODS.has(name)) return 'comparison';
        if (/(?:Error|Exception)$/.test(name)) return 'message';
        if (node.type === 'CallExpression' && logCallOf(ctx, node)) return 'message';
        if (name === 'URL' && node.type === 'NewExpression') {
          const args = node.arguments as AstNode[];
          // `new URL(request.url, 'http://localhost')`: a base to parse a path against, never requested.
          if (args[1] === from && staticString(args[0]) === undefined && isParseBase(host)) return 'parse-base';
          continue;
        }
        if (name === 'String' || name === 'encodeURI') continue;
        return undefined;
      }
      default:
        return undefined;
    }
  }
  return undefined;
}

function isParseBase(host: string): boolean {
  return classifyHost(host, '') === 'loopback' || !host.includes('.');
}

interface ConstantCandidate {
  binding: Binding;
  hit: HitInput;
  references: boolean[];
}

/** The const a literal initialises (through wrappers), when the declaration is not exported. */
function initialisedConstant(ctx: WalkContext): Binding | undefined {
  let steps = 0;
  for (const { node, key, index } of upward(ctx)) {
    if (++steps > 6) return undefined;
    if (node.type === 'TSAsExpression' || node.type === 'TSSatisfiesExpression' || node.type === 'ParenthesizedExpression') continue;
    if (node.type !== 'VariableDeclarator' || key !== 'init' || (node.id as AstNode).type !== 'Identifier') return undefined;
    const declaration = ctx.ancestors[index - 1];
    if (declaration?.kind !== 'const' || ctx.ancestors[index - 2]?.type === 'ExportNamedDeclaration') return undefined;
    return ctx.lookup((node.id as AstNode).name as string);
  }
  return undefined;
}

export const urlRule: CodeRule = {
  id: 'sec/urls',
  // findUrls() looks only at text holding `://`.
  needs: '://',
  create(ctx, report) {
    const developmentFile = isDevelopmentOnlyPath(ctx.file);
    const constants = new Map<Binding, ConstantCandidate[]>();

    const classify = (node: AstNode, text: string, found: FoundUrl): void => {
      const hostClass = classifyHost(found.host, found.url);
      if (hostClass === 'namespace' || hostClass === 'placeholder') return;
      if (isXmlNamespaceAttribute(text, found)) return;
      const use = useContext(ctx, node, found.host);
      if (use === 'namespace' || use === 'pattern' || use === 'parse-base') return;
      const shown = found.url.replaceAll(SUBSTITUTION, '${…}');
      const raw = ctx.source.slice(node.start, node.end);
      const head = found.url.split(SUBSTITUTION)[0]!;
      const at = Math.max(0, raw.indexOf(head));
      const place = { start: node.start + at, end: node.start + at + head.length };
      const hit = (severity: Severity, kind: UrlUse, message: string, remediation: string): HitInput => ({
        ...place,
        severity,
        message,
        remediation,
        evidence: excerpt(ctx.source, node),
        data: { url: shown, host: found.host.replaceAll(SUBSTITUTION, '${…}'), use: kind },
      });
      if (use === 'comparison') return report(hit('info', 'comparison', `URL ${shown} is compared with a value, not requested`, URL_REMEDIATION.documentation));
      if (use === 'message' || use === 'documentation' || use === 'link') {
        return report(hit('info', use === 'message' ? 'message' : 'documentation', `URL ${shown} appears in ${use === 'message' ? 'an error or log message' : 'documentation text or a link'}`, URL_REMEDIATION.documentation));
      }
      if (isInProse(text, found) || hostClass === 'documentation') {
        return report(hit('info', 'documentation', `URL ${shown} is a documentation link or part of a text`, URL_REMEDIATION.documentation));
      }
      const fallback = isConfigurationFallback(ctx);
      let result: HitInput;
      if (hostClass === 'loopback') {
        if (developmentFile || inDevelopmentBranch(ctx)) result = hit('warning', 'development-localhost', `local development URL ${shown} in development-only code`, URL_REMEDIATION.development);
        else if (fallback) result = hit('warning', 'fallback', `local URL ${shown} is the fallback of a configuration read`, URL_REMEDIATION.fallback);
        else result = hit('error', 'localhost', `hardcoded local URL ${shown}: in a Connect deployment nothing else listens on this machine`, URL_REMEDIATION.development);
      } else if (fallback) {
        result = hit('warning', 'fallback', `URL ${shown} is hardcoded as the fallback of a configuration read`, URL_REMEDIATION.fallback);
      } else if (hostClass === 'templated') {
        result = hit('warning', 'templated-host', `URL ${shown} builds its host from a hardcoded pattern`, URL_REMEDIATION.templated);
      } else if (hostClass === 'commercetools') {
        result = hit('error', 'commercetools', `hardcoded commercetools URL ${shown}; it must come from ${commercetoolsVariableFor(found.host)}`, URL_REMEDIATION.commercetools);
      } else {
        result = hit('error', 'hardcoded', `hardcoded URL ${shown}`, URL_REMEDIATION.hardcoded);
      }
      // `const DEFAULT_URL = '…'` used only as `process.env.X ?? DEFAULT_URL`: decided once all references are seen.
      const constant = result.severity === 'error' ? initialisedConstant(ctx) : undefined;
      if (constant) {
        const list = constants.get(constant) ?? [];
        list.push({ binding: constant, hit: result, references: [] });
        constants.set(constant, list);
        return;
      }
      report(result);
    };

    return {
      enter: {
        Literal(node) {
          const value = node.value;
          if (typeof value !== 'string' || !value.includes('://')) return;
          const parent = ctx.parent();
          const key = ctx.key();
          if (!parent) return;
          if (key === 'source' || parent.type === 'TSExternalModuleReference' || parent.type === 'ImportAttribute') return;
          if ((parent.type === 'Property' || parent.type === 'PropertyDefinition' || parent.type === 'MethodDefinition') && key === 'key') return;
          if (parent.type === 'MemberExpression' && key === 'property') return;
          if (parent.type === 'ExpressionStatement' && parent.directive) return;
          if (parent.type === 'CallExpression' && unwrap(parent.callee as AstNode)?.type === 'Identifier' && (unwrap(parent.callee as AstNode) as AstNode).name === 'require') return;
          for (const found of findUrls(value)) classify(node, value, found);
        },
        TemplateLiteral(node) {
          const parent = ctx.parent();
          if (parent?.type === 'TaggedTemplateExpression') {
            const tag = dottedName(parent.tag as AstNode) ?? '';
            const last = tag.split('.').pop() ?? '';
            if (MARKUP_TAGS.test(last) || tag.startsWith('styled')) return;
          }
          const quasis = node.quasis as AstNode[];
          const expressions = node.expressions as AstNode[];
          let skeleton = '';
          quasis.forEach((q, i) => {
            skeleton += (q.value.cooked as string | null) ?? '';
            if (i < expressions.length) skeleton += staticString(expressions[i]) ?? SUBSTITUTION;
          });
          for (const found of findUrls(skeleton)) classify(node, skeleton, found);
        },
        Identifier(node) {
          if (constants.size === 0) return;
          const binding = ctx.lookup(node.name as string);
          if (!binding) return;
          const candidates = constants.get(binding);
          if (!candidates || node === binding.id) return;
          const parent = ctx.parent();
          const key = ctx.key();
          if (parent?.type === 'MemberExpression' && key === 'property' && !parent.computed) return;
          if ((parent?.type === 'Property' || parent?.type === 'PropertyDefinition' || parent?.type === 'MethodDefinition') && key === 'key' && !parent.computed && !parent.shorthand) return;
          const fallback = isConfigurationFallback(ctx);
          for (const c of candidates) c.references.push(fallback);
        },
      },
      finish() {
        for (const list of constants.values()) {
          for (const c of list) {
            const onlyFallback = c.references.length > 0 && c.references.every(Boolean);
            if (!onlyFallback) {
              report(c.hit);
              continue;
            }
            const data = { ...(c.hit.data ?? {}), use: 'fallback', constant: c.binding.name };
            report({
              ...c.hit,
              severity: 'warning',
              message: `URL ${String(c.hit.data?.url)} (constant \`${c.binding.name}\`) is only used as the fallback of a configuration read`,
              remediation: URL_REMEDIATION.fallback,
              data,
            });
          }
        }
      },
    };
  },
};
