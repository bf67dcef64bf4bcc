// Code rules over JS/TS source: one traversal per file runs every rule (walk.ts), results memoised per
// file for the run (the hits, never the AST); a text pre-filter skips files no rule can report in
// (prefilter.ts); checks pick the hits of their rule and decide what each means for the file's role
// (runtime, test, tool configuration) and application type (server or browser bundle).
import type { Workspace } from '../../engine/workspace.js';
import { applicationImportsOf } from '../imports/app.js';
import type { FileRole } from '../imports/files.js';
import { isScriptFile, parseSource } from '../js-ast/parse.js';
import { applicationNameOf, isBrowserBundled, nodeApplicationFoldersOf } from '../packages/applications.js';
import type { PackageJson } from '../packages/package-json.js';
import type { ConnectApplication } from '../connect-spec/parse.js';
import { weakHashRule, insecureRandomRule } from './rules/crypto.js';
import { dynamicCodeRule, shellInjectionRule } from './rules/injection.js';
import { debugCodeRule, secretLoggingRule, testImportRule } from './rules/logging.js';
import { redosRule } from './rules/redos.js';
import { pathTraversalRule, prototypePollutionRule, ssrfRule } from './rules/request-sinks.js';
import { localDiskRule, moduleStateRule, recursionRule, sessionStoreRule, syncCpuRule } from './rules/runtime.js';
import { corsRule, jwtRule, tlsRule } from './rules/transport.js';
import { urlRule } from './rules/urls.js';
import { RulePrefilter } from './prefilter.js';
import { runRules, type CodeRule, type RuleHit } from './walk.js';

export type { RuleHit } from './walk.js';

/** Every rule, run together in one traversal per file. */
export const CODE_RULES: readonly CodeRule[] = [
  urlRule,
  debugCodeRule,
  testImportRule,
  dynamicCodeRule,
  shellInjectionRule,
  tlsRule,
  weakHashRule,
  insecureRandomRule,
  pathTraversalRule,
  ssrfRule,
  jwtRule,
  corsRule,
  redosRule,
  prototypePollutionRule,
  secretLoggingRule,
  sessionStoreRule,
  moduleStateRule,
  localDiskRule,
  recursionRule,
  syncCpuRule,
];

export type CodeRuleId = (typeof CODE_RULES)[number]['id'];

export interface FileAnalysis {
  hits: RuleHit[];
  /** Why the file could not be analysed (fully), if it could not. */
  problem?: string;
}

const PREFILTER = new RulePrefilter(CODE_RULES);

/**
 * All rule hits of one file, computed once per run. The file is parsed only when its text meets some
 * rule's needs (prefilter.ts), and its AST is dropped after the walk: only the hits are kept.
 */
export function codeAnalysisOf(ws: Workspace, file: string): FileAnalysis {
  // One map per run rather than a memo key per file: every code check looks up every file.
  const analyses = ws.memo('code-rules:analyses', () => new Map<string, FileAnalysis>());
  let analysis = analyses.get(file);
  if (analysis === undefined) analyses.set(file, (analysis = analyse(ws, file)));
  return analysis;
}

function analyse(ws: Workspace, file: string): FileAnalysis {
  if (!isScriptFile(file)) return { hits: [] };
  const source = ws.readText(file);
  if (source === undefined || !PREFILTER.mayReport(source)) return { hits: [] };
  const parsed = parseSource(file, source);
  try {
    const { hits, truncated } = runRules(parsed, source, CODE_RULES);
    return truncated ? { hits, problem: `${file} nests deeper than the analysis follows; deeper parts were not analysed` } : { hits };
  } catch (error) {
    // A rule bug must not cost the whole run its findings; the file is reported as not analysed.
    return { hits: [], problem: `${file} could not be analysed: ${(error as Error).message}` };
  }
}

export interface CodeFile {
  file: string;
  role: FileRole;
}

