// The Connect-compatible connector API (connect-reference.md §D.1): ConnectorStaged under
// /connectors/drafts (create, query, get, update, delete, by id and by key) and the published
// Connector under /connectors (get by id or key, search). A caller sees its own project's
// connectors only (anything else is 404 ResourceNotFound); reviewers see every connector.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { FROZEN_STATUSES, type ConnectorStatus } from '../pipeline/state.js';
import { DuplicateKeyError, SORTABLE_FIELDS, newId, type ConnectorStaged, type PublishedRecord, type Repositories, type SortSpec, type StagedRecord, type Store } from '../store/index.js';
import { applyActions, REVIEWER_ACTIONS, type Effect, type UpdateAction } from './actions.js';
import { principal } from './auth.js';
import { ConnectError, errors } from './errors.js';
import type { RepositoryResolver } from './repository-spec.js';
import { DELETE_QUERY, errorResponses, ID_PARAMS, KEY_PARAMS, okResponse, schemaRef, SEARCH_QUERY, STAGED_QUERY } from './schemas.js';
import type { Principal } from './scopes.js';

export interface ConnectorRouteOptions {
  store: Store;
  resolveRepository: RepositoryResolver;
  now: () => Date;
}

interface Draft {
  key?: string;
  name: string;
  description?: string;
  integrationTypes?: string[];
  creator: ConnectorStaged['creator'];
  repository: { url: string; tag: string };
  supportedRegions?: string[];
  privateProjects?: string[];
  documentationUrl?: string;
}

type Ref = { id: string } | { key: string };

const VIEW_SECURITY = [{ oauth2: ['view_connectors:{projectKey}'] }, { oauth2: ['manage_connectors:{projectKey}'] }, { oauth2: ['manage_project:{projectKey}'] }, { oauth2: ['certify_connectors'] }];
const MANAGE_SECURITY = [{ oauth2: ['manage_connectors:{projectKey}'] }, { oauth2: ['manage_project:{projectKey}'] }];
const UPDATE_SECURITY = [...MANAGE_SECURITY, { oauth2: ['certify_connectors'] }];

