// SEC-CODE rules about weak cryptography for secrets: MD5/SHA-1 over passwords and tokens, and
// Math.random() for tokens, secrets and identifiers. Both fire only with evidence that the value is
// a secret (its name or the names it is computed from); MD5 for an ETag or a cache key, Math.random()
// for retry jitter or sampling, are not findings.
import { excerpt, memberPropertyName, staticString, unwrap, type AstNode } from '../ast.js';
import { mentionsSecret, randomNameEvidence } from '../names.js';
import type { Binding } from '../scope.js';
import type { CodeRule, WalkContext } from '../walk.js';
import { mentionedNames, SINKS, upward, valueTarget } from './common.js';

const WEAK_ALGORITHMS: ReadonlySet<string> = new Set(SINKS.weakHashAlgorithms);
const WEAK_HASH_FUNCTIONS: ReadonlySet<string> = new Set(SINKS.weakHashFunctions);

const HASH_REMEDIATION =
  'Store passwords with a slow, salted password hash (crypto.scrypt, argon2 or bcrypt, asynchronously); for tokens and other secrets use SHA-256 or better ' +
  '(crypto.createHash("sha256")), or an HMAC with a secret key. MD5 and SHA-1 are fine only for non-security uses such as ETags or cache keys.';

export const weakHashRule: CodeRule = {
  id: 'sec-code/weak-hash',
  // Every weak algorithm literal (compared lower-cased) and weak hash function holds one of these.
  needs: { caseless: ['md5', 'md4', 'md2', 'sha1', 'sha-1', 'ripemd'] },
  create(ctx, report) {
    /** Hash objects created with a weak algorithm and kept in a variable: `const h = createHash('md5')`. */
    const weakHashes = new Map<Binding, { algorithm: string; node: AstNode }>();
    const flag = (node: AstNode, algorithm: string, evidence: string): void =>
      report({
        node,
        severity: 'error',
        message: `${algorithm.toUpperCase()} is used on a secret (${evidence}); it is fast and broken, so hashes of passwords or tokens can be reversed or collided`,
        remediation: HASH_REMEDIATION,
        evidence: excerpt(ctx.source, node),
        data: { algorithm },
      });
    const secretIn = (names: readonly string[]): string | undefined => names.find((n) => mentionsSecret(n));
    return {
      enter: {
        CallExpression(node) {
          const args = node.arguments as AstNode[];
          const callee = unwrap(node.callee as AstNode);
          // `h.update(password)` on a weak hash kept in a variable
          if (callee?.type === 'MemberExpression' && memberPropertyName(callee) === 'update') {
            const object = unwrap(callee.object as AstNode);
            const binding = object?.type === 'Identifier' ? ctx.lookup(object.name as string) : undefined;
            const weak = binding ? weakHashes.get(binding) : undefined;
            if (weak) {
              const secret = secretIn(mentionedNames(args[0]));
              if (secret !== undefined) flag(node, weak.algorithm, `\`${secret}\``);
            }
            return;
          }
          const name = ctx.calleeName(node);
          if (name === undefined) return;
          let algorithm: string | undefined;
          let data: AstNode[] = [];
          if (name === 'crypto.createHash') {
            algorithm = staticString(args[0])?.toLowerCase();
            if (algorithm === undefined || !WEAK_ALGORITHMS.has(algorithm)) return;
            data = updateArguments(ctx);
            const parent = ctx.parent();
            if (parent?.type === 'VariableDeclarator' && ctx.key() === 'init' && (parent.id as AstNode).type === 'Identifier') {
              const binding = ctx.lookup((parent.id as AstNode).name as string);
              if (binding) weakHashes.set(binding, { algorithm, node });
              if (mentionsSecret((parent.id as AstNode).name as string)) flag(node, algorithm, `the hash is named \`${(parent.id as AstNode).name as string}\``);
              return;
            }
          } else if (name === 'crypto.hash') {
            algorithm = staticString(args[0])?.toLowerCase();
            if (algorithm === undefined || !WEAK_ALGORITHMS.has(algorithm)) return;
            data = args.slice(1, 2);
          } else if (WEAK_HASH_FUNCTIONS.has(name)) {
            algorithm = /sha/i.test(name) ? 'sha1' : 'md5';
            data = args.slice(0, 1);
          } else return;
          const secret = secretIn(data.flatMap((d) => mentionedNames(d)));
          if (secret !== undefined) return flag(node, algorithm, `\`${secret}\``);
          const target = valueTarget(ctx, chainLength(ctx));
          if (target && mentionsSecret(target.name)) flag(node, algorithm, `the result is stored as \`${target.name}\``);
        },
      },
    };
  },
};

/** Arguments of `.update(…)` calls chained on the current call: `createHash('md5').update(a).update(b).digest()`. */
function updateArguments(ctx: WalkContext): AstNode[] {
  const out: AstNode[] = [];
  const steps = [...upward(ctx)];
  for (let i = 0; i + 1 < steps.length; i += 2) {
    const member = steps[i]!;
    const call = steps[i + 1]!;
    if (member.node.type !== 'MemberExpression' || member.key !== 'object' || call.node.type !== 'CallExpression' || call.key !== 'callee') break;
    if (memberPropertyName(member.node) === 'update') out.push(...((call.node.arguments as AstNode[]).slice(0, 1)));
  }
  return out;
}

/** How many ancestors the `.update().digest()` chain above the current call spans (to look past it). */
function chainLength(ctx: WalkContext): number {
  let skip = 0;
  const steps = [...upward(ctx)];
  for (let i = 0; i + 1 < steps.length; i += 2) {
    if (steps[i]!.node.type !== 'MemberExpression' || steps[i]!.key !== 'object' || steps[i + 1]!.node.type !== 'CallExpression' || steps[i + 1]!.key !== 'callee') break;
    skip += 2;
  }
  return skip;
}

export const insecureRandomRule: CodeRule = {
  id: 'sec-code/insecure-random',
  // Math.random, crypto.pseudoRandomBytes.
  needs: 'andom',
  create(ctx, report) {
    return {
      enter: {
        CallExpression(node) {
          const name = ctx.calleeName(node);
          if (name === 'crypto.pseudoRandomBytes') {
            report({
              node,
              severity: 'error',
              message: 'crypto.pseudoRandomBytes() is not a cryptographically secure generator (deprecated alias with no security guarantee)',
              remediation: 'Use crypto.randomBytes(), crypto.randomUUID() or crypto.randomInt().',
              evidence: excerpt(ctx.source, node),
            });
            return;
          }
          if (name !== 'Math.random') return;
          const target = valueTarget(ctx);
          if (!target || target.via === 'jsx-attribute') return;
          const evidence = randomNameEvidence(target.name);
          if (!evidence) return;
          report({
            node,
            severity: 'error',
            message:
              evidence === 'secret'
                ? `Math.random() generates \`${target.name}\`; its output is predictable (V8's xorshift128+ state can be recovered from a few outputs), so the value can be guessed`
                : `Math.random() generates the identifier \`${target.name}\`; it is predictable and collides far sooner than a UUID, so identifiers can be guessed or clash`,
            remediation:
              evidence === 'secret'
                ? 'Use crypto.randomBytes(n).toString("base64url") (Node.js) or crypto.getRandomValues() (browser) for tokens, codes and secrets.'
                : 'Use crypto.randomUUID() for identifiers.',
            evidence: excerpt(ctx.source, node),
            data: { name: target.name, evidence },
          });
        },
      },
    };
  },
};
