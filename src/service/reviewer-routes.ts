// The reviewer API (scope certify_connectors, the Connect team) and the report endpoint.
//   GET  /reviews                      the queue: ReadyForCertification / InCertification submissions
//   GET  /reviews/{id}                 one submission: ConnectorStaged, latest run, report, MANUAL items
//   POST /reviews/{id}/claim           take it: → InCertification (409 when someone else was first)
//   POST /reviews/{id}/checklist       answer one MANUAL item: state + note
//   POST /reviews/{id}/notes           a free note on the submission
//   POST /reviews/{id}/approve         → Published, certified, listed (every MANUAL item answered)
//   POST /reviews/{id}/reject          → Failed, the reasons become certification comments
//   GET  /reports/{runId}[?format=html] a run's full report (the project's own clients, or reviewers)
// `{id}` is the ConnectorStaged id. The workflow itself lives in pipeline/review.ts.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Report } from '../engine/types.js';
import type { ReportUrlOf } from '../pipeline/lifecycle-message.js';
import { MANUAL_ITEM_STATES, type ManualItemState } from '../pipeline/manual-items.js';
import { createReviewWorkflow, ReviewError } from '../pipeline/review.js';
import { renderHtml, renderJson } from '../report/index.js';
import type { Store } from '../store/index.js';
import { principal } from './auth.js';
import { ConnectError, errors } from './errors.js';
import { errorResponses, ID_PARAMS, LIMITS, schemaRef } from './schemas.js';
import { REVIEWER_SCOPE } from './scopes.js';

export interface ReviewerRouteOptions {
  store: Store;
  now: () => Date;
  reportUrl: ReportUrlOf;
}

type Schema = Record<string, unknown>;

const REVIEWER_SECURITY = [{ oauth2: [REVIEWER_SCOPE] }];
const REPORT_SECURITY = [{ oauth2: ['view_connectors:{projectKey}'] }, { oauth2: ['manage_connectors:{projectKey}'] }, { oauth2: ['manage_project:{projectKey}'] }, { oauth2: [REVIEWER_SCOPE] }];
const QUEUE_STATUSES = ['ReadyForCertification', 'InCertification'] as const;

const anyObject: Schema = { type: 'object', additionalProperties: true };
const MANUAL_ITEM: Schema = {
  type: 'object',
  required: ['id', 'requirement', 'title', 'description', 'source'],
  properties: {
    id: { type: 'string', description: '`std:{name}` for the fixed list, `finding:{n}` for the report\'s review items.' },
    requirement: { type: 'string' },
    title: { type: 'string' },
    description: { type: 'string' },
    source: { type: 'string', enum: ['standard', 'finding'] },
    check: { type: 'string' },
    location: { type: 'string' },
    state: { type: 'string', enum: [...MANUAL_ITEM_STATES] },
    note: { type: 'string' },
    reviewer: { type: 'string' },
    answeredAt: { type: 'string' },
  },
};
const REVIEW: Schema = {
  type: 'object',
  required: ['connector', 'projectKey', 'manualItems', 'notes'],
  properties: {
    connector: schemaRef('ConnectorStaged'),
    projectKey: { type: 'string' },
    run: {
      type: 'object',
      description: 'The latest certification run (without its report).',
      properties: {
        id: { type: 'string' },
        connectorId: { type: 'string' },
        connectorVersion: { type: 'integer' },
        kind: { type: 'string' },
        status: { type: 'string' },
        repository: { type: 'object', properties: { url: { type: 'string' }, tag: { type: 'string' } } },
        commit: { type: 'string' },
        verdict: { type: 'string' },
        requestedBy: { type: 'string' },
        createdAt: { type: 'string' },
        startedAt: { type: 'string' },
        finishedAt: { type: 'string' },
      },
    },
    report: { ...anyObject, description: 'The engine\'s full report of the latest run (omitted in the queue).' },
    reportUrl: { type: 'string' },
    reviewer: { type: 'string', description: 'The reviewer (client id) who claimed it, while InCertification.' },
    claimedAt: { type: 'string' },
    manualItems: { type: 'array', items: MANUAL_ITEM },
    notes: { type: 'array', items: { type: 'object', properties: { reviewer: { type: 'string' }, note: { type: 'string' }, createdAt: { type: 'string' } } } },
  },
};
const REVIEW_PAGE: Schema = {
  type: 'object',
  required: ['limit', 'offset', 'count', 'total', 'results'],
  properties: { limit: { type: 'integer' }, offset: { type: 'integer' }, count: { type: 'integer' }, total: { type: 'integer' }, results: { type: 'array', items: REVIEW } },
};
const body = (properties: Record<string, Schema>, required: string[] = []): Schema => ({ type: 'object', additionalProperties: false, required, properties });
const version: Schema = { type: 'integer', minimum: 1, description: 'Optional: the ConnectorStaged version the decision is about (409 ConcurrentModification when it moved on).' };
const ok = (description: string): Schema => ({ description, ...REVIEW });

