// What a lifecycle e-mail says, gathered from its outbox row: the payload first, then the run (its
// tag; certification or private publish) and the ConnectorStaged row (name, key, creator e-mail) for
// what the payload lacks (the API's `publish-requested` payloads carry only
// `{ connectorId, runId, certification, repository }`).
import type { Kysely } from 'kysely';
import type { LifecycleBlocker, LifecycleTopic } from '../pipeline/messages.js';
import type { Database } from '../store/schema.js';

export interface MailFacts {
  topic: LifecycleTopic;
  /** The outbox row the message comes from (its id makes the Message-ID). */
  outboxId: string;
  connectorId: string;
  connectorKey?: string;
  connectorName: string;
  recipient?: string;
  status?: string;
  /** `publish-requested`: certification (true) or private publish (false). */
  certification?: boolean;
  runId?: string;
  repository?: { url: string; tag: string };
  blockers: LifecycleBlocker[];
  reasons: string[];
}

/** A payload no attempt can render (not JSON, wrong shapes): the message is dead at once. */
export class PayloadError extends Error {
  readonly permanent = true;
}

export interface OutboxRowForMail {
  id: string;
  topic: LifecycleTopic;
  aggregate_id: string;
  payload: string;
}

export async function gatherFacts(db: Kysely<Database>, row: OutboxRowForMail): Promise<MailFacts> {
  const payload = parsePayload(row);
  const connectorId = text(payload.connectorId) ?? row.aggregate_id;
  const facts: MailFacts = {
    topic: row.topic,
    outboxId: row.id,
    connectorId,
    connectorName: text(payload.connectorName) ?? '',
    blockers: blockersOf(payload.blockers, row.id),
    reasons: Array.isArray(payload.reasons) ? payload.reasons.filter((r): r is string => typeof r === 'string' && r.trim() !== '') : [],
  };
  assign(facts, 'connectorKey', text(payload.connectorKey));
  assign(facts, 'recipient', text(payload.creatorEmail));
  assign(facts, 'status', text(payload.status));
  assign(facts, 'runId', text(payload.runId));
  if (typeof payload.certification === 'boolean') facts.certification = payload.certification;
  const repository = repositoryOf(payload.repository);
  if (repository) facts.repository = repository;

  // The run: the tag it certified, and what was asked for (a `publish` run is a private publish).
  const runColumns = ['id', 'kind', 'repository_url', 'repository_tag'] as const;
  const run =
    facts.runId !== undefined
      ? await db.selectFrom('certification_runs').select(runColumns).where('id', '=', facts.runId).executeTakeFirst()
      : await db
          .selectFrom('certification_runs')
          .select(runColumns)
          .where('connector_id', '=', connectorId)
          .where('kind', '!=', 'preview')
          .orderBy('created_at', 'desc')
          .orderBy('id', 'desc')
          .limit(1)
          .executeTakeFirst();
  if (run) {
    facts.runId ??= run.id;
    facts.repository ??= { url: run.repository_url, tag: run.repository_tag };
    if (facts.certification === undefined && run.kind !== 'preview') facts.certification = run.kind === 'certification';
  }

  if (facts.connectorName === '' || facts.connectorKey === undefined || facts.recipient === undefined || facts.repository === undefined) {
    const staged = await db.selectFrom('connector_staged').select(['key', 'name', 'repository_url', 'repository_tag', 'document']).where('id', '=', connectorId).executeTakeFirst();
    if (staged) {
      if (facts.connectorName === '') facts.connectorName = staged.name;
      if (facts.connectorKey === undefined && staged.key) facts.connectorKey = staged.key;
      facts.repository ??= { url: staged.repository_url, tag: staged.repository_tag };
      if (facts.recipient === undefined) assign(facts, 'recipient', text(jsonField(staged.document, ['creator', 'email'])));
    }
  }
  if (facts.connectorName === '') facts.connectorName = facts.connectorKey ?? connectorId;
  return facts;
}

function parsePayload(row: OutboxRowForMail): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(row.payload);
  } catch (error) {
    throw new PayloadError(`outbox ${row.id}: payload is not JSON (${(error as Error).message})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new PayloadError(`outbox ${row.id}: payload is not a JSON object`);
  return value as Record<string, unknown>;
}

function blockersOf(value: unknown, outboxId: string): LifecycleBlocker[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new PayloadError(`outbox ${outboxId}: payload.blockers is not an array`);
  return value.map((entry, index) => {
    const b = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
    const message = text(b.message);
    if (message === undefined) throw new PayloadError(`outbox ${outboxId}: payload.blockers[${index}].message is missing`);
    return { check: text(b.check) ?? '', requirement: text(b.requirement) ?? '', message, remediation: text(b.remediation) ?? '' };
  });
}

function repositoryOf(value: unknown): { url: string; tag: string } | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { url, tag } = value as Record<string, unknown>;
  return typeof url === 'string' && typeof tag === 'string' ? { url, tag } : undefined;
}

function jsonField(document: string, pathParts: string[]): unknown {
  let value: unknown;
  try {
    value = JSON.parse(document);
  } catch {
    return undefined;
  }
  for (const part of pathParts) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

function assign<K extends 'connectorKey' | 'recipient' | 'status' | 'runId'>(facts: MailFacts, key: K, value: string | undefined): void {
  if (value !== undefined) facts[key] = value;
}
