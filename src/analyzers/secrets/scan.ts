// The secret scanner: `scanText(path, text)` runs the rules of rules.ts over one file and returns
// redacted matches. Work per file: one case-insensitive pass for all rule keywords together
// (keywords.ts); only the lines where a keyword occurs are then examined, and only by the rules
// that keyword belongs to. Assignment rules first look at the name in place and parse a value only
// when some rule wants that name. Rules whose expression cannot be tied to a keyword run over the
// whole file, and only when the file contains one of their file keywords.
import { characterClasses, charsetOf, expectedEntropy, shannonEntropy } from './entropy.js';
import { buildAutomaton, findKeywords, type KeywordAutomaton, type KeywordHits } from '../text/keyword-automaton.js';
import {
  classifyPath,
  hasLineLongerThan,
  looksBinary,
  MINIFIED_LINE_LENGTH,
  mayBeMinified,
  type FileClass,
  type SecretContext,
  type Syntax,
} from './files.js';
import {
  containsPlaceholderWord,
  isEnvironmentVariableName,
  isDottedReference,
  isIdentifierLike,
  isPasswordHash,
  isWordsOnly,
  placeholderReason,
} from './placeholders.js';
import { fingerprintOf, redact } from './redact.js';
import {
  NON_SECRET_KEY_PREFIXES,
  NON_SECRET_KEY_WORDS,
  NON_SECRET_KEY_SUFFIXES,
  SECRET_RULES,
  type AssignmentRule,
  type PatternRule,
  type RuleSeverity,
  type SecretRule,
} from './rules.js';
import { VALIDATORS } from './validators.js';

export interface SecretMatch {
  ruleId: string;
  provider: string;
  description: string;
  /** The rule's severity; checks lower it for tests and fixtures. */
  severity: RuleSeverity;
  file: string;
  /** 1-based position of the secret. */
  line: number;
  column: number;
  endColumn: number;
  /** The variable or key the secret is assigned to, when there is one. */
  key?: string;
  /** First characters, an ellipsis and the length: enough to recognise, never enough to use. */
  redacted: string;
  /** Stable identity of (rule, secret) for baselines and suppressions; see redact.ts. */
  fingerprint: string;
  length: number;
  /** The line with every secret on it replaced by its redacted form, shortened. */
  evidence: string;
  context: SecretContext;
  inTest: boolean;
}

export interface AllowList {
  /** Fingerprints (as reported) of secrets that are accepted. */
  fingerprints?: Iterable<string>;
  /** A secret matching any of these is accepted. */
  patterns?: readonly RegExp[];
}

export interface ScanOptions {
  rules?: readonly SecretRule[];
  allow?: AllowList;
  /** classifyPath(path), when the caller has it already (a whole-repository scan classifies every path first). */
  fileClass?: FileClass;
}

export interface FileScan {
  matches: SecretMatch[];
  mode: FileClass['mode'];
  /** Why the file was skipped or only scanned for provider formats. */
  note?: string;
  /** Secrets found but accepted by the allow-list. */
  allowed: number;
}

/** Longest line the assignment parser reads; longer lines are data blobs, not hand-written config. */
export const MAX_ASSIGNMENT_LINE = 16 * 1024;
/** Longest value considered a secret (JWTs and key blobs reach a few KB); longer strings are documents. */
export const MAX_VALUE_LENGTH = 4096;
/** Longest unquoted value: an unquoted run longer than this is data, not a setting. */
export const MAX_UNQUOTED_VALUE_LENGTH = 512;
/**
 * A rule matching more often than this on one line is looking at data (a dump, a generated table),
 * not at hand-written secrets; the rest of the line is not examined for that rule.
 */
export const MAX_MATCHES_PER_RULE_AND_LINE = 50;
/** Name decisions cached across files (names repeat: `password`, `apiKey`, `cacheKey`…). */
const MAX_CACHED_NAME_DECISIONS = 20_000;
const nameDecisions = new Map<string, Map<string, readonly number[]>>();
/** Evidence is cut to this many characters around the secret. */
export const EVIDENCE_MAX_CHARS = 160;

export function scanText(path: string, text: string, options: ScanOptions = {}): SecretMatch[] {
  return scanFile(path, text, options).matches;
}

export function scanFile(path: string, text: string, options: ScanOptions = {}): FileScan {
  const fileClass = options.fileClass ?? classifyPath(path);
  if (fileClass.mode === 'skip') return { matches: [], mode: 'skip', note: fileClass.note, allowed: 0 };
  if (looksBinary(text)) return { matches: [], mode: 'skip', note: 'binary content', allowed: 0 };
  let mode = fileClass.mode;
  let note = fileClass.note;
  if (mode === 'full' && mayBeMinified(path) && hasLineLongerThan(text, MINIFIED_LINE_LENGTH)) {
    mode = 'restricted';
    note = `minified or generated (a line over ${MINIFIED_LINE_LENGTH} characters): provider formats only`;
  }
  const compiled = compile(options.rules ?? SECRET_RULES);
  const scanner = new FileScanner(path, text, { ...fileClass, mode }, compiled, options.allow);
  const matches = scanner.run();
  return { matches, mode, note, allowed: scanner.allowed };
}

// ── compiled rule sets ──────────────────────────────────────────────────────────────────────────

interface CompiledRule {
  rule: SecretRule;
  index: number;
  /** Pattern rules: the expression with `g` and `d` (indices) flags. */
  regex?: RegExp;
  /** Keyword ids of the rule's file keywords, and of its `keyInContext` file keywords (filled by `compile`). */
  fileKeywordIds?: number[];
  contextKeywordIds?: number[];
}

interface CompiledRules {
  /** In priority order, highest first. */
  rules: CompiledRule[];
  /** Line keywords and file keywords of every rule, in one automaton. */
  automaton: KeywordAutomaton;
  /** Keyword id → indices of the rules it activates on its line. */
  keywordRules: number[][];
  /** Keyword id → it names at least one assignment rule (the assignment parser starts there). */
  keywordStartsAssignment: boolean[];
  keywordId: Map<string, number>;
  /** Rules without line keywords: run over the whole file. */
  wholeFile: CompiledRule[];
  /** Indices of the assignment rules, in priority order. */
  assignmentRuleIndices: number[];
  /** Rule index → 1 for an assignment rule (read per keyword hit, cheaper than the rule's `kind`). */
  isAssignment: Uint8Array;
  /** Per-file working arrays, reused from file to file. */
  scratch: { keywordsSeen: Uint8Array; keywordLive: Uint8Array; applicable: Uint8Array; activeOn: Int32Array };
}

const EMPTY_SET: ReadonlySet<string> = new Set();

const compiledCache = new WeakMap<readonly SecretRule[], CompiledRules>();