export function registerReviewerRoutes(app: FastifyInstance, options: ReviewerRouteOptions): void {
  const workflow = createReviewWorkflow({ store: options.store, now: options.now, reportUrl: options.reportUrl });
  const reviewerOnly = async (request: FastifyRequest) => {
    if (!principal(request).reviewer) throw errors.insufficientScope(`Insufficient scope. The reviewer API needs the scope ${REVIEWER_SCOPE}.`);
  };
  const route = (summary: string, operationId: string, schema: Schema) => ({
    config: { access: 'view' as const },
    preHandler: reviewerOnly,
    schema: { tags: ['Review'], summary, operationId, security: REVIEWER_SECURITY, ...schema },
  });
  const idOf = (request: FastifyRequest) => (request.params as { id: string }).id;
  const reviewer = (request: FastifyRequest) => principal(request).clientId;

  app.get(
    '/reviews',
    route('List the review queue', 'listReviews', {
      description: 'Submissions waiting for a reviewer (ReadyForCertification) and in review (InCertification), longest waiting first.',
      querystring: {
        type: 'object',
        additionalProperties: false,
        properties: {
          status: { type: 'array', items: { type: 'string', enum: [...QUEUE_STATUSES] } },
          limit: { type: 'integer', minimum: 0, maximum: LIMITS.maxLimit, default: LIMITS.defaultLimit },
          offset: { type: 'integer', minimum: 0, maximum: LIMITS.maxOffset, default: 0 },
        },
      },
      response: { 200: { description: 'A page of the queue.', ...REVIEW_PAGE }, ...errorResponses(400, 401, 403) },
    }),
    async (request) => {
      const q = request.query as { status?: string[]; limit: number; offset: number };
      return wrap(() => workflow.queue(q.status && q.status.length > 0 ? q.status : QUEUE_STATUSES, q.limit, q.offset));
    },
  );

  app.get(
    '/reviews/:id',
    route('Get a submission with its latest report and MANUAL items', 'getReview', {
      params: ID_PARAMS,
      response: { 200: ok('The submission.'), ...errorResponses(401, 403, 404) },
    }),
    async (request) => wrap(() => workflow.view(idOf(request))),
  );

  app.post(
    '/reviews/:id/claim',
    route('Claim a submission (ReadyForCertification → InCertification)', 'claimReview', {
      description: 'Records the caller as its reviewer. 409 when it is not ReadyForCertification any more (another reviewer claimed it first) or `version` is stale.',
      params: ID_PARAMS,
      body: body({ version }),
      response: { 200: ok('The claimed submission.'), ...errorResponses(400, 401, 403, 404, 409) },
    }),
    async (request) => {
      const b = (request.body ?? {}) as { version?: number };
      return wrap(() => workflow.claim(idOf(request), reviewer(request), b.version));
    },
  );

  app.post(
    '/reviews/:id/checklist',
    route('Answer a MANUAL item', 'answerReviewItem', {
      description: 'Sets the state of one MANUAL item (`ok`, `problem`, `not-applicable`) with an optional note; a later answer replaces an earlier one. Needs InCertification.',
      params: ID_PARAMS,
      body: body({ item: { type: 'string', minLength: 1, maxLength: 256 }, state: { type: 'string', enum: [...MANUAL_ITEM_STATES] }, note: { type: 'string', maxLength: LIMITS.commentLength } }, ['item', 'state']),
      response: { 200: ok('The submission with the answer.'), ...errorResponses(400, 401, 403, 404, 409) },
    }),
    async (request) => {
      const b = request.body as { item: string; state: ManualItemState; note?: string };
      return wrap(() => workflow.answer(idOf(request), reviewer(request), b.item, b.state, b.note));
    },
  );

  app.post(
    '/reviews/:id/notes',
    route('Add a note to a submission', 'addReviewNote', {
      params: ID_PARAMS,
      body: body({ note: { type: 'string', minLength: 1, maxLength: LIMITS.commentLength } }, ['note']),
      response: { 200: ok('The submission with the note.'), ...errorResponses(400, 401, 403, 404, 409) },
    }),
    async (request) => wrap(() => workflow.addNote(idOf(request), reviewer(request), (request.body as { note: string }).note)),
  );

  app.post(
    '/reviews/:id/approve',
    route('Approve: publish as a certified, listed Connector', 'approveReview', {
      description: 'InCertification → Published with `certified: true` and `alreadyListed: true`; the Connector resource is replaced by this version. Every MANUAL item must be answered and none be a `problem` (400 ReviewIncomplete).',
      params: ID_PARAMS,
      body: body({ version, comment: { type: 'string', maxLength: LIMITS.commentLength } }),
      response: { 200: ok('The approved submission.'), ...errorResponses(400, 401, 403, 404, 409) },
    }),
    async (request) => {
      const b = (request.body ?? {}) as { version?: number; comment?: string };
      return wrap(() => workflow.approve(idOf(request), reviewer(request), b.version, b.comment));
    },
  );

  app.post(
    '/reviews/:id/reject',
    route('Reject: back to the creator with reasons', 'rejectReview', {
      description: 'InCertification (or ReadyForCertification) → Failed; each reason becomes a certification comment. A listed Connector stays live.',
      params: ID_PARAMS,
      body: body({ version, reasons: { type: 'array', minItems: 1, maxItems: LIMITS.maxListItems, items: { type: 'string', minLength: 1, maxLength: LIMITS.commentLength } } }, ['reasons']),
      response: { 200: ok('The rejected submission.'), ...errorResponses(400, 401, 403, 404, 409) },
    }),
    async (request) => {
      const b = request.body as { version?: number; reasons: string[] };
      return wrap(() => workflow.reject(idOf(request), reviewer(request), b.reasons, b.version));
    },
  );

  app.get(
    '/reports/:runId',
    {
      config: { access: 'view' },
      schema: {
        tags: ['Review'],
        operationId: 'getRunReport',
        summary: 'Get the full report of a certification run',
        description: 'The engine\'s JSON report, or the HTML page with `?format=html`. Visible to the clients of the connector\'s project and to reviewers; anything else is 404.',
        security: REPORT_SECURITY,
        params: { type: 'object', required: ['runId'], properties: { runId: { type: 'string', maxLength: 256 } } },
        querystring: { type: 'object', additionalProperties: false, properties: { format: { type: 'string', enum: ['json', 'html'], default: 'json' } } },
        response: {
          200: {
            description: 'The report.',
            content: { 'application/json': { schema: anyObject }, 'text/html': { schema: { type: 'string' } } },
          },
          ...errorResponses(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) => sendReport(options.store, request, reply),
  );
}

async function sendReport(store: Store, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const caller = principal(request);
  const { runId } = request.params as { runId: string };
  const { format } = request.query as { format: 'json' | 'html' };
  const notFound = () => errors.notFound(`The report of run '${runId}' was not found.`);
  const run = await store.runs.get(runId);
  if (!run) throw notFound();
  const record = await store.connectors.findStaged({ id: run.connectorId });
  const visible = caller.reviewer || (record !== undefined && caller.canView && record.projectKey === caller.projectKey);
  if (!visible || run.report === undefined) throw notFound();
  const report = run.report as Report;
  if (format === 'html') {
    const title = `${record?.connector.name ?? run.connectorId} ${run.repository.tag} — certification report`;
    return reply
      .type('text/html; charset=utf-8')
      // The page is self-contained (inline CSS, no scripts); say so to the browser as well.
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:")
      .send(renderHtml(report, { title }));
  }
  return reply.type('application/json; charset=utf-8').serializer((payload) => payload as string).send(renderJson(report));
}

async function wrap<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (!(error instanceof ReviewError)) throw error;
    const status = error.kind === 'not-found' ? 404 : error.kind === 'conflict' ? 409 : 400;
    throw new ConnectError(status, error.code, error.message, error.extra);
  }
}
