// ConnectorStaged and published Connector persistence. Every write derives the indexed columns from
// the resource itself (`stagedRow`, `publishedRow`), so columns and document never disagree.
// Updates are optimistic: `UPDATE … WHERE id = ? AND version = ?`, one statement, so two writers
// holding the same version cannot both win (SQLite serialises writers; PostgreSQL re-checks the
// WHERE clause after the row lock is released).
import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import type { Connector, ConnectorStaged, PublishedRecord, StagedLifecycle, StagedRecord } from './model.js';
import type { ConnectorStagedTable, ConnectorTable, Database } from './schema.js';

/** Columns a query may sort on, by the Connect field name a client sends in `sort`. */
export const SORTABLE_FIELDS = {
  id: 'id',
  key: 'key',
  version: 'version',
  name: 'name',
  status: 'status',
  createdAt: 'created_at',
  lastModifiedAt: 'last_modified_at',
} as const;

export type SortField = keyof typeof SORTABLE_FIELDS;
export interface SortSpec {
  field: SortField;
  direction: 'asc' | 'desc';
}

export interface Page<T> {
  total: number;
  results: T[];
}

export interface StagedQuery {
  /** Only this project's connectors; undefined = every project (reviewers). */
  projectKey?: string;
  isPrivate?: boolean;
  /** Any of these integration types. */
  integrationTypes?: string[];
  sort: SortSpec[];
  limit: number;
  offset: number;
}

export interface PublishedQuery {
  /** Who is asking: a project sees listed connectors, its own and those it is a private project of. */
  viewer: { projectKey: string } | 'all';
  /** Only connectors assigned to the viewer's project (Connect's `private=true`). */
  onlyAssigned?: boolean;
  text?: string;
  creatorCompany?: string;
  ids?: string[];
  keys?: string[];
  integrationTypes?: string[];
  sort: SortSpec[];
  limit: number;
  offset: number;
}

/** A unique constraint rejected the write (the connector key is taken). */
export class DuplicateKeyError extends Error {
  constructor(readonly key: string) {
    super(`a connector with key "${key}" already exists`);
  }
}

export class ConnectorRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insertStaged(record: StagedRecord): Promise<void> {
    try {
      await this.db.insertInto('connector_staged').values(stagedRow(record)).execute();
    } catch (error) {
      if (isUniqueViolation(error) && record.connector.key !== undefined) throw new DuplicateKeyError(record.connector.key);
      throw error;
    }
  }

  async findStaged(ref: { id: string } | { key: string }): Promise<StagedRecord | undefined> {
    let query = this.db.selectFrom('connector_staged').select(['project_key', 'lifecycle', 'document', 'version']);
    query = 'id' in ref ? query.where('id', '=', ref.id) : query.where('key', '=', ref.key);
    const row = await query.executeTakeFirst();
    return row ? stagedFromRow(row) : undefined;
  }

  /**
   * Writes `record` if the stored version is still `expectedVersion`; returns false when another
   * writer got there first (or the connector is gone). `record.connector.version` is the new version.
   */
  async updateStaged(record: StagedRecord, expectedVersion: number): Promise<boolean> {
    const { id, ...columns } = stagedRow(record);
    const result = await this.db
      .updateTable('connector_staged')
      .set(columns)
      .where('id', '=', id)
      .where('version', '=', expectedVersion)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Deletes the ConnectorStaged (and its published Connector) if its version is still `expectedVersion`. */
  async deleteStaged(id: string, expectedVersion: number): Promise<boolean> {
    const result = await this.db.deleteFrom('connector_staged').where('id', '=', id).where('version', '=', expectedVersion).executeTakeFirst();
    if (Number(result.numDeletedRows) !== 1) return false;
    await this.db.deleteFrom('connectors').where('id', '=', id).execute();
    return true;
  }

  async currentVersion(id: string): Promise<number | undefined> {
    const row = await this.db.selectFrom('connector_staged').select('version').where('id', '=', id).executeTakeFirst();
    return row?.version;
  }

  async listStaged(query: StagedQuery): Promise<Page<StagedRecord>> {
    let base = this.db.selectFrom('connector_staged');
    if (query.projectKey !== undefined) base = base.where('project_key', '=', query.projectKey);
    if (query.isPrivate !== undefined) base = base.where('is_private', '=', query.isPrivate ? 1 : 0);
    if (query.integrationTypes && query.integrationTypes.length > 0) {
      const types = query.integrationTypes;
      base = base.where((eb) => eb.or(types.map((type) => containsQuoted(eb.ref('integration_types'), type))));
    }
    const totalRow = await base.select((eb) => eb.fn.countAll().as('total')).executeTakeFirst();
    let page = base.select(['project_key', 'lifecycle', 'document', 'version']);
    for (const s of withTieBreak(query.sort)) page = page.orderBy(SORTABLE_FIELDS[s.field], s.direction);
    const rows = query.limit === 0 ? [] : await page.limit(query.limit).offset(query.offset).execute();
    return { total: Number(totalRow?.total ?? 0), results: rows.map(stagedFromRow) };
  }

  async upsertPublished(record: PublishedRecord): Promise<void> {
    const row = publishedRow(record);
    const { id, created_at: _createdAt, ...changes } = row;
    const updated = await this.db.updateTable('connectors').set(changes).where('id', '=', id).executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) await this.db.insertInto('connectors').values(row).execute();
  }

  async findPublished(ref: { id: string } | { key: string }): Promise<PublishedRecord | undefined> {
    let query = this.db.selectFrom('connectors').selectAll();
    query = 'id' in ref ? query.where('id', '=', ref.id) : query.where('key', '=', ref.key);
    const row = await query.executeTakeFirst();
    return row ? publishedFromRow(row) : undefined;
  }

  async searchPublished(query: PublishedQuery): Promise<Page<PublishedRecord>> {
    let base = this.db.selectFrom('connectors');
    const viewer = query.viewer;
    if (viewer !== 'all') {
      const assigned = (eb: ExpressionBuilder<Database, 'connectors'>) =>
        eb.or([eb('project_key', '=', viewer.projectKey), containsQuoted(eb.ref('private_project_keys'), viewer.projectKey)]);
      base = query.onlyAssigned ? base.where(assigned) : base.where((eb) => eb.or([eb('listed', '=', 1), assigned(eb)]));
    }
    if (query.text) {
      const pattern = `%${escapeLike(query.text.toLowerCase())}%`;
      base = base.where((eb) => eb.or([likeEscaped(sql`lower(${sql.ref('name')})`, pattern), likeEscaped(sql`lower(${sql.ref('description')})`, pattern)]));
    }
    if (query.creatorCompany !== undefined) base = base.where(sql<SqlBool>`lower(${sql.ref('creator_company')}) = ${query.creatorCompany.toLowerCase()}`);
    if (query.ids && query.ids.length > 0) base = base.where('id', 'in', query.ids);
    if (query.keys && query.keys.length > 0) base = base.where('key', 'in', query.keys);
    if (query.integrationTypes && query.integrationTypes.length > 0) {
      const types = query.integrationTypes;
      base = base.where((eb) => eb.or(types.map((type) => containsQuoted(eb.ref('integration_types'), type))));
    }
    const totalRow = await base.select((eb) => eb.fn.countAll().as('total')).executeTakeFirst();
    let page = base.selectAll();
    for (const s of withTieBreak(query.sort)) page = page.orderBy(SORTABLE_FIELDS[s.field] as 'id', s.direction);
    const rows = query.limit === 0 ? [] : await page.limit(query.limit).offset(query.offset).execute();
    return { total: Number(totalRow?.total ?? 0), results: rows.map(publishedFromRow) };
  }
}

