// ConnectorStaged update actions (connect-reference.md §D.4), applied in order to a copy of the
// stored record. Status rules come from the state machine (pipeline/state.ts); side effects that
// must be written in the same transaction as the update (runs, jobs, outbox events) are returned as
// `effects`, not performed here. Shapes were validated against ACTION_SCHEMAS before this runs.
import { lifecyclePayload } from '../pipeline/lifecycle-message.js';
import { LIFECYCLE_TOPICS } from '../pipeline/messages.js';
import { assertEditable, LifecycleError, markChanged, nextStatus } from '../pipeline/state.js';
import type { ConnectorStaged, StagedRecord } from '../store/model.js';
import { newId } from '../store/index.js';
import { ConnectError, errors } from './errors.js';
import type { RepositoryResolver } from './repository-spec.js';
import type { Principal } from './scopes.js';

export type UpdateAction = { action: string } & Record<string, unknown>;

/** Queue names the pipeline workers consume. */
export const QUEUES = { certification: 'certification', preview: 'preview' } as const;

/**
 * Outbox topics (the e-mail part subscribes to these). The lifecycle topics carry a
 * `LifecycleMessagePayload` (pipeline/messages.ts); the others are for the audit trail.
 */
export const TOPICS = {
  ...LIFECYCLE_TOPICS,
  previewRequested: 'connector.preview-requested',
  commentAdded: 'connector.comment-added',
  unlisted: 'connector.unlisted',
} as const;

export type Effect =
  | { type: 'run'; runId: string; kind: 'publish' | 'certification' | 'preview'; repository: { url: string; tag: string }; commit?: string }
  | { type: 'job'; jobId: string; queue: string; payload: Record<string, unknown>; singletonKey: string }
  | { type: 'outbox'; topic: string; payload: Record<string, unknown> }
  | { type: 'comment'; comment: string }
  | { type: 'unlist' };

export interface ActionContext {
  principal: Principal;
  now: Date;
  resolveRepository: RepositoryResolver;
}

export interface AppliedActions {
  record: StagedRecord;
  effects: Effect[];
  changed: boolean;
}

/** Actions a reviewer (certify_connectors without manage scope) may send. */
export const REVIEWER_ACTIONS: ReadonlySet<string> = new Set(['addCertificationComment']);

export async function applyActions(current: StagedRecord, actions: UpdateAction[], context: ActionContext): Promise<AppliedActions> {
  // Stored records are plain JSON: a JSON round trip copies them (faster than structuredClone), and
  // the same text tells below whether anything changed.
  const currentJson = JSON.stringify(current);
  const record = JSON.parse(currentJson) as StagedRecord;
  const effects: Effect[] = [];
  for (const [index, action] of actions.entries()) {
    try {
      await applyAction(record, action, context, effects);
    } catch (error) {
      if (error instanceof LifecycleError) throw errors.business(error.code, error.message, { action: action.action, actionIndex: index });
      throw error;
    }
  }
  const changed = JSON.stringify(record) !== currentJson;
  if (changed) {
    record.connector.version = current.connector.version + 1;
    record.connector.lastModifiedAt = context.now.toISOString();
  }
  return { record, effects, changed };
}

/** Every action but the comment edits the staged data: frozen statuses refuse them. */
function edit(record: StagedRecord, change: (c: ConnectorStaged) => void): void {
  assertEditable(record);
  const before = JSON.stringify(record.connector);
  change(record.connector);
  if (JSON.stringify(record.connector) !== before) markChanged(record);
}

