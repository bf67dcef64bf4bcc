// Small helpers the connect-yaml checks share: where a path of connect.yaml is, and every
// configuration entry with the application it belongs to.
import type { FindingInput } from '../../engine/types.js';
import type { ConnectApplication, ConnectConfigEntry, ConnectSpecParse, PathSegment } from './parse.js';

export type FindingLocation = Pick<FindingInput, 'file' | 'line' | 'column' | 'endLine' | 'endColumn'>;

/** File, line and column of a node of connect.yaml (of its key when `atKey`). */
export function locate(parse: ConnectSpecParse, path: PathSegment[], atKey = false): FindingLocation {
  const position = atKey && parse.keyPositionOf ? parse.keyPositionOf(path) : parse.positionOf(path);
  const location: FindingLocation = { file: parse.file, line: position.line, column: position.column };
  if (position.endLine !== undefined) location.endLine = position.endLine;
  if (position.endColumn !== undefined) location.endColumn = position.endColumn;
  return location;
}

export interface LocatedConfigEntry {
  entry: ConnectConfigEntry;
  /** Undefined for inheritAs.configuration (global) entries. */
  application?: ConnectApplication;
}

/** Every configuration entry with a string key: each application's, then the global ones. */
export function configurationEntriesOf(parse: ConnectSpecParse): LocatedConfigEntry[] {
  const out: LocatedConfigEntry[] = [];
  for (const application of parse.spec.applications) {
    for (const entry of application.configuration) out.push({ entry, application });
  }
  for (const entry of parse.spec.globalConfiguration) out.push({ entry });
  return out;
}

/** "deployAs.0 (my-app)" or "inheritAs.configuration": where an entry is declared, for messages. */
export function ownerOf(located: LocatedConfigEntry): string {
  const app = located.application;
  if (!app) return 'inheritAs.configuration';
  return app.name ? `application "${app.name}"` : `deployAs.${app.index}`;
}

/** Dotted path as Connect's parser prints it. */
export function fieldOf(path: PathSegment[]): string {
  return path.map(String).join('.');
}

/** The raw `inheritAs.apiClient` object, when the file declares one. */
export function apiClientOf(parse: ConnectSpecParse): Record<string, unknown> | undefined {
  const root = parse.value;
  if (!isRecord(root) || !isRecord(root.inheritAs)) return undefined;
  return isRecord(root.inheritAs.apiClient) ? root.inheritAs.apiClient : undefined;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