function compile(rules: readonly SecretRule[]): CompiledRules {
  const cached = compiledCache.get(rules);
  if (cached) return cached;
  const compiledRules: CompiledRule[] = [...rules]
    .sort((a, b) => b.priority - a.priority)
    .map((rule, index) => ({
      rule,
      index,
      regex: rule.kind === 'pattern' ? new RegExp(rule.regex.source, withFlags(rule.regex.flags, 'gd')) : undefined,
    }));
  const keywordId = new Map<string, number>();
  const idOf = (keyword: string): number => {
    let id = keywordId.get(keyword);
    if (id === undefined) {
      id = keywordId.size;
      keywordId.set(keyword, id);
    }
    return id;
  };
  const keywordRules: number[][] = [];
  const keywordStartsAssignment: boolean[] = [];
  const wholeFile: CompiledRule[] = [];
  for (const c of compiledRules) {
    if (c.rule.fileKeywords) c.fileKeywordIds = c.rule.fileKeywords.map(idOf);
    if (c.rule.keywords.length === 0) {
      wholeFile.push(c);
      continue;
    }
    for (const keyword of c.rule.keywords) {
      const id = idOf(keyword);
      (keywordRules[id] ??= []).push(c.index);
      if (c.rule.kind === 'assignment') keywordStartsAssignment[id] = true;
    }
  }
  // Context keywords count only as far as they are keywords of some rule (`fileHas`): not added here.
  for (const c of compiledRules) {
    if (c.rule.kind !== 'assignment' || !c.rule.keyInContext) continue;
    c.contextKeywordIds = c.rule.keyInContext.fileKeywords.map((k) => keywordId.get(k)).filter((id): id is number => id !== undefined);
  }
  for (let id = 0; id < keywordId.size; id++) {
    keywordRules[id] ??= [];
    keywordStartsAssignment[id] ??= false;
  }
  const automaton = buildAutomaton([...keywordId.keys()]);
  const assignmentRuleIndices = compiledRules.filter((c) => c.rule.kind === 'assignment').map((c) => c.index);
  const isAssignment = Uint8Array.from(compiledRules, (c) => (c.rule.kind === 'assignment' ? 1 : 0));
  const scratch = { keywordsSeen: new Uint8Array(keywordId.size), keywordLive: new Uint8Array(keywordId.size), applicable: new Uint8Array(compiledRules.length), activeOn: new Int32Array(compiledRules.length) };
  const result = { rules: compiledRules, automaton, keywordRules, keywordStartsAssignment, keywordId, wholeFile, assignmentRuleIndices, isAssignment, scratch };
  compiledCache.set(rules, result);
  return result;
}

function withFlags(flags: string, extra: string): string {
  let out = flags;
  for (const f of extra) if (!out.includes(f)) out += f;
  return out;
}

// ── per-file scanning ───────────────────────────────────────────────────────────────────────────

interface Candidate {
  rule: SecretRule;
  /** Offsets of the secret within the line (for columns and masking). */
  start: number;
  end: number;
  /** What is fingerprinted: the secret, or its sensitive part (e.g. a PEM body). */
  secret: string;
  /** Shown (redacted) and measured. */
  shown: string;
  key?: string;
  /** The span is a marker (a PEM header), left readable in the evidence. */
  marker?: boolean;
}

class FileScanner {
  allowed = 0;
  /** Per keyword id: 1 when the keyword occurs somewhere in the file. */
  private readonly fileKeywordsSeen: Uint8Array;
  private contextKey: string | undefined;
  private codeDecisions: Map<string, readonly number[]> | undefined;
  private dataDecisions: Map<string, readonly number[]> | undefined;
  private readonly allowFingerprints: ReadonlySet<string>;
  private readonly allowPatterns: readonly RegExp[];

  constructor(
    private readonly path: string,
    private readonly text: string,
    private readonly fileClass: FileClass,
    private readonly compiled: CompiledRules,
    allow: AllowList | undefined,
  ) {
    this.allowFingerprints = allow?.fingerprints ? new Set(allow.fingerprints) : EMPTY_SET;
    this.allowPatterns = allow?.patterns ?? [];
    // Scratch arrays are shared by every file of a rule set (scanning is synchronous); clearing
    // them is cheaper than allocating three typed arrays per file.
    this.fileKeywordsSeen = compiled.scratch.keywordsSeen;
    this.fileKeywordsSeen.fill(0);
  }

  run(): SecretMatch[] {
    // Candidates by the offset where their line starts; line numbers are counted only for these.
    const byLine = new Map<number, { lineEnd: number; candidates: Candidate[] }>();
    const add = (lineStart: number, lineEnd: number, found: Candidate[]): void => {
      if (found.length === 0) return;
      const entry = byLine.get(lineStart);
      if (entry) entry.candidates.push(...found);
      else byLine.set(lineStart, { lineEnd, candidates: found });
    };

    const hits = findKeywords(this.compiled.automaton, this.text);
    const seen = this.fileKeywordsSeen;
    const hitKeywords = hits.keyword;
    for (let i = 0, count = hits.count; i < count; i++) seen[hitKeywords[i]!] = 1;
    this.keywordLines(hits, add);
    this.wholeFilePass(add);
    if (byLine.size === 0) return [];

    const matches: SecretMatch[] = [];
    const lineStarts = [...byLine.keys()].sort((a, b) => a - b);
    let lineNo = 1;
    let counted = 0;
    for (const lineStart of lineStarts) {
      for (let nl = this.text.indexOf('\n', counted); nl >= 0 && nl < lineStart; nl = this.text.indexOf('\n', nl + 1)) lineNo++;
      counted = lineStart;
      const entry = byLine.get(lineStart)!;
      const line = this.text.slice(lineStart, entry.lineEnd);
      const kept = resolveOverlaps(entry.candidates);
      for (const c of kept) {
        const fingerprint = fingerprintOf(c.rule.id, c.secret);
        if (this.allowFingerprints.has(fingerprint) || this.allowPatterns.some((re) => testSafely(re, c.secret))) {
          this.allowed++;
          continue;
        }
        matches.push({
          ruleId: c.rule.id,
          provider: c.rule.provider,
          description: c.rule.description,
          severity: c.rule.severity,
          file: this.path,
          line: lineNo,
          column: c.start + 1,
          endColumn: c.end + 1,
          key: c.key,
          redacted: redact(c.shown),
          fingerprint,
          length: c.shown.length,
          evidence: evidenceOf(line, kept, c),
          context: this.fileClass.context,
          inTest: this.fileClass.inTest,
        });
      }
    }
    return matches;
  }

  private fileHas(keyword: string): boolean {
    const id = this.compiled.keywordId.get(keyword);
    return id !== undefined && this.fileKeywordsSeen[id] === 1;
  }

  /** Some keyword of `ids` occurs in the file. */
  private fileHasAny(ids: readonly number[]): boolean {
    for (const id of ids) if (this.fileKeywordsSeen[id] === 1) return true;
    return false;
  }

  private applies(c: CompiledRule): boolean {
    if (this.fileClass.mode === 'restricted' && c.rule.confidence !== 'high') return false;
    if (c.fileKeywordIds && !this.fileHasAny(c.fileKeywordIds)) return false;
    return true;
  }

