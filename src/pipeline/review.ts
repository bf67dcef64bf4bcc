// The reviewer's part of certification (the Connect team, scope certify_connectors): take a
// submission from the queue (ReadyForCertification → InCertification), work through its MANUAL
// items with a state and a note each, then approve (→ Published: certified, listed, the Connector
// resource at this version) or reject (→ Failed, the reasons as certification comments). Every
// decision goes through the status machine (state.ts) and is written in one version-checked
// transaction together with its review record and its outbox message.
import type { Report } from '../engine/types.js';
import type { CertificationRun, Repositories, Review, StagedRecord, Store } from '../store/index.js';
import { lifecyclePayload, type ReportUrlOf } from './lifecycle-message.js';
import { manualItemsOf, type ManualItem, type ManualItemState } from './manual-items.js';
import { LIFECYCLE_TOPICS } from './messages.js';
import { applyReviewDecision, LifecycleError } from './state.js';

export type ReviewErrorKind = 'not-found' | 'conflict' | 'invalid';

/** A reviewer request that cannot be done; the API maps `kind` to 404 / 409 / 400. */
export class ReviewError extends Error {
  constructor(
    readonly kind: ReviewErrorKind,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export interface ManualItemView extends ManualItem {
  state?: ManualItemState;
  note?: string;
  reviewer?: string;
  answeredAt?: string;
}

export interface ReviewView {
  connector: StagedRecord['connector'];
  projectKey: string;
  run?: Omit<CertificationRun, 'report'>;
  report?: Report;
  reportUrl?: string;
  /** The reviewer who claimed the current submission, while it is InCertification. */
  reviewer?: string;
  claimedAt?: string;
  manualItems: ManualItemView[];
  notes: { reviewer: string; note: string; createdAt: string }[];
}

export interface ReviewOptions {
  store: Store;
  now?: () => Date;
  reportUrl?: ReportUrlOf;
}

export function createReviewWorkflow(options: ReviewOptions) {
  const { store } = options;
  const now = options.now ?? (() => new Date());
  const reportUrl = options.reportUrl ?? (() => undefined);

  async function load(tx: Pick<Repositories, 'connectors' | 'runs'>, connectorId: string): Promise<{ record: StagedRecord; run?: CertificationRun }> {
    const record = await tx.connectors.findStaged({ id: connectorId });
    if (!record) throw new ReviewError('not-found', 'ResourceNotFound', `The ConnectorStaged with ID '${connectorId}' was not found.`);
    const run = await tx.runs.latestForConnector(connectorId, ['certification']);
    return { record, ...(run ? { run } : {}) };
  }

  function itemsWithAnswers(run: CertificationRun | undefined, reviews: Review[]): ManualItemView[] {
    const items: ManualItemView[] = manualItemsOf(run?.report as Report | undefined);
    const byId = new Map(items.map((i) => [i.id, i]));
    for (const review of reviews) {
      if (review.kind !== 'checklist') continue;
      const data = review.data as { item?: string; state?: ManualItemState } | undefined;
      const item = data?.item ? byId.get(data.item) : undefined;
      if (!item || !data?.state) continue;
      // Later answers replace earlier ones.
      item.state = data.state;
      item.reviewer = review.reviewer;
      item.answeredAt = review.createdAt;
      if (review.body) item.note = review.body;
      else delete item.note;
    }
    return items;
  }

  async function view(connectorId: string): Promise<ReviewView> {
    const { record, run } = await load(store, connectorId);
    const reviews = run ? await store.reviews.listForRun(run.id) : [];
    const claim = record.connector.status === 'InCertification' ? reviews.filter((r) => r.kind === 'claim').at(-1) : undefined;
    const out: ReviewView = {
      connector: record.connector,
      projectKey: record.projectKey,
      manualItems: itemsWithAnswers(run, reviews),
      notes: reviews.filter((r) => r.kind === 'note').map((r) => ({ reviewer: r.reviewer, note: r.body ?? '', createdAt: r.createdAt })),
    };
    if (run) {
      const { report, ...summary } = run;
      out.run = summary;
      if (report) out.report = report as Report;
      const url = report ? reportUrl(run.id) : undefined;
      if (url) out.reportUrl = url;
    }
    if (claim) {
      out.reviewer = claim.reviewer;
      out.claimedAt = claim.createdAt;
    }
    return out;
  }

  async function queue(statuses: readonly string[], limit: number, offset: number) {
    const page = await store.reviews.queue(statuses, limit, offset);
    const results: ReviewView[] = [];
    for (const id of page.ids) {
      const entry = await view(id).catch((error: unknown) => {
        if (error instanceof ReviewError) return undefined; // deleted between the two reads
        throw error;
      });
      if (entry) {
        delete entry.report; // the queue is an overview; GET one for the report
        results.push(entry);
      }
    }
    return { limit, offset, count: results.length, total: page.total, results };
  }

  /** Checks `expectedVersion` (when given) and the status, then runs `fn` in one transaction. */
  async function decide<T>(
    connectorId: string,
    expectedVersion: number | undefined,
    allowed: readonly string[],
    fn: (tx: Repositories, record: StagedRecord, run: CertificationRun | undefined) => Promise<T>,
  ): Promise<T> {
    return store.transaction(async (tx) => {
      const { record, run } = await load(tx, connectorId);
      if (expectedVersion !== undefined && expectedVersion !== record.connector.version) {
        throw new ReviewError('conflict', 'ConcurrentModification', `Object version ${expectedVersion} does not match the current version ${record.connector.version}.`, {
          expectedVersion,
          currentVersion: record.connector.version,
        });
      }
      if (!allowed.includes(record.connector.status)) {
        throw new ReviewError(
          'conflict',
          record.connector.status === 'InCertification' ? 'ReviewAlreadyClaimed' : 'InvalidReviewStatus',
          `ConnectorStaged '${connectorId}' is ${record.connector.status}; this needs status ${allowed.join(' or ')}.`,
          { status: record.connector.status },
        );
      }
      return fn(tx, record, run);
    });
  }

  /** Writes the decided record if nobody changed it meanwhile (a concurrent claim loses here). */
  async function save(tx: Repositories, next: StagedRecord, previousVersion: number): Promise<void> {
    if (!(await tx.connectors.updateStaged(next, previousVersion))) {
      const current = await tx.connectors.currentVersion(next.connector.id);
      throw new ReviewError('conflict', 'ConcurrentModification', `Object version ${previousVersion} does not match the current version ${current}.`, {
        expectedVersion: previousVersion,
        ...(current !== undefined ? { currentVersion: current } : {}),
      });
    }
  }

  function transition(record: StagedRecord, decision: 'start' | 'approve' | 'reject', at: Date) {
    try {
      return applyReviewDecision(record, decision, at);
    } catch (error) {
      if (error instanceof LifecycleError) throw new ReviewError('conflict', error.code, error.message);
      throw error;
    }
  }

  async function claim(connectorId: string, reviewer: string, expectedVersion?: number): Promise<ReviewView> {
    await decide(connectorId, expectedVersion, ['ReadyForCertification'], async (tx, record, run) => {
      const at = now();
      const next = transition(record, 'start', at);
      await save(tx, next.record, record.connector.version);
      await tx.reviews.add({ connectorId, ...(run ? { runId: run.id } : {}), reviewer, kind: 'claim', now: at });
    });
    return view(connectorId);
  }

  async function answer(connectorId: string, reviewer: string, item: string, state: ManualItemState, note?: string): Promise<ReviewView> {
    await decide(connectorId, undefined, ['InCertification'], async (tx, _record, run) => {
      const items = manualItemsOf(run?.report as Report | undefined);
      if (!items.some((i) => i.id === item)) {
        throw new ReviewError('invalid', 'InvalidJsonInput', `item: '${item}' is not a MANUAL item of this submission (one of ${items.map((i) => i.id).join(', ')}).`, {
          detailedErrorMessage: `item: unknown MANUAL item '${item}'`,
        });
      }
      await tx.reviews.add({ connectorId, ...(run ? { runId: run.id } : {}), reviewer, kind: 'checklist', ...(note ? { body: note } : {}), data: { item, state }, now: now() });
    });
    return view(connectorId);
  }

  async function addNote(connectorId: string, reviewer: string, note: string): Promise<ReviewView> {
    await decide(connectorId, undefined, ['ReadyForCertification', 'InCertification'], async (tx, _record, run) => {
      await tx.reviews.add({ connectorId, ...(run ? { runId: run.id } : {}), reviewer, kind: 'note', body: note, now: now() });
    });
    return view(connectorId);
  }

  async function approve(connectorId: string, reviewer: string, expectedVersion?: number, comment?: string): Promise<ReviewView> {
    await decide(connectorId, expectedVersion, ['InCertification'], async (tx, record, run) => {
      const reviews = run ? await tx.reviews.listForRun(run.id) : [];
      const items = itemsWithAnswers(run, reviews);
      const open = items.filter((i) => i.state === undefined).map((i) => i.id);
      const problems = items.filter((i) => i.state === 'problem').map((i) => i.id);
      if (open.length > 0 || problems.length > 0) {
        throw new ReviewError(
          'invalid',
          'ReviewIncomplete',
          open.length > 0
            ? `Every MANUAL item needs an answer before approval; open: ${open.join(', ')}.`
            : `MANUAL items marked as a problem cannot be approved (reject instead): ${problems.join(', ')}.`,
          { openItems: open, problemItems: problems },
        );
      }
      const at = now();
      const next = transition(record, 'approve', at);
      if (comment) addComments(next.record, reviewer, [comment], at);
      await save(tx, next.record, record.connector.version);
      if (next.published) await tx.connectors.upsertPublished(next.published);
      await tx.reviews.add({ connectorId, ...(run ? { runId: run.id } : {}), reviewer, kind: 'approve', ...(comment ? { body: comment } : {}), now: at });
      const url = run?.report ? reportUrl(run.id) : undefined;
      await tx.outbox.add({
        topic: LIFECYCLE_TOPICS.certificationApproved,
        aggregateId: connectorId,
        payload: lifecyclePayload(next.record, { ...(run ? { runId: run.id } : {}), ...(url ? { reportUrl: url } : {}) }),
        now: at,
      });
    });
    return view(connectorId);
  }

  async function reject(connectorId: string, reviewer: string, reasons: string[], expectedVersion?: number): Promise<ReviewView> {
    const cleaned = reasons.map((r) => r.trim()).filter((r) => r !== '');
    if (cleaned.length === 0) {
      throw new ReviewError('invalid', 'InvalidJsonInput', 'A rejection needs at least one reason.', { detailedErrorMessage: 'reasons: at least one non-empty reason is required' });
    }
    await decide(connectorId, expectedVersion, ['InCertification', 'ReadyForCertification'], async (tx, record, run) => {
      const at = now();
      const next = transition(record, 'reject', at);
      addComments(next.record, reviewer, cleaned, at);
      await save(tx, next.record, record.connector.version);
      await tx.reviews.add({ connectorId, ...(run ? { runId: run.id } : {}), reviewer, kind: 'reject', data: { reasons: cleaned }, now: at });
      const url = run?.report ? reportUrl(run.id) : undefined;
      await tx.outbox.add({
        topic: LIFECYCLE_TOPICS.certificationRejected,
        aggregateId: connectorId,
        payload: lifecyclePayload(next.record, { ...(run ? { runId: run.id } : {}), ...(url ? { reportUrl: url } : {}), reasons: cleaned }),
        now: at,
      });
    });
    return view(connectorId);
  }

  return { view, queue, claim, answer, addNote, approve, reject };
}

export type ReviewWorkflow = ReturnType<typeof createReviewWorkflow>;

/** Reviewer texts become Connect certification comments (`userId`: the reviewer's client). */
function addComments(record: StagedRecord, reviewer: string, comments: string[], at: Date): void {
  const existing = record.connector.certificationInfo?.comments ?? [];
  record.connector.certificationInfo = {
    comments: [...existing, ...comments.map((comment) => ({ userId: reviewer, datetime: at.toISOString(), comment }))],
  };
}
