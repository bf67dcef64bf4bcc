// Test helper for the code checks: a one-application connector built from code strings.
import type { CheckDefinition, Finding } from '../../../engine/types.js';
import { runCheck, workspaceFromFiles, type FixtureFiles } from '../../../engine/testing.js';
import type { Workspace } from '../../../engine/workspace.js';

export interface AppOptions {
  name?: string;
  applicationType?: string;
  /** Extra package.json fields (scripts, dependencies, …). */
  packageJson?: Record<string, unknown>;
  /** Extra YAML appended under the application in connect.yaml (indented 4 spaces). */
  yaml?: string;
  /** Files at the repository root (outside the application folder). */
  root?: FixtureFiles;
}

const WITH_ENDPOINT = new Set(['service', 'event', 'job']);

/**
 * A connector with one application whose folder holds `files` (paths relative to the application
 * folder). Without a start script and without src/index.*, every file under src/ is runtime code.
 */
export function connector(files: FixtureFiles, options: AppOptions = {}): Workspace {
  const name = options.name ?? 'service';
  const type = options.applicationType ?? 'service';
  const yaml =
    `deployAs:\n  - name: ${name}\n    applicationType: ${type}\n` +
    (WITH_ENDPOINT.has(type) ? `    endpoint: /${name}\n` : '') +
    (options.yaml ?? '');
  const pkg = { name, version: '1.0.0', ...(options.packageJson ?? {}) };
  const prefixed: FixtureFiles = {};
  for (const [path, content] of Object.entries(files)) prefixed[`${name}/${path}`] = content;
  return workspaceFromFiles({ 'connect.yaml': yaml, [`${name}/package.json`]: JSON.stringify(pkg, null, 2), ...prefixed, ...(options.root ?? {}) });
}

/** Runs a check on a one-application connector whose src/app.js (or given file) holds `code`. */
export async function findingsFor(check: CheckDefinition, code: string, options: AppOptions & { file?: string } = {}): Promise<Finding[]> {
  const ws = connector({ [options.file ?? 'src/app.js']: code }, options);
  return (await runCheck(check, ws)).findings;
}
