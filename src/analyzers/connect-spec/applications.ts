// The applications a connector declares, as the report lists them.
import type { ApplicationSummary } from '../../engine/types.js';
import type { Workspace } from '../../engine/workspace.js';
import { connectSpecOf } from './parse.js';

export function applicationsOf(ws: Workspace): ApplicationSummary[] {
  return connectSpecOf(ws).spec.applications
    .filter((app) => app.name !== '')
    .map((app) => ({ name: app.name, applicationType: app.applicationType, path: ws.resolveDir(app.name) }));
}