export interface CodeApplication {
  /** Name used in findings (the first application built from the folder). */
  application: string;
  applications: ConnectApplication[];
  dir: string;
  /** Every application from this folder is a browser bundle (assets, Merchant Center). */
  browser: boolean;
  packageJson: PackageJson;
  files: CodeFile[];
}

/** The JS/TS files of every Node.js application, with their roles (from the import analysis). */
export function codeApplicationsOf(ws: Workspace): CodeApplication[] {
  return ws.memo('code-rules:applications', () =>
    nodeApplicationFoldersOf(ws).map((folder) => {
      const analysis = applicationImportsOf(ws, folder.dir);
      return {
        application: applicationNameOf(folder),
        applications: folder.applications,
        dir: folder.dir,
        browser: isBrowserBundled(folder),
        packageJson: folder.packageJson,
        files: analysis.files.filter((f) => isScriptFile(f.file) && !isGeneratedFile(ws, f.file)).map((f) => ({ file: f.file, role: f.role })),
      };
    }),
  );
}

/** Roles of code that ships and runs: reachable from the start command or scripts, or other application source. */
export const SHIPPED_ROLES: readonly FileRole[] = ['runtime', 'source'];

export interface LocatedHit extends RuleHit {
  file: string;
  application: string;
  browser: boolean;
  role: FileRole;
}

/** Hits of the given rules in the applications' files of the given roles, in file order. */
export function ruleHitsOf(ws: Workspace, rules: string | readonly string[], roles: readonly FileRole[] = SHIPPED_ROLES): LocatedHit[] {
  if (typeof rules === 'string') {
    // Each code check asks for its one rule: group the hits by rule in one pass over the files.
    const byRule = ws.memo(`code-rules:hits-by-rule:${roles.join(',')}`, () => {
      const grouped = new Map<string, LocatedHit[]>();
      for (const hit of locatedHits(ws, undefined, roles)) {
        const list = grouped.get(hit.rule);
        if (list) list.push(hit);
        else grouped.set(hit.rule, [hit]);
      }
      return grouped;
    });
    return [...(byRule.get(rules) ?? [])];
  }
  return locatedHits(ws, new Set(rules), roles);
}

/** Hits of the wanted rules (all when undefined) in the applications' files of the given roles, in file order. */
function locatedHits(ws: Workspace, wanted: ReadonlySet<string> | undefined, roles: readonly FileRole[]): LocatedHit[] {
  const out: LocatedHit[] = [];
  const seen = new Set<string>();
  for (const app of codeApplicationsOf(ws)) {
    for (const { file, role } of app.files) {
      if (!roles.includes(role) || seen.has(file)) continue;
      seen.add(file);
      for (const hit of codeAnalysisOf(ws, file).hits) {
        if (!wanted || wanted.has(hit.rule)) out.push({ ...hit, file, application: app.application, browser: app.browser, role });
      }
    }
  }
  return out;
}

/** Folder names of generated code. */
const GENERATED_FOLDER = /(?:^|\/)(?:generated|__generated__|gen|codegen)\//i;
/** Marker comments generators put at the top of files. */
const GENERATED_MARKER = /@generated|auto-?generated|do not (?:edit|modify)|generated by |this file (?:is|was) generated/i;
const GENERATED_HEAD_CHARS = 600;

/** Generated code (typed API clients, GraphQL types): not what the creator wrote, not reviewed here. */
export function isGeneratedFile(ws: Workspace, file: string): boolean {
  if (GENERATED_FOLDER.test(file) || /\.(?:generated|gen)\.[cm]?[jt]sx?$/i.test(file)) return true;
  const head = ws.readText(file)?.slice(0, GENERATED_HEAD_CHARS) ?? '';
  if (!GENERATED_MARKER.test(head)) return false; // most files: one search, no comment list
  const comments = head.match(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g) ?? [];
  return comments.some((c) => GENERATED_MARKER.test(c));
}
