// Helpers for check tests: build a real workspace from a fixture folder or an in-memory file map
// (written to a temporary folder and indexed like any repository), run one check, get findings.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { indexLocalFolder } from './acquire/local.js';
import type { CheckDefinition, CheckStatus, Finding, FindingInput } from './types.js';
import { Workspace, type CreatorRecord, type EngineSettings } from './workspace.js';
import { statusFrom } from './verdict.js';
import type { RepositoryConfig } from './config.js';

export type FixtureFiles = Record<string, string | { symlink: string }>;

/** Fixture folders are named so the test run's teardown can find and remove them. */
export const FIXTURE_DIR_PREFIX = 'connect-certify-fixture-';

const created: string[] = [];

/** Writes `files` under a fresh temporary folder and returns its path (removed at process exit). */
export function writeFixture(files: FixtureFiles): string {
  const root = mkdtempSync(path.join(tmpdir(), FIXTURE_DIR_PREFIX));
  created.push(root);
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(root, rel);
    mkdirSync(path.dirname(abs), { recursive: true });
    if (typeof content === 'string') writeFileSync(abs, content);
    else symlinkSync(content.symlink, abs);
  }
  return root;
}

process.once('exit', () => {
  for (const dir of created) rmSync(dir, { recursive: true, force: true });
});

export interface WorkspaceFixtureOptions {
  config?: RepositoryConfig;
  creator?: CreatorRecord;
  settings?: EngineSettings;
}

export function workspaceFromFolder(folder: string, options: WorkspaceFixtureOptions = {}): Workspace {
  return new Workspace({ index: indexLocalFolder(folder, { ignoreGit: true }), ...options });
}

export function workspaceFromFiles(files: FixtureFiles, options: WorkspaceFixtureOptions = {}): Workspace {
  return workspaceFromFolder(writeFixture(files), options);
}

export interface CheckRun {
  findings: Finding[];
  status: CheckStatus;
  skipped?: string;
  sections: Record<string, unknown>;
}

/** Runs one check against a workspace, the way the engine would, and returns what it reported. */
export async function runCheck(check: CheckDefinition, ws: Workspace): Promise<CheckRun> {
  const findings: Finding[] = [];
  const sections: Record<string, unknown> = {};
  let skipped: string | undefined;
  await check.run({
    workspace: ws,
    signal: new AbortController().signal,
    report: (input: FindingInput) => {
      const { requirement, remediation, ...rest } = input;
      findings.push({ check: check.id, requirement: requirement ?? check.requirement, remediation: remediation ?? check.remediation, ...rest });
    },
    skip: (reason) => {
      skipped = reason;
    },
    attach: (key, value) => {
      sections[key] = value;
    },
  });
  const status: CheckStatus = skipped ? 'skipped' : statusFrom(findings);
  return { findings, status, skipped, sections };
}