async function applyAction(record: StagedRecord, action: UpdateAction, context: ActionContext, effects: Effect[]): Promise<void> {
  const c = record.connector;
  const field = <T>(name: string) => action[name] as T;
  switch (action.action) {
    case 'setName':
      return edit(record, (x) => void (x.name = field<string>('name')));
    case 'setDescription':
      return edit(record, (x) => void (x.description = field<string>('description')));
    case 'setIntegrationTypes':
      return edit(record, (x) => void (x.integrationTypes = [...field<string[]>('integrationTypes')]));
    case 'setSupportedRegions':
      return edit(record, (x) => void (x.supportedRegions = [...field<string[]>('regions')]));
    case 'setDocumentationUrl':
      return edit(record, (x) => void (x.documentationUrl = field<string>('documentationUrl')));
    case 'setCreatorEmail':
      return edit(record, (x) => void (x.creator.email = field<string>('creatorEmail')));
    case 'setCreatorName':
      return edit(record, (x) => void (x.creator.name = field<string>('creatorName')));
    case 'setCreatorTitle':
      return edit(record, (x) => void (x.creator.title = field<string>('creatorTitle')));
    case 'setCreatorCompany':
      return edit(record, (x) => void (x.creator.company = field<string>('creatorCompany')));
    case 'setCreatorLogo':
      return edit(record, (x) => void (x.creator.logoUrl = field<string>('logoUrl')));
    case 'setCreatorSupportUrl':
      return edit(record, (x) => void (x.creator.supportUrl = field<string>('creatorSupportUrl')));
    case 'setCreatorNoOfContributors':
      return edit(record, (x) => void (x.creator.noOfContributors = field<number>('creatorNoOfContributors')));

    case 'addPrivateProject':
    case 'removePrivateProject': {
      assertEditable(record);
      if (!c.private) {
        throw new LifecycleError('ConnectorStagedNotPrivate', `ConnectorStaged '${c.id}' is not private; private projects apply to private connectors only.`);
      }
      const project = field<string>('privateProject');
      return edit(record, (x) => {
        const others = x.privateProjects.filter((p) => p !== project);
        x.privateProjects = action.action === 'addPrivateProject' ? [...others, project] : others;
      });
    }

    case 'setRepository': {
      assertEditable(record);
      const url = field<string | undefined>('url') ?? c.repository.url;
      const tag = field<string>('tag');
      // Connect re-reads connect.yaml at the (new) tag: configurations follow the repository.
      const resolved = await context.resolveRepository(url, tag);
      return edit(record, (x) => {
        x.repository = { url, tag };
        x.configurations = resolved.configurations;
        if (resolved.globalConfiguration) x.globalConfiguration = resolved.globalConfiguration;
        else delete x.globalConfiguration;
        if (resolved.apiClient) x.apiClient = resolved.apiClient;
        else delete x.apiClient;
        record.lifecycle.repositoryCommit = resolved.commit;
      });
    }

    case 'addCertificationComment': {
      const comment = field<string>('comment');
      const userId = context.principal.projectKey ?? context.principal.clientId;
      const comments = c.certificationInfo?.comments ?? [];
      c.certificationInfo = { comments: [...comments, { userId, datetime: context.now.toISOString(), comment }] };
      effects.push({ type: 'comment', comment });
      effects.push({ type: 'outbox', topic: TOPICS.commentAdded, payload: { connectorId: c.id, userId, comment, reviewer: context.principal.reviewer } });
      return;
    }

    case 'publish': {
      const certification = field<boolean>('certification');
      c.status = nextStatus(c.status, { type: 'publishRequested', certification }, record);
      const runId = newId();
      const jobId = newId();
      const kind = certification ? 'certification' : 'publish';
      record.lifecycle.pendingPublication = { certification, runId, jobId, requestedAt: context.now.toISOString(), requestedBy: context.principal.clientId };
      delete c.publishingReport;
      effects.push({ type: 'run', runId, kind, repository: { ...c.repository }, ...(record.lifecycle.repositoryCommit ? { commit: record.lifecycle.repositoryCommit } : {}) });
      effects.push({
        type: 'job',
        jobId,
        queue: QUEUES.certification,
        payload: { runId, connectorId: c.id, certification },
        singletonKey: `publish:${c.id}`,
      });
      effects.push({ type: 'outbox', topic: TOPICS.publishRequested, payload: { ...lifecyclePayload(record, { runId, certification }) } });
      return;
    }

    case 'updatePreviewable': {
      if (c.isPreviewable === 'pending') {
        throw new LifecycleError('ConnectorStagedPreviewRequestUnderProcess', `A preview request for ConnectorStaged '${c.id}' is already being processed.`);
      }
      const runId = newId();
      const jobId = newId();
      c.isPreviewable = 'pending';
      delete c.previewableReport;
      record.lifecycle.pendingPreview = { runId, jobId, requestedAt: context.now.toISOString() };
      effects.push({ type: 'run', runId, kind: 'preview', repository: { ...c.repository }, ...(record.lifecycle.repositoryCommit ? { commit: record.lifecycle.repositoryCommit } : {}) });
      effects.push({ type: 'job', jobId, queue: QUEUES.preview, payload: { runId, connectorId: c.id }, singletonKey: `preview:${c.id}` });
      effects.push({ type: 'outbox', topic: TOPICS.previewRequested, payload: { connectorId: c.id, runId } });
      return;
    }

    case 'unlist': {
      assertEditable(record);
      if (!c.alreadyListed) return; // nothing listed: unlisting is a no-op
      c.alreadyListed = false;
      effects.push({ type: 'unlist' });
      effects.push({ type: 'outbox', topic: TOPICS.unlisted, payload: { connectorId: c.id } });
      return;
    }

    default:
      // Shapes are validated first, so this is only reached for an action without a handler.
      throw new ConnectError(400, 'InvalidJsonInput', `Unknown update action '${action.action}'.`, { detailedErrorMessage: `actions: unknown action '${action.action}'` });
  }
}