  /**
   * Examines each line holding a keyword. Pattern rules run their expression over the line. For
   * assignment rules, the name around each keyword is read in place first (is it followed by an
   * operator? does any rule want such a name?); only then is its value parsed. Most keyword hits in
   * code (`Object.keys(`, `getAccessToken()`, `cacheKey =`) end there, without a line being copied.
   */
  private keywordLines(hits: KeywordHits, add: (lineStart: number, lineEnd: number, found: Candidate[]) => void): void {
    const { keywordRules, keywordStartsAssignment, rules, isAssignment } = this.compiled;
    const text = this.text;
    // Per rule: 1 applies to this file, 2 does not, 0 not yet decided.
    const applicable = this.compiled.scratch.applicable;
    applicable.fill(0);
    // Per rule: the line (start offset + 1) it was last activated on; avoids a set per line.
    const activeOn = this.compiled.scratch.activeOn;
    activeOn.fill(0);
    const patternRules: number[] = [];
    const pending: { named: NamedOperator; wanting: readonly number[]; syntax: Syntax }[] = [];
    const count = hits.count;
    const hitOffsets = hits.offset;
    const hitKeywords = hits.keyword;
    // Per keyword: 1 when some rule it activates applies to this file, 2 when none does (e.g. a file
    // keyword only, like `commercetools`), 0 not yet decided. Dead hits are skipped before any work.
    const live = this.compiled.scratch.keywordLive;
    live.fill(0);
    let lastNameStart = -1;
    let lastHitAt = -1;
    let floor = 0;
    let i = 0;
    while (i < count) {
      const firstId = hitKeywords[i]!;
      if (live[firstId] === 0) live[firstId] = this.keywordApplies(firstId, applicable) ? 1 : 2;
      if (live[firstId] === 2) {
        i++;
        continue;
      }
      const at = hitOffsets[i]!;
      // Hits come line by line (no keyword spans a line break), so the line start lies at or after
      // the previous line's end (`floor`); the native search stops at the first line feed before.
      const lineStart = at > floor ? Math.max(floor, text.lastIndexOf('\n', at - 1) + 1) : at;
      const nl = text.indexOf('\n', at);
      const lineEnd = nl < 0 ? text.length : nl;
      floor = lineEnd + 1;
      const stamp = lineStart + 1;
      const readsAssignments = lineEnd - lineStart <= MAX_ASSIGNMENT_LINE;
      let syntax: Syntax | undefined;
      // The two lists are reused from line to line; their lengths are these counts (setting an
      // array's length per line is a call into the engine).
      let patternCount = 0;
      let pendingCount = 0;
      for (; i < count && hitOffsets[i]! <= lineEnd; i++) {
        const id = hitKeywords[i]!;
        if (live[id] === 2) continue;
        let assignment = false;
        for (const index of keywordRules[id]!) {
          if (applicable[index] === 0) applicable[index] = this.applies(rules[index]!) ? 1 : 2;
          if (applicable[index] !== 1) continue;
          if (isAssignment[index] === 1) {
            assignment = true;
            continue;
          }
          if (activeOn[index] !== stamp) {
            activeOn[index] = stamp;
            patternRules[patternCount++] = index;
          }
        }
        if (!assignment || !readsAssignments || !keywordStartsAssignment[id]) continue;
        const hitAt = hitOffsets[i]!;
        // `pass` and `password` start at the same offset: the same name, already looked at.
        if (hitAt === lastHitAt) continue;
        lastHitAt = hitAt;
        const nameStart = nameStartBefore(text, hitAt);
        if (nameStart === lastNameStart) continue; // one name, several keywords
        const nameEnd = nameEndAfter(text, nameStart, hitAt);
        if (nameEnd <= nameStart) continue;
        lastNameStart = nameStart;
        const named = nameAndOperatorAt(text, nameStart, nameEnd);
        if (!named) continue;
        syntax ??= this.syntaxOfLine(lineStart);
        const wanting = this.rulesWanting(named, syntax, applicable);
        if (wanting.length > 0) pending[pendingCount++] = { named, wanting, syntax };
      }
      if (patternCount === 0 && pendingCount === 0) continue;
      const end = trimCR(text, lineStart, lineEnd);
      const found: Candidate[] = [];
      if (patternCount > 0) {
        if (patternCount > 1) sortSmall(patternRules, patternCount);
        const line = text.slice(lineStart, end);
        for (let p = 0; p < patternCount; p++) {
          const c = rules[patternRules[p]!]!;
          const requires = (c.rule as PatternRule).requires;
          if (requires !== undefined && !line.includes(requires)) continue;
          this.runPattern(c, line, lineStart, found);
        }
      }
      for (let p = 0; p < pendingCount; p++) {
        const { named, wanting, syntax: lineSyntax } = pending[p]!;
        const assignment = withValue(text, named, lineSyntax);
        if (!assignment || assignment.valueEnd > end) continue;
        for (const index of wanting) {
          const candidate = this.fromAssignment(rules[index]!.rule as AssignmentRule, assignment, lineStart);
          if (candidate) {
            found.push(candidate);
            break; // rules are in priority order: the most specific one names the secret
          }
        }
      }
      add(lineStart, end, found);
    }
  }

  /** Whether any rule that keyword `id` activates applies to this file (fills `applicable` on the way). */
  private keywordApplies(id: number, applicable: Uint8Array): boolean {
    let any = false;
    for (const index of this.compiled.keywordRules[id]!) {
      if (applicable[index] === 0) applicable[index] = this.applies(this.compiled.rules[index]!) ? 1 : 2;
      if (applicable[index] === 1) any = true;
    }
    return any;
  }

  /** Comments in code hold configuration examples and commented-out settings: read them as configuration. */
  private syntaxOfLine(lineStart: number): Syntax {
    if (this.fileClass.syntax !== 'code') return this.fileClass.syntax;
    COMMENT_LINE.lastIndex = lineStart;
    return COMMENT_LINE.test(this.text) ? 'data' : 'code';
  }

  private runPattern(c: CompiledRule, line: string, lineStart: number, found: Candidate[]): void {
    const regex = c.regex!;
    regex.lastIndex = 0;
    let m: RegExpExecArray | null;
    let seen = 0;
    while ((m = regex.exec(line)) !== null && seen++ < MAX_MATCHES_PER_RULE_AND_LINE) {
      if (m[0].length === 0) regex.lastIndex++;
      const candidate = this.fromPatternMatch(c.rule as PatternRule, m, lineStart, lineStart + line.length, line);
      if (candidate) found.push(candidate);
    }
  }