// --- rows -------------------------------------------------------------------------------------

export function stagedRow(record: StagedRecord): ConnectorStagedTable {
  const c = record.connector;
  return {
    id: c.id,
    key: c.key ?? null,
    version: c.version,
    project_key: record.projectKey,
    name: c.name,
    description: c.description,
    status: c.status,
    is_private: c.private ? 1 : 0,
    creator_company: c.creator.company ?? null,
    integration_types: JSON.stringify(c.integrationTypes),
    repository_url: c.repository.url,
    repository_tag: c.repository.tag,
    lifecycle: JSON.stringify(record.lifecycle),
    document: JSON.stringify(c),
    created_at: c.createdAt,
    last_modified_at: c.lastModifiedAt,
  };
}

function stagedFromRow(row: Pick<ConnectorStagedTable, 'project_key' | 'lifecycle' | 'document' | 'version'>): StagedRecord {
  const connector = JSON.parse(row.document) as ConnectorStaged;
  return { connector, projectKey: row.project_key, lifecycle: JSON.parse(row.lifecycle) as StagedLifecycle };
}

export function publishedRow(record: PublishedRecord): ConnectorTable {
  const c = record.connector;
  return {
    id: c.id,
    key: c.key ?? null,
    version: c.version,
    project_key: record.projectKey,
    name: c.name,
    description: c.description ?? '',
    is_private: c.private ? 1 : 0,
    certified: c.certified ? 1 : 0,
    listed: record.listed ? 1 : 0,
    creator_company: c.creator.company ?? null,
    integration_types: JSON.stringify(c.integrationTypes),
    private_project_keys: JSON.stringify(record.privateProjectKeys),
    document: JSON.stringify(c),
    created_at: c.createdAt,
    last_modified_at: c.lastModifiedAt,
  };
}

function publishedFromRow(row: ConnectorTable): PublishedRecord {
  return {
    connector: JSON.parse(row.document) as Connector,
    projectKey: row.project_key,
    privateProjectKeys: JSON.parse(row.private_project_keys) as string[],
    listed: row.listed === 1,
  };
}

// --- SQL helpers --------------------------------------------------------------------------------

/** Stable pagination: equal sort values are ordered by id. */
function withTieBreak(sort: SortSpec[]): SortSpec[] {
  const list = sort.length > 0 ? [...sort] : [{ field: 'createdAt' as const, direction: 'asc' as const }];
  if (!list.some((s) => s.field === 'id')) list.push({ field: 'id', direction: 'asc' });
  return list;
}

const LIKE_ESCAPE = '!';

export function escapeLike(text: string): string {
  return text.replace(/[!%_]/g, (c) => LIKE_ESCAPE + c);
}

function likeEscaped(column: Expression<unknown>, pattern: string): Expression<SqlBool> {
  return sql<SqlBool>`${column} like ${pattern} escape ${sql.lit(LIKE_ESCAPE)}`;
}

/** A JSON array of strings (stored as text) contains `value`. */
function containsQuoted(column: Expression<unknown>, value: string): Expression<SqlBool> {
  return likeEscaped(column, `%${escapeLike(JSON.stringify(value))}%`);
}

export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  // SQLite (better-sqlite3) reports extended result codes; PostgreSQL SQLSTATE 23505.
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505';
}