export function registerConnectorRoutes(app: FastifyInstance, options: ConnectorRouteOptions): void {
  const { store, now } = options;

  // --- ConnectorStaged ----------------------------------------------------------------------------

  app.post(
    '/connectors/drafts',
    {
      config: { access: 'manage' },
      schema: {
        tags: ['ConnectorStaged'],
        operationId: 'createConnectorStaged',
        summary: 'Create a ConnectorStaged',
        description: 'Reads connect.yaml at the repository tag to derive configurations, globalConfiguration and apiClient.',
        security: MANAGE_SECURITY,
        body: schemaRef('ConnectorStagedDraft'),
        response: { 201: okResponse('ConnectorStaged', 'The created ConnectorStaged.'), ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const caller = principal(request);
      const draft = request.body as Draft;
      // Checked again by the unique index on insert; this only saves a clone for an obvious duplicate.
      if (draft.key !== undefined && (await store.connectors.findStaged({ key: draft.key }))) throw errors.duplicateField('key', draft.key);
      const resolved = await options.resolveRepository(draft.repository.url, draft.repository.tag);
      const at = now().toISOString();
      const connector: ConnectorStaged = {
        id: newId(),
        ...(draft.key !== undefined ? { key: draft.key } : {}),
        version: 1,
        name: draft.name,
        description: draft.description ?? '',
        integrationTypes: draft.integrationTypes ?? [],
        creator: { ...draft.creator },
        repository: { url: draft.repository.url, tag: draft.repository.tag },
        configurations: resolved.configurations,
        ...(resolved.globalConfiguration ? { globalConfiguration: resolved.globalConfiguration } : {}),
        ...(resolved.apiClient ? { apiClient: resolved.apiClient } : {}),
        // Until it is certified and listed, a connector is visible to its own project and its
        // privateProjects only.
        private: true,
        privateProjects: draft.privateProjects ?? [],
        supportedRegions: draft.supportedRegions ?? [],
        status: 'Draft',
        alreadyListed: false,
        hasChanges: false,
        isPreviewable: 'none',
        ...(draft.documentationUrl !== undefined ? { documentationUrl: draft.documentationUrl } : {}),
        createdAt: at,
        lastModifiedAt: at,
      };
      const record: StagedRecord = {
        connector,
        projectKey: caller.projectKey!,
        lifecycle: { repositoryCommit: resolved.commit, published: false, certified: false },
      };
      try {
        await store.connectors.insertStaged(record);
      } catch (error) {
        if (error instanceof DuplicateKeyError) throw errors.duplicateField('key', error.key);
        throw error;
      }
      request.log.info({ connectorId: connector.id, projectKey: record.projectKey }, 'ConnectorStaged created');
      return reply.code(201).send(connector);
    },
  );

  app.get(
    '/connectors/drafts',
    {
      config: { access: 'view' },
      schema: {
        tags: ['ConnectorStaged'],
        operationId: 'queryConnectorStaged',
        summary: 'Query ConnectorStaged',
        security: VIEW_SECURITY,
        querystring: STAGED_QUERY,
        response: { 200: okResponse('ConnectorStagedPagedQueryResponse', 'A page of the caller\'s ConnectorStaged.'), ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const caller = principal(request);
      const q = request.query as { limit: number; offset: number; sort?: string[]; isPrivate?: boolean; integrationTypes?: string[] };
      const page = await store.connectors.listStaged({
        ...(caller.reviewer ? {} : { projectKey: caller.projectKey! }),
        ...(q.isPrivate !== undefined ? { isPrivate: q.isPrivate } : {}),
        ...(q.integrationTypes ? { integrationTypes: q.integrationTypes } : {}),
        sort: parseSort(q.sort),
        limit: q.limit,
        offset: q.offset,
      });
      const results = page.results.map((r) => r.connector);
      return { limit: q.limit, offset: q.offset, count: results.length, total: page.total, results };
    },
  );

  for (const by of ['id', 'key'] as const) {
    const url = by === 'id' ? '/connectors/drafts/:id' : '/connectors/drafts/key=:key';
    const params = by === 'id' ? ID_PARAMS : KEY_PARAMS;
    const label = by === 'id' ? 'ById' : 'ByKey';
    const refOf = (request: FastifyRequest): Ref => refFromParams(request.params as Record<string, string>);

    app.get(
      url,
      {
        config: { access: 'view' },
        schema: {
          tags: ['ConnectorStaged'],
          operationId: `getConnectorStaged${label}`,
          summary: `Get a ConnectorStaged by ${by}`,
          security: VIEW_SECURITY,
          params,
          response: { 200: okResponse('ConnectorStaged', 'The ConnectorStaged.'), ...errorResponses(401, 403, 404) },
        },
      },
      async (request) => (await visibleStaged(store, principal(request), refOf(request))).connector,
    );

    app.post(
      url,
      {
        config: { access: 'update' },
        schema: {
          tags: ['ConnectorStaged'],
          operationId: `updateConnectorStaged${label}`,
          summary: `Update a ConnectorStaged by ${by}`,
          description: 'Applies the update actions in order, atomically, if `version` is the current version (else 409 ConcurrentModification). Reviewers (certify_connectors) may only add certification comments.',
          security: UPDATE_SECURITY,
          params,
          body: schemaRef('ConnectorUpdate'),
          response: { 200: okResponse('ConnectorStaged', 'The updated ConnectorStaged.'), ...errorResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) => {
        const caller = principal(request);
        const body = request.body as { version: number; actions: UpdateAction[] };
        const current = await visibleStaged(store, caller, refOf(request));
        if (!owns(caller, current)) {
          const forbidden = body.actions.find((a) => !REVIEWER_ACTIONS.has(a.action));
          if (forbidden) throw errors.insufficientScope(`Reviewers may only add certification comments; '${forbidden.action}' needs manage_connectors of the connector's project.`);
        }
        if (body.version !== current.connector.version) throw errors.concurrentModification(body.version, current.connector.version);
        const applied = await applyActions(current, body.actions, { principal: caller, now: now(), resolveRepository: options.resolveRepository });
        if (!applied.changed) return current.connector;
        const write = async (repositories: Repositories) => {
          if (!(await repositories.connectors.updateStaged(applied.record, body.version))) {
            throw errors.concurrentModification(body.version, await repositories.connectors.currentVersion(current.connector.id));
          }
          await writeEffects(repositories, applied.record, applied.effects, caller, now());
        };
        // One version-checked UPDATE is atomic on its own; a transaction only when effects go with it.
        await (applied.effects.length === 0 ? write(store) : store.transaction(write));
        return applied.record.connector;
      },
    );

    app.delete(
      url,
      {
        config: { access: 'manage' },
        schema: {
          tags: ['ConnectorStaged'],
          operationId: `deleteConnectorStaged${label}`,
          summary: `Delete a ConnectorStaged by ${by}`,
          description: 'Deletes the ConnectorStaged and its published Connector. Refused while it is processed or in certification.',
          security: MANAGE_SECURITY,
          params,
          querystring: DELETE_QUERY,
          response: { 200: okResponse('ConnectorStaged', 'The deleted ConnectorStaged.'), ...errorResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) => {
        const caller = principal(request);
        const { version } = request.query as { version?: number };
        const current = await visibleStaged(store, caller, refOf(request));
        if (!owns(caller, current)) throw notFound(refOf(request));
        if (FROZEN_STATUSES.includes(current.connector.status as ConnectorStatus)) {
          throw errors.business('ConnectorStagedInCertification', `ConnectorStaged '${current.connector.id}' is ${current.connector.status} and cannot be deleted until the process completes.`);
        }
        const expected = version ?? current.connector.version;
        if (expected !== current.connector.version) throw errors.concurrentModification(expected, current.connector.version);
        await store.transaction(async (tx) => {
          if (!(await tx.connectors.deleteStaged(current.connector.id, expected))) {
            throw errors.concurrentModification(expected, await tx.connectors.currentVersion(current.connector.id));
          }
          await tx.jobs.cancelQueued(`preview:${current.connector.id}`, now());
        });
        request.log.info({ connectorId: current.connector.id }, 'ConnectorStaged deleted');
        return current.connector;
      },
    );
  }

  // --- published Connector ---------------------------------------------------------------------

  app.get(
    '/connectors/search',
    {
      config: { access: 'view' },
      schema: {
        tags: ['Connector'],
        operationId: 'searchConnectors',
        summary: 'Search published Connectors',
        description: '`text` matches name and description; `private=true` returns only Connectors assigned to your project.',
        security: VIEW_SECURITY,
        querystring: SEARCH_QUERY,
        response: { 200: okResponse('ConnectorSearchPagedQueryResponse', 'A page of the published Connectors visible to the caller.'), ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const caller = principal(request);
      const q = request.query as {
        text?: string;
        limit: number;
        offset: number;
        sort?: string[];
        private?: boolean;
        'creator.company'?: string;
        id?: string[];
        key?: string[];
        integrationTypes?: string[];
      };
      const page = await store.connectors.searchPublished({
        viewer: caller.reviewer ? 'all' : { projectKey: caller.projectKey! },
        ...(q.private ? { onlyAssigned: true } : {}),
        ...(q.text ? { text: q.text } : {}),
        ...(q['creator.company'] !== undefined ? { creatorCompany: q['creator.company'] } : {}),
        ...(q.id ? { ids: q.id } : {}),
        ...(q.key ? { keys: q.key } : {}),
        ...(q.integrationTypes ? { integrationTypes: q.integrationTypes } : {}),
        sort: parseSort(q.sort),
        limit: q.limit,
        offset: q.offset,
      });
      const results = page.results.map((r) => r.connector);
      return { limit: q.limit, offset: q.offset, count: results.length, total: page.total, results };
    },
  );

  for (const by of ['id', 'key'] as const) {
    app.get(
      by === 'id' ? '/connectors/:id' : '/connectors/key=:key',
      {
        config: { access: 'view' },
        schema: {
          tags: ['Connector'],
          operationId: by === 'id' ? 'getConnectorById' : 'getConnectorByKey',
          summary: `Get a published Connector by ${by}`,
          security: VIEW_SECURITY,
          params: by === 'id' ? ID_PARAMS : KEY_PARAMS,
          response: { 200: okResponse('Connector', 'The published Connector.'), ...errorResponses(401, 403, 404) },
        },
      },
      async (request) => {
        const ref = refFromParams(request.params as Record<string, string>);
        const record = await store.connectors.findPublished(ref);
        if (!record || !canSeePublished(principal(request), record)) throw notFound(ref, 'Connector');
        return record.connector;
      },
    );
  }
}

/** `/connectors/drafts/key%3Dabc` reaches the id route with id `key=abc`: treat it as the key it is. */
function refFromParams(params: Record<string, string>): Ref {
  if (params.key !== undefined) return { key: params.key };
  const id = params.id ?? '';
  return id.startsWith('key=') ? { key: id.slice(4) } : { id };
}

function notFound(ref: Ref, resource = 'ConnectorStaged'): ConnectError {
  return 'id' in ref
    ? errors.notFound(`The ${resource} with ID '${ref.id}' was not found.`)
    : errors.notFound(`The ${resource} with key '${ref.key}' was not found.`);
}

async function visibleStaged(store: Store, caller: Principal, ref: Ref): Promise<StagedRecord> {
  const record = await store.connectors.findStaged(ref);
  if (!record || !(caller.reviewer || (caller.canView && record.projectKey === caller.projectKey))) throw notFound(ref);
  return record;
}

function owns(caller: Principal, record: StagedRecord): boolean {
  return caller.canManage && record.projectKey === caller.projectKey;
}

function canSeePublished(caller: Principal, record: PublishedRecord): boolean {
  if (caller.reviewer || record.listed) return true;
  const project = caller.projectKey;
  return project !== undefined && (record.projectKey === project || record.privateProjectKeys.includes(project));
}

/** `sort=createdAt desc` → [{field, direction}]; unknown fields are InvalidQueryParam. */
export function parseSort(values: string[] | undefined): SortSpec[] {
  if (!values) return [];
  return values.map((value) => {
    const [field, direction = 'asc', ...rest] = value.trim().split(/\s+/);
    if (!field || !(field in SORTABLE_FIELDS) || rest.length > 0 || (direction !== 'asc' && direction !== 'desc')) {
      throw errors.invalidQuery(`sort: '${value.slice(0, 64)}' is not a valid sort; use '<field> asc|desc' with field one of ${Object.keys(SORTABLE_FIELDS).join(', ')}`);
    }
    return { field: field as SortSpec['field'], direction };
  });
}

/** Writes the side effects of update actions in the update's transaction. */
async function writeEffects(tx: Repositories, record: StagedRecord, effects: Effect[], caller: Principal, at: Date): Promise<void> {
  const c = record.connector;
  for (const effect of effects) {
    switch (effect.type) {
      case 'run':
        await tx.runs.create({
          id: effect.runId,
          connectorId: c.id,
          connectorVersion: c.version,
          kind: effect.kind,
          repository: effect.repository,
          ...(effect.commit ? { commit: effect.commit } : {}),
          requestedBy: caller.clientId,
          now: at,
        });
        break;
      case 'job':
        await tx.jobs.enqueue({ id: effect.jobId, queue: effect.queue, payload: { ...effect.payload, connectorVersion: c.version }, singletonKey: effect.singletonKey, now: at });
        break;
      case 'outbox':
        await tx.outbox.add({ topic: effect.topic, aggregateId: c.id, payload: effect.payload, now: at });
        break;
      case 'comment':
        await tx.reviews.add({ connectorId: c.id, reviewer: caller.clientId, kind: 'comment', body: effect.comment, now: at });
        break;
      case 'unlist': {
        const published = await tx.connectors.findPublished({ id: c.id });
        if (published) await tx.connectors.upsertPublished({ ...published, listed: false, connector: { ...published.connector, lastModifiedAt: at.toISOString() } });
        break;
      }
    }
  }
}