  /** Rules with no line keyword: their expression runs over the whole text (file keywords permitting). */
  private wholeFilePass(add: (lineStart: number, lineEnd: number, found: Candidate[]) => void): void {
    const applicable = this.compiled.wholeFile.filter((c) => c.rule.kind === 'pattern' && this.applies(c));
    if (applicable.length === 0) return;
    for (const c of applicable) {
      const regex = c.regex!;
      regex.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = regex.exec(this.text)) !== null) {
        if (m[0].length === 0) regex.lastIndex++;
        const lineStart = m.index === 0 ? 0 : this.text.lastIndexOf('\n', m.index - 1) + 1;
        const nl = this.text.indexOf('\n', m.index);
        const lineEnd = trimCR(this.text, lineStart, nl < 0 ? this.text.length : nl);
        const candidate = this.fromPatternMatch(c.rule as PatternRule, m, lineStart, lineEnd);
        if (candidate) add(lineStart, lineEnd, [candidate]);
      }
    }
  }

  /** Checks one match of a pattern rule; offsets in the returned candidate are line-relative. */
  private fromPatternMatch(rule: PatternRule, m: RegExpExecArray, lineStart: number, lineEnd: number, line?: string): Candidate | null {
    const indices = m.indices;
    const groups = m.groups ?? {};
    let secretName: string | undefined;
    for (const name in groups) {
      if (name.startsWith('secret') && groups[name] !== undefined) {
        secretName = name;
        break;
      }
    }
    const secretRange = secretName !== undefined ? indices?.groups?.[secretName] : indices?.[0];
    const secret = secretName !== undefined ? groups[secretName]! : m[0];
    if (!secretRange) return null;
    // Offsets of pattern matches from the whole-file pass are absolute; make them line-relative.
    const base = line === undefined ? lineStart : 0;
    const start = secretRange[0] - base;
    const end = Math.min(secretRange[1] - base, lineEnd - lineStart);
    if (!passesCommonFilters(rule, secret)) return null;
    if (rule.confidence === 'low' && (containsPlaceholderWord(secret) || isEnvironmentVariableName(secret) || /^-/.test(secret))) return null;
    if (rule.allow?.some((re) => re.test(secret) || re.test(m[0]))) return null;
    let fingerprinted = secret;
    if (rule.validate) {
      const matchEndAbsolute = (line === undefined ? 0 : lineStart) + m.index + m[0].length;
      const refined = VALIDATORS[rule.validate]({ secret, groups, text: this.text, matchEnd: matchEndAbsolute });
      if (refined === null) return null;
      fingerprinted = refined;
    }
    if (rule.marker) return { rule, start, end, secret: fingerprinted, shown: fingerprinted, marker: true };
    return { rule, start, end, secret: fingerprinted, shown: secret };
  }

  /**
   * The assignment rules (indices, in priority order) that want this name, decided on the name
   * alone before any value is parsed. Names repeat across lines and files, so decisions are cached.
   */
  private rulesWanting(named: NamedOperator, syntax: Syntax, applicable: Uint8Array): readonly number[] {
    // One table per (applicable rules, file context, syntax), looked up once per file and syntax;
    // within it the name as written decides (the key is derived from it and the operator).
    const decisions = syntax === 'code' ? (this.codeDecisions ??= this.decisionTable(applicable, 'c')) : (this.dataDecisions ??= this.decisionTable(applicable, 'd'));
    const name = named.op === '(' ? `(${named.raw}` : named.raw;
    let wanted = decisions.get(name);
    if (wanted === undefined) {
      wanted = this.compiled.assignmentRuleIndices.filter(
        (index) => applicable[index] === 1 && this.keyWanted(this.compiled.rules[index]!.rule as AssignmentRule, named, syntax),
      );
      if (decisions.size >= MAX_CACHED_NAME_DECISIONS) decisions.clear();
      // A copy, not a slice: a slice would keep the whole file's text alive in the cache.
      // Names are ASCII (isNameChar), so the latin1 round trip is exact.
      decisions.set(Buffer.from(name, 'latin1').toString('latin1'), wanted);
    }
    return wanted;
  }

  private decisionTable(applicable: Uint8Array, syntax: 'c' | 'd'): Map<string, readonly number[]> {
    const signature = this.contextSignature(applicable) + syntax;
    let table = nameDecisions.get(signature);
    if (!table) {
      table = new Map();
      nameDecisions.set(signature, table);
    }
    return table;
  }

  /** Which assignment rules apply to this file and which take their file-context names, as a short string. */
  private contextSignature(applicable: Uint8Array): string {
    if (this.contextKey === undefined) {
      let applies = 0;
      let context = 0;
      let bit = 1;
      for (const index of this.compiled.assignmentRuleIndices) {
        if (applicable[index] === 0) applicable[index] = this.applies(this.compiled.rules[index]!) ? 1 : 2;
        if (applicable[index] === 1) applies |= bit;
        const contextIds = this.compiled.rules[index]!.contextKeywordIds;
        if (contextIds && this.fileHasAny(contextIds)) context |= bit;
        bit *= 2;
      }
      this.contextKey = `${applies}:${context}:`;
    }
    return this.contextKey;
  }

  private keyWanted(rule: AssignmentRule, named: NamedOperator, syntax: Syntax): boolean {
    const inContext = rule.keyInContext !== undefined && rule.keyInContext.fileKeywords.some((k) => this.fileHas(k));
    const names = (key: string): boolean => rule.key.test(key) || (inContext && rule.keyInContext!.key.test(key));
    const normalisedKey = normaliseName(named.key);
    let matched: string | null = names(normalisedKey) ? normalisedKey : null;
    if (matched === null && /[.-]/.test(named.raw)) {
      const path = normaliseName(named.raw);
      if (names(path)) matched = path;
    }
    if (matched === null || namesSomethingElse(matched)) return false;
    if (rule.constantNamesInCode && syntax === 'code' && !/^[A-Z][A-Z0-9_]*$/.test(named.key)) return false;
    return true;
  }

  /**
   * The candidate for the value of `a`, whose name `rule` wants (`rulesWanting`/`keyWanted` decided
   * that on the name, for this file and syntax; only the value is judged here). `lineStart`: offset
   * the assignment's positions are relative to (candidates are line-relative).
   */
  private fromAssignment(rule: AssignmentRule, a: Assignment, lineStart = 0): Candidate | null {
    const value = a.value;
    if (rule.value && !rule.value.test(value)) return null;
    if (rule.minLength !== undefined && value.length < rule.minLength) return null;
    // The placeholder analysis depends only on the value and its name, so it is done once per
    // assignment whichever rules try it; it rejects most decoys more cheaply than the shape test.
    if (rule.placeholders !== false) {
      const reason = rule.confidence === 'high' ? placeholderReason(value, a.key, { providerFormat: true }) ?? 'none' : (a.placeholder ??= placeholderReason(value, a.key) ?? 'none');
      if (reason !== 'none') return null;
    }
    if (rule.shape && !acceptsValue(rule.shape, value, a)) return null;
    if (!passesEntropy(rule, value)) return null;
    if (rule.allow?.some((re) => re.test(value))) return null;
    return { rule, start: a.valueStart - lineStart, end: a.valueEnd - lineStart, secret: value, shown: value, key: a.key };
  }
}

function passesCommonFilters(rule: SecretRule, secret: string, key?: string): boolean {
  if (rule.minLength !== undefined && secret.length < rule.minLength) return false;
  if (rule.placeholders !== false && placeholderReason(secret, key, { providerFormat: rule.confidence === 'high' }) !== null) return false;
  return passesEntropy(rule, secret);
}

function passesEntropy(rule: SecretRule, secret: string): boolean {
  if (rule.entropy === undefined) return true;
  return shannonEntropy(secret) >= rule.entropy * expectedEntropy(charsetOf(secret), secret.length);
}

/**
 * Generic value requirements by the kind of name. Passwords may be short and low-entropy (people
 * choose them); tokens and keys are machine-made, so they must look random.
 */
function acceptsValue(shape: AssignmentRule['shape'], value: string, a: Assignment, credentialName = true): boolean {
  if (value.length > MAX_VALUE_LENGTH) return false;
  // Named after its own variable (`paymentKey = 'payment-w2lwne'`): a derived identifier.
  const lead = /^([A-Za-z]{3,})[-_.:/]/.exec(value)?.[1]?.toLowerCase();
  if (lead !== undefined && a.normalisedKey !== undefined && a.normalisedKey.split('_').includes(lead)) return false;
  if (isEnvironmentVariableName(value)) return false;
  if (/^(?:true|false|null|nil|none|undefined|yes|no|on|off)$/i.test(value)) return false;
  if (containsPlaceholderWord(value)) return false;
  if (/^[0-9.]+$/.test(value) && value.includes('.')) return false; // versions, OIDs, addresses
  if (/\\[nrtwdsWDS]|\(\?|\{\}/.test(value)) return false; // escaped text, regular expressions, format strings
  if (/^[\^~]?\d+\.\d+/.test(value)) return false; // version ranges
  if (/^(?:sha(?:1|224|256|384|512)|md5)[:-]/i.test(value)) return false; // digests and integrity values
  if ((value.match(/,/g) ?? []).length >= 2) return false; // lists and struct tags
  if (isDottedReference(value)) return false;
  if (!a.quoted && a.syntax === 'code' && isIdentifierLike(value)) return false;
  // An argument pair is weaker evidence than an assignment: a lone lower-case word or an identifier
  // there is data (`decrypt(endpoint, "secret", "garbage")`), not a credential.
  if (a.op === ',' && (/^[a-z]+$/.test(value) || isIdentifierLike(value))) return false;
  const spaces = (value.match(/\s/g) ?? []).length;
  switch (shape) {
    case 'password':
      if (isPasswordHash(value)) return false;
      // A passphrase may hold a space or two; prose does not also mix in digits and symbols.
      if (spaces > 0 && (!a.quoted || spaces > MAX_PASSWORD_SPACES || !/[^A-Za-z\s'.,!?-]/.test(value) || isWordsOnly(value))) return false;
      if (/^[0-9]+$/.test(value) && value.length < 6) return false;
      return true;
    case 'secret': {
      if (spaces > 0 || /, |[A-Za-z_]\w*\([^)]*\)|^[([{<@]/.test(value)) return false; // lists, calls, markup, decorators
      // Many services issue API keys and tokens as random UUIDs; under a credential name one is a key.
      if (credentialName && isRandomUuid(value)) return true;
      if (/^[0-9]+$/.test(value)) return value.length >= 12;
      if (isIdentifierLike(value)) return false;
      const charset = charsetOf(value);
      const ratio = shannonEntropy(value) / expectedEntropy(charset, value.length);
      return ratio >= 0.65;
    }
    case 'weak-key': {
      if (isRandomUuid(value)) return true;
      // Only "key": require what machine-made keys have and names lack, digits among letters.
      if (spaces > 0 || /[,()[\]{}<>]/.test(value) || !/[0-9]/.test(value) || !/[A-Za-z]/.test(value)) return false;
      if (isIdentifierLike(value)) return false;
      const charset = charsetOf(value);
      const ratio = shannonEntropy(value) / expectedEntropy(charset, value.length);
      return ratio >= 0.75 && (characterClasses(value) >= 2 || charset === 'hex');
    }
    default:
      return true;
  }
}

/**
 * Whether `value`, assigned to some name, looks like a machine-made secret (random enough, not a
 * placeholder, word, reference, path or version). Used for `.env` values whatever their names.
 */
export function looksLikeSecretValue(value: string): boolean {
  if (placeholderReason(value) !== null) return false;
  // Any name here (`TENANT_ID=<uuid>` is an identifier): a UUID is judged like any other value.
  return acceptsValue('secret', value, { quoted: true, syntax: 'data' } as Assignment, false);
}

/**
 * A UUID (any version). Under a credential name it is a key; elsewhere (`id`, `collectionId`) it is
 * an identifier, and no rule reads it.
 */
const UUID = /^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$/;

/** A UUID with the variety of a random one: `00000000-0000-…` and `11111111-2222-…` are not keys. */
function isRandomUuid(value: string): boolean {
  if (!UUID.test(value)) return false;
  const digits = new Set(value.toLowerCase().replace(/-/g, ''));
  return digits.size >= 8;
}

/** Passphrases with more spaces than this are sentences. */
const MAX_PASSWORD_SPACES = 2;

/** A credential word followed by `_url`, `_length`, `_name`…, or preceded by `public_`, `sort_`…. */
function namesSomethingElse(normalisedKey: string): boolean {
  const words = normalisedKey.split('_');
  if (words.some((w) => NON_SECRET_KEY_WORDS.has(w))) return true;
  const isCredentialWord = (w: string): boolean => /pass|pwd|^pw$|secret|token|key|auth|cred|^sig$|^sas$|hmac|ticket|^verifier$/.test(w);
  const first = words.findIndex(isCredentialWord);
  if (first < 0) return false;
  if (first > 0 && NON_SECRET_KEY_PREFIXES.has(words[first - 1]!)) return true;
  // `api_key_name`, `token_url`: a qualifier after the last credential word (`key_store_password` is a password).
  let last = words.length - 1;
  while (last > first && !isCredentialWord(words[last]!)) last--;
  for (let i = last + 1; i < words.length; i++) if (NON_SECRET_KEY_SUFFIXES.has(words[i]!)) return true;
  return false;
}

/** Among overlapping candidates on a line, the highest-priority rule names the secret. */
function resolveOverlaps(candidates: Candidate[]): Candidate[] {
  const sorted = [...candidates].sort((a, b) => b.rule.priority - a.rule.priority || a.start - b.start);
  const kept: Candidate[] = [];
  for (const c of sorted) {
    if (kept.some((k) => c.start < k.end && k.start < c.end)) continue;
    kept.push(c);
  }
  return kept.sort((a, b) => a.start - b.start);
}

function evidenceOf(line: string, secrets: Candidate[], focus: Candidate): string {
  let masked = '';
  let cursor = 0;
  let focusAt = 0;
  for (const s of secrets) {
    masked += line.slice(cursor, s.start);
    if (s === focus) focusAt = masked.length;
    masked += s.marker ? line.slice(s.start, s.end) : redact(s.shown);
    cursor = s.end;
  }
  masked += line.slice(cursor);
  const from = Math.max(0, focusAt - Math.floor(EVIDENCE_MAX_CHARS / 2));
  let out = masked.slice(from, from + EVIDENCE_MAX_CHARS).trim();
  if (from > 0) out = `…${out}`;
  if (from + EVIDENCE_MAX_CHARS < masked.length) out = `${out}…`;
  return out.replace(/\s+/g, ' ');
}

function testSafely(re: RegExp, value: string): boolean {
  re.lastIndex = 0;
  return re.test(value);
}

function trimCR(text: string, start: number, end: number): number {
  return end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
}

// ── assignments: `name = value` in the syntaxes of code and configuration ─────────────────────

export interface Assignment {
  /** The name as written (last dotted segment), e.g. `CTP_CLIENT_SECRET`, `clientSecret`. */
  key: string;
  /** snake_case, lower case: `ctp_client_secret`. */
  normalisedKey: string;
  /** The whole dotted name, normalised: `tesla_auth_sid` for `tesla-auth.sid`. */
  normalisedPath: string;
  op: string;
  value: string;
  valueStart: number;
  valueEnd: number;
  quoted: boolean;
  /** An unquoted value directly followed by a quote or `&`: it sits inside a string literal. */
  inString: boolean;
  syntax: Syntax;
  /** placeholders.ts `placeholderReason` of the value under this name ('none' if it may be a secret), once computed. */
  placeholder?: string;
}

const IDENTIFIER = /[A-Za-z_][A-Za-z0-9_.-]{0,100}/g;
/**
 * The first of `:=`, `=>`, `===`, `!==`, `==`, `!=`, `?=`, `=`, `:` (in this order) that starts at
 * `p`, decided on character codes (this runs for every name followed by an operator character).
 */
function operatorAt(line: string, p: number): string | undefined {
  const next = line.charCodeAt(p + 1);
  switch (line.charCodeAt(p)) {
    case 58: // :
      return next === 61 ? ':=' : ':';
    case 61: // =
      if (next === 62) return '=>';
      if (next === 61) return line.charCodeAt(p + 2) === 61 ? '===' : '==';
      return '=';
    case 33: // !
      if (next !== 61) return undefined;
      return line.charCodeAt(p + 2) === 61 ? '!==' : '!=';
    case 63: // ?
      return next === 61 ? '?=' : undefined;
    default:
      return undefined;
  }
}
/**
 * A conversion or constructor around a single literal: `String("…")`, `aws.String("…")`,
 * `[]byte("…")`, `Some("…")`, `str('…')`, `PASSWORD('…')` (SQL). Method calls on objects
 * (`password.decode("utf-8")`, `rs.getString(1)`) are not wrappers.
 */
const WRAPPER = /(?:new[ \t]{1,2})?(?:\[\]byte|(?:[a-z]{1,12}\.)?(?!Get|Set|Read|Load|Fetch|Find|Parse|Lookup|Query|Must|Has|Is|Header|Param|Form|Env)[A-Z]\w{0,30}|str|bytes|b|password|Some|from|Buffer\.from)\([ \t]?/y;
const STRING_PREFIX = /(?:[bBrRuUfF]{1,2}|@)(?=["'])/y;
const UNQUOTED_CODE_VALUE = /[^\s,;)\]}>"'`&<|([{]{1,512}/y; // MAX_UNQUOTED_VALUE_LENGTH
const UNQUOTED_DATA_VALUE = /[^\s,;)\]}>"'`&<|][^\s,;)\]}>`&<|]{0,511}/y;
const FALLBACK = /[ \t]{0,4}(?:\|\||\?\?|\bor\b|\?:)[ \t]{0,4}(?=["'`])/y;
const GETTER_DEFAULT = /[ \t]{0,4}(["'])[^"'\n]{1,200}\1[ \t]{0,4},[ \t]{0,4}(?=["'])/y;
const REFERENCE_START = /^(?:process\.env|import\.meta\.env|os\.environ|os\.getenv|ENV\[|env\(|System\.getenv|getenv\(|config\.|settings\.)/;
const GETTER_CALL = /(?:^|\.)(?:get|getenv|env|getProperty|fetch|getOrDefault|getString)\($/;
/** A line that is a comment in code (`//`, `#`, `*`, `/*`, `--`, `<!--`); sticky, tried at a line start. */
const COMMENT_LINE = /[ \t]*(?:\/\/|#|\*|\/\*|--|<!--|;)/y;
/** Longest name read as an assignment key. */
const MAX_KEY_LENGTH = 100;

/** Every `name op value` on a line (names may be quoted, bracketed, or XML elements). */
export function assignmentsIn(line: string, syntax: Syntax): Assignment[] {
  const out: Assignment[] = [];
  IDENTIFIER.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = IDENTIFIER.exec(line)) !== null) {
    const assignment = assignmentAt(line, m.index, m.index + m[0].length, syntax);
    if (assignment) out.push(assignment);
  }
  return out;
}

/** ASCII code → 1 for the characters of names: letters, digits, `_ . -` (a table read per character). */
const NAME_CHARS: Uint8Array = (() => {
  const table = new Uint8Array(128);
  for (let code = 0; code < 128; code++) {
    table[code] = (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) ||
      code === 95 || code === 46 || code === 45 ? 1 : 0; // _ . -
  }
  return table;
})();

function isNameChar(code: number): boolean {
  return code < 128 && NAME_CHARS[code] === 1; // NaN (past the end) is not below 128
}

/** Start of the name (identifier, possibly dotted or dashed) that contains offset `at`. */
function nameStartBefore(line: string, at: number): number {
  let start = at;
  while (start > 0 && isNameChar(line.charCodeAt(start - 1)) && at - start < MAX_KEY_LENGTH) start--;
  return start;
}

/** End of the name that starts at `start` and contains offset `at`. */
function nameEndAfter(line: string, start: number, at: number): number {
  let end = at;
  while (end < line.length && isNameChar(line.charCodeAt(end)) && end - start < MAX_KEY_LENGTH) end++;
  return end;
}

/** Ascending in place, the first `count` values; a handful of rule indices, where insertion sort wins. */
function sortSmall(values: number[], count: number): void {
  for (let i = 1; i < count; i++) {
    const v = values[i]!;
    let j = i - 1;
    while (j >= 0 && values[j]! > v) {
      values[j + 1] = values[j]!;
      j--;
    }
    values[j + 1] = v;
  }
}

/** A name followed by an assignment operator; the value is parsed only if some rule wants the name. */
interface NamedOperator {
  raw: string;
  key: string;
  op: string;
  /** Offset where the value starts (after the operator and spaces). */
  valueFrom: number;
  spaced: boolean;
}

/** The name spanning [keyStart, keyEnd) and the operator after it, or null when none follows. */
function nameAndOperatorAt(line: string, keyStart: number, keyEnd: number): NamedOperator | null {
  let end = keyEnd;
  while (end > keyStart && (line.charCodeAt(end - 1) === 46 || line.charCodeAt(end - 1) === 45)) end--; // trailing . -
  if (end === keyStart) return null;
  let p = end;
  const beforeCode = keyStart > 0 ? line.charCodeAt(keyStart - 1) : 0;
  // A quoted key: `"password": …`, `'password' => …`, `\"password\": …`, `$DB['PASSWORD'] = …`.
  const quotedKey = beforeCode === 34 || beforeCode === 39 || beforeCode === 96; // " ' `
  if (quotedKey) {
    const at = line.charCodeAt(p);
    if (at === beforeCode) p++;
    else if (at === 92 && line.charCodeAt(p + 1) === beforeCode) p += 2; // \"
  }
  const keyClosed = p > end;
  const bracketed = line.charCodeAt(p) === 93;
  if (bracketed) p++; // ]
  const opSearchFrom = p;
  let code = line.charCodeAt(p);
  while ((code === 32 || code === 9) && p - keyStart < 140) code = line.charCodeAt(++p);
  // Fast exit: most names are not followed by an operator (= : ! ? > ( ,).
  if (code !== 61 && code !== 58 && code !== 33 && code !== 63 && code !== 62 && code !== 40 && code !== 44) return null;
  if (code === 44) return argumentPairAt(line, keyStart, end, p, quotedKey && keyClosed && !bracketed);
  const before = line[keyStart - 1];
  const c = line[p];
  const raw = line.slice(keyStart, end);
  const key = lastSegment(raw);
  if (key === '') return null;
  let op: string | undefined;
  if (before === '<' && c === '>') op = '>';
  else if (c === '(') {
    // Setter or builder: setPassword("…"), .withToken("…"), builder.password("…").
    if (p === opSearchFrom && (/^(?:set|with)[A-Z_]/.test(key) || (raw.includes('.') && /^(?:pass|pwd|secret|token|api|key|auth|cred)/i.test(key)))) op = '(';
  } else {
    op = operatorAt(line, p);
  }
  if (op === undefined) return null;
  // A name inside a string literal (`"token:software"`, `'--password=x'`): only `=` assigns there,
  // and `: ` after an HTTP header name (`"X-Auth-Token: …"`).
  const openQuoteUnclosed = quotedKey && opSearchFrom === end &&
    !(/^[A-Z][A-Za-z0-9]*(?:-[A-Z][A-Za-z0-9]*)+$/.test(raw) && c === ':' && line[p + 1] === ' ');
  if (openQuoteUnclosed && op !== '=') return null;
  if (op === ':' && line[p + 1] === ':') return null; // Ruby/C++ scope, not an assignment
  if (op === '=' && (line[p + 1] === '=' || line[p + 1] === '~')) return null;
  const spacedBefore = p > opSearchFrom;
  p += op.length;
  const opEnd = p;
  while (p < line.length && (line[p] === ' ' || line[p] === '\t') && p - keyStart < 160) p++;
  const setter = op === '(' ? /^(?:set|with)(?=[A-Z_])_?/.exec(key) : null;
  const name = setter ? key.slice(setter[0].length) : key;
  return { raw, key: name, op, valueFrom: p, spaced: spacedBefore || p > opEnd };
}

/**
 * A name passed as a literal argument right before a literal value: `props.put("password", "…")`,
 * `os.Setenv("API_TOKEN", "…")`, `config.set(:secret, '…')` (Ruby symbol). The name must open an
 * argument (after `(` or `,`) and the value must be a string literal; the operator is `,`.
 */
function argumentPairAt(line: string, keyStart: number, keyEnd: number, comma: number, quotedKey: boolean): NamedOperator | null {
  const opener = keyStart - 1; // the quote, or the colon of a symbol
  if (!quotedKey) {
    if (line.charCodeAt(opener) !== 58) return null;
    const beforeColon = line.charCodeAt(opener - 1);
    if (isNameChar(beforeColon) || beforeColon === 58) return null; // `a:b`, `A::B`
  }
  let q = opener - 1;
  while (q >= 0 && (line.charCodeAt(q) === 32 || line.charCodeAt(q) === 9)) q--;
  const beforeArgument = line.charCodeAt(q);
  if (beforeArgument !== 40 && beforeArgument !== 44) return null; // ( ,
  let p = comma + 1;
  while (p < line.length && (line.charCodeAt(p) === 32 || line.charCodeAt(p) === 9) && p - comma < 8) p++;
  const quote = line.charCodeAt(p);
  if (quote !== 34 && quote !== 39 && quote !== 96) return null;
  const raw = line.slice(keyStart, keyEnd);
  const key = lastSegment(raw);
  if (key === '') return null;
  return { raw, key, op: ',', valueFrom: p, spaced: true };
}

/** The assignment whose name spans [keyStart, keyEnd), if the name is followed by an operator and a value. */
export function assignmentAt(line: string, keyStart: number, keyEnd: number, syntax: Syntax): Assignment | null {
  const named = nameAndOperatorAt(line, keyStart, keyEnd);
  return named ? withValue(line, named, syntax) : null;
}

function withValue(line: string, named: NamedOperator, syntax: Syntax): Assignment | null {
  const parsed = parseValue(line, named.valueFrom, named.op, syntax, named.spaced);
  if (!parsed) return null;
  return { key: named.key, normalisedKey: normaliseName(named.key), normalisedPath: normaliseName(named.raw), op: named.op, syntax, ...parsed };
}

/**
 * snake_case, lower case: `clientSecret` → `client_secret`, `CTP_CLIENT_SECRET` → `ctp_client_secret`,
 * `APIKey` → `api_key`, `tesla-auth.sid` → `tesla_auth_sid`. Same words as placeholders.ts `wordsOf`.
 */
export function normaliseName(name: string): string {
  let out = '';
  let pendingSeparator = false;
  for (let i = 0; i < name.length; i++) {
    const code = name.charCodeAt(i);
    const upper = code >= 65 && code <= 90;
    const lower = code >= 97 && code <= 122;
    const digit = code >= 48 && code <= 57;
    if (!upper && !lower && !digit) {
      pendingSeparator = out.length > 0;
      continue;
    }
    if (upper && out.length > 0) {
      const prev = name.charCodeAt(i - 1);
      const next = i + 1 < name.length ? name.charCodeAt(i + 1) : 0;
      const prevLower = prev >= 97 && prev <= 122;
      const prevUpper = prev >= 65 && prev <= 90;
      const nextLower = next >= 97 && next <= 122;
      // clientSecret → client_secret; APIKey → api_key (split before the last capital of a run).
      if (prevLower || (prevUpper && nextLower)) pendingSeparator = true;
    }
    if (pendingSeparator) {
      out += '_';
      pendingSeparator = false;
    }
    out += upper ? String.fromCharCode(code + 32) : name[i];
  }
  return out;
}

function lastSegment(key: string): string {
  let start = 0;
  while (start < key.length && (key[start] === '-' || key[start] === ':')) start++;
  let end = key.length;
  while (end > start && key[end - 1] === '.') end--;
  const dot = key.lastIndexOf('.', end - 1);
  return key.slice(Math.max(start, dot + 1), end);
}

function parseValue(
  line: string,
  start: number,
  op: string,
  syntax: Syntax,
  spaced: boolean,
): Pick<Assignment, 'value' | 'valueStart' | 'valueEnd' | 'quoted' | 'inString'> | null {
  let p = start;
  if (op === '>') {
    // <password>value</password>
    const close = line.indexOf('<', p);
    const eol = lineEndFrom(line, p);
    const end = close < 0 || close > eol ? eol : close;
    const value = line.slice(p, end).trim();
    if (value === '' || end - p > MAX_VALUE_LENGTH) return null;
    return { value, valueStart: p, valueEnd: p + value.length, quoted: true, inString: false };
  }
  // WRAPPER starts with a letter or `[`; most values start with a quote, and skip the expression.
  const first = line.charCodeAt(p);
  let wrapper: RegExpExecArray | null = null;
  if ((first >= 65 && first <= 90) || (first >= 97 && first <= 122) || first === 91) {
    WRAPPER.lastIndex = p;
    wrapper = WRAPPER.exec(line);
  }
  let wrapped = false;
  if (wrapper && /["'`]/.test(line[p + wrapper[0].length] ?? '')) {
    p += wrapper[0].length;
    wrapped = true;
  }
  // STRING_PREFIX starts with one of `bBrRuUfF@`; checked first, as above.
  const lead = line.charCodeAt(p) | 32; // lower case for letters; `@` (64) becomes 96
  if (lead === 98 || lead === 114 || lead === 117 || lead === 102 || lead === 96) {
    STRING_PREFIX.lastIndex = p;
    const prefix = STRING_PREFIX.exec(line);
    if (prefix) p += prefix[0].length;
  }

  // A list of values (`"tokens": ["…", "…"]`): the first element stands for the list.
  if (line[p] === '[' && op !== '(') {
    p++;
    while (line[p] === ' ') p++;
  }
  const quoted = quotedAt(line, p);
  if (quoted) {
    if (quoted.concatenated) return null;
    // A wrapper or setter takes exactly this literal: `String("…")`, `setPassword("…")`; an
    // argument pair ends the call (`put("password", "…")`), unlike a list of names (`"password", "mobile", …`).
    if ((wrapped || op === '(' || op === ',') && !/^\s?\)/.test(line.slice(quoted.end + quoted.close, quoted.end + quoted.close + 2))) return null;
    // A YAML/JSON string ending in an escaped newline (`"…\n"`): the newline is not part of the value.
    const value = quoted.value.replace(/(?:\\n)+$/, '');
    return { value, valueStart: quoted.start, valueEnd: quoted.start + value.length, quoted: true, inString: false };
  }
  if (op === '(' || op === ',') return null;
  const code = syntax === 'code' || syntax === 'json';
  const pattern = code ? UNQUOTED_CODE_VALUE : UNQUOTED_DATA_VALUE;
  pattern.lastIndex = p;
  const bare = pattern.exec(line);
  if (!bare) {
    return code ? fallbackLiteral(line, p) : null;
  }
  let value = bare[0];
  let end = p + value.length;
  // `process.env.X || 'fallback'`, `os.environ.get('X', 'default')`: the literal is what ships.
  if (REFERENCE_START.test(value) || GETTER_CALL.test(value) || (code && /^[A-Za-z_$][\w$.]*$/.test(value) && line[end] === '(')) {
    return fallbackLiteral(line, end);
  }
  while (value.endsWith('\\') || value.endsWith(',')) {
    value = value.slice(0, -1);
    end--;
  }
  if (value === '') return null;
  const next = line[end] ?? '';
  if (next === '@') return null; // user:password@host, read by the URL rule
  const inString = next === '"' || next === "'" || next === '`' || next === '&' || next === ';';
  if (!code) {
    // Prose after a spaced operator (`password: the one you chose`, `X= an admin user`) is not a value.
    if (op === ':' || spaced) {
      const rest = line.slice(end, lineEndFrom(line, end)).trimStart();
      if (rest !== '' && /^[A-Za-z0-9(]/.test(rest) && !rest.startsWith('#')) return null;
      if (/^[,;][ \t]+[A-Za-z]+[ \t]+[A-Za-z]/.test(rest)) return null; // `passwords: letters, digits and …`
    }
    return { value, valueStart: p, valueEnd: end, quoted: false, inString };
  }
  // A number is a literal in any language (`'token': 219560439`).
  if (/^[0-9]{6,}$/.test(value)) return { value, valueStart: p, valueEnd: end, quoted: false, inString: false };
  // In code an unquoted value is an identifier or expression, unless it sits inside a string
  // literal: a query string, a command line, a connection string (`…?token=abc&…`, `"user=x password=y"`).
  if (spaced || !(inString || next === ' ')) return null;
  return { value, valueStart: p, valueEnd: end, quoted: false, inString: true };
}

/** After `name(…)` or `name ||`: the literal default that is used when the variable is missing. */
function fallbackLiteral(line: string, from: number): Pick<Assignment, 'value' | 'valueStart' | 'valueEnd' | 'quoted' | 'inString'> | null {
  let after = from;
  if (line[after] === '(') {
    GETTER_DEFAULT.lastIndex = after + 1;
    const getter = GETTER_DEFAULT.exec(line);
    if (getter) {
      const literal = quotedAt(line, after + 1 + getter[0].length);
      if (literal && !literal.concatenated) return { value: literal.value, valueStart: literal.start, valueEnd: literal.end, quoted: true, inString: false };
    }
    return null;
  }
  for (let i = 0; i < 3 && /[)\]"']/.test(line[after] ?? ''); i++) after++; // ENV["X"]), get("X")
  FALLBACK.lastIndex = after;
  const fallback = FALLBACK.exec(line);
  if (!fallback) return null;
  const literal = quotedAt(line, after + fallback[0].length);
  if (!literal || literal.concatenated) return null;
  return { value: literal.value, valueStart: literal.start, valueEnd: literal.end, quoted: true, inString: false };
}

function lineEndFrom(text: string, from: number): number {
  const nl = text.indexOf('\n', from);
  return nl < 0 ? text.length : nl;
}

/** The string literal starting at `p`, if any: `"…"`, `'…'`, `` `…` `` or an escaped `\"…\"`. */
function quotedAt(line: string, p: number): { value: string; start: number; end: number; concatenated: boolean; close: number } | null {
  let quote = line[p];
  let open = 1;
  if (quote === '\\' && (line[p + 1] === '"' || line[p + 1] === "'")) {
    quote = line[p + 1];
    open = 2;
  } else if (quote !== '"' && quote !== "'" && quote !== '`') {
    return null;
  }
  const start = p + open;
  let end = -1;
  if (open === 2) {
    end = line.indexOf(`\\${quote}`, start);
    if (end > lineEndFrom(line, start)) end = -1;
  } else {
    for (let i = start; i < line.length && i - start <= MAX_VALUE_LENGTH; i++) {
      const ch = line[i];
      if (ch === '\n') break;
      if (ch === '\\') {
        i++;
        continue;
      }
      if (ch === quote) {
        end = i;
        break;
      }
    }
  }
  if (end < 0 || end === start) return null;
  if (quote === '`' && line.slice(start, end).includes('${')) return null;
  const after = line.slice(end + open, end + open + 6);
  const concatenated = /^\s{0,4}(?:\+|\.\.|<<)(?!=)/.test(after);
  return { value: line.slice(start, end), start, end, concatenated, close: open };
}
