// Delivers lifecycle e-mails from the outbox, each exactly once as far as a database and an SMTP
// server allow:
// - A message is sent only by the deliverer holding its lease (claimed with a conditional UPDATE);
//   while the transport works the lease is extended every third of its length, so a slow server
//   does not let a second deliverer take the message over. A deliverer that dies stops extending,
//   and the message is free again once its lease runs out.
// - The Message-ID comes from the outbox row id, so a repeated send is the same message to the
//   receiving side (mail stores and clients drop duplicates by Message-ID), and the `.eml` fallback
//   rewrites the same file.
// - The message is marked sent with one primary-key UPDATE as soon as the server accepts it.
// What remains is at-least-once: if the process dies (or loses the database) after the server's
// "250 OK" and before that UPDATE commits (a few milliseconds), the message is sent again, with the
// same Message-ID, when the lease expires. SMTP offers no way to close that gap (the accept and our
// commit cannot be one transaction). The lease compares clock times written by different processes,
// so hosts sharing a database need synchronised clocks (skew far below the lease).
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { isLifecycleTopic } from '../pipeline/messages.js';
import type { Database } from '../store/schema.js';
import { gatherFacts } from './facts.js';
import { OutboxLease, type ClaimedMessage } from './outbox-lease.js';
import { renderMail } from './templates.js';
import { senderDomain, type MailTransport } from './transport.js';

export interface MailLogger {
  info(data: Record<string, unknown>, message: string): void;
  warn(data: Record<string, unknown>, message: string): void;
  error(data: Record<string, unknown>, message: string): void;
}

export const SILENT_LOGGER: MailLogger = { info() {}, warn() {}, error() {} };

export interface RetryPolicy {
  /** Attempts before a message is dead (the first send counts). */
  maxAttempts: number;
  /** Delay after the first failure; doubled after each further one, up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Random extra delay, as a fraction of the delay (0.25 → up to +25 %), so retries spread out. */
  jitter: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 8, baseDelayMs: 30_000, maxDelayMs: 3_600_000, jitter: 0.25 };
/** Lease on a message being sent; extended every third of it while the send runs. */
export const DEFAULT_LEASE_MS = 30_000;
export const DEFAULT_BATCH_SIZE = 20;
/** Waits between attempts to record a send the server accepted (then one last attempt). */
const MARK_SENT_RETRY_DELAYS_MS = [50, 250, 1_000] as const;

export interface DelivererOptions {
  db: Kysely<Database>;
  transport: MailTransport;
  /** Sender, `address` or `Name <address>` (MAIL_FROM). */
  from: string;
  publicBaseUrl: string;
  /** Unique per deliverer; defaults to host, pid and a random suffix. */
  owner?: string;
  leaseMs?: number;
  retry?: Partial<RetryPolicy>;
  batchSize?: number;
  logger?: MailLogger;
}

export type DeliveryOutcome = 'sent' | 'retry' | 'dead' | 'skipped' | 'lost';

export interface DeliveryResult {
  outboxId: string;
  topic: string;
  outcome: DeliveryOutcome;
  attempts: number;
  messageId?: string;
  detail?: string;
}

/** A plausible single address: no spaces, separators or angle brackets, one `@` with text around it. */
const RECIPIENT = /^[^\s@<>,;:"()[\]\\]+@[^\s@<>,;:"()[\]\\]+\.[^\s@<>,;:"()[\]\\]+$/;

export function defaultOwner(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

/** `<outbox.{id}@{sender domain}>`: the same for every attempt at one outbox row. */
export function messageIdFor(outboxId: string, from: string): string {
  return `<outbox.${outboxId}@${senderDomain(from)}>`;
}

export class OutboxDeliverer {
  readonly owner: string;
  private readonly lease: OutboxLease;
  private readonly leaseMs: number;
  private readonly retry: RetryPolicy;
  private readonly batchSize: number;
  private readonly logger: MailLogger;

  constructor(private readonly options: DelivererOptions) {
    this.owner = options.owner ?? defaultOwner();
    this.lease = new OutboxLease(options.db, this.owner);
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    this.logger = options.logger ?? SILENT_LOGGER;
    if (!(this.leaseMs >= 30)) throw new Error(`mail lease must be at least 30 ms, got ${this.leaseMs}`);
    if (!(this.retry.maxAttempts >= 1)) throw new Error(`mail retry.maxAttempts must be at least 1, got ${this.retry.maxAttempts}`);
  }

  /** Claims the due messages (up to the batch size) and delivers them one after the other. */
  async deliverDue(): Promise<DeliveryResult[]> {
    const claimed = await this.lease.claim(this.batchSize, this.leaseMs);
    const results: DeliveryResult[] = [];
    for (const message of claimed) {
      try {
        results.push(await this.deliver(message));
      } catch (error) {
        // The database failed while settling: the lease runs out and the message is tried again.
        this.logger.error({ outboxId: message.id, topic: message.topic, error: describeError(error) }, 'e-mail delivery could not be recorded');
        results.push({ outboxId: message.id, topic: message.topic, attempts: message.attempts, outcome: 'lost', detail: describeError(error) });
      }
    }
    return results;
  }

  private async deliver(message: ClaimedMessage): Promise<DeliveryResult> {
    const base = { outboxId: message.id, topic: message.topic, attempts: message.attempts };
    if (message.attempts > this.retry.maxAttempts) {
      // Earlier holders claimed it and never settled it (they died mid-attempt): stop retrying.
      const detail = `gave up after ${message.attempts - 1} attempts; the last ones did not finish (deliverer stopped mid-send?)`;
      return this.settled({ ...base, outcome: 'dead', detail }, await this.lease.markDead(message.id, detail));
    }
    if (!isLifecycleTopic(message.topic)) {
      const detail = `topic ${message.topic} has no e-mail`;
      return this.settled({ ...base, outcome: 'skipped', detail }, await this.lease.markSkipped(message.id, detail));
    }

    const messageId = messageIdFor(message.id, this.options.from);
    let facts;
    try {
      facts = await gatherFacts(this.lease.database, { id: message.id, topic: message.topic, aggregate_id: message.aggregateId, payload: message.payload });
    } catch (error) {
      return this.failed(message, messageId, error);
    }
    if (facts.recipient === undefined) {
      const detail = `no recipient: connector ${facts.connectorId} has no creator e-mail`;
      return this.settled({ ...base, outcome: 'skipped', detail }, await this.lease.markSkipped(message.id, detail));
    }
    if (!RECIPIENT.test(facts.recipient)) {
      const detail = `no recipient: the creator e-mail of connector ${facts.connectorId} is not an address (${JSON.stringify(facts.recipient.slice(0, 100))})`;
      return this.settled({ ...base, outcome: 'skipped', detail }, await this.lease.markSkipped(message.id, detail));
    }

    const rendered = renderMail(facts, { publicBaseUrl: this.options.publicBaseUrl });
    // Renew the lease right before sending: if the lookups outlasted it and another deliverer took
    // the message, this one must not send it as well.
    if (!(await this.lease.extend(message.id, this.leaseMs))) {
      this.logger.warn({ ...base }, 'outbox lease lost before sending; leaving the message to its new holder');
      return { ...base, outcome: 'lost', detail: 'lease lost before sending' };
    }
    const stopHeartbeat = this.heartbeat(message.id);
    let response: string;
    try {
      ({ response } = await this.options.transport.send({
        messageId,
        from: this.options.from,
        to: facts.recipient,
        ...rendered,
        headers: {
          // RFC 3834: tells auto-responders not to answer.
          'Auto-Submitted': 'auto-generated',
          'X-Connect-Certify-Topic': message.topic,
          'X-Connect-Certify-Connector': facts.connectorId,
        },
      }));
    } catch (error) {
      stopHeartbeat();
      return this.failed(message, messageId, error);
    }
    stopHeartbeat();
    // Nothing between the accept and this UPDATE: it is the at-least-once window.
    const marked = await this.markSent(message.id);
    if (!marked) {
      this.logger.error({ ...base, messageId }, 'e-mail sent but its outbox lease was lost before it was marked sent; another deliverer may send it again');
      return { ...base, outcome: 'lost', messageId, detail: 'lease lost before marking sent' };
    }
    this.logger.info({ ...base, messageId, to: facts.recipient, transport: this.options.transport.kind, response }, 'e-mail sent');
    return { ...base, outcome: 'sent', messageId };
  }

  /**
   * Marks a sent message, retrying a failing database briefly (a busy SQLite file, a dropped
   * PostgreSQL connection): giving up here means the message goes out again after the lease.
   */
  private async markSent(id: string): Promise<boolean> {
    for (const delayMs of MARK_SENT_RETRY_DELAYS_MS) {
      try {
        return await this.lease.markSent(id);
      } catch (error) {
        this.logger.warn({ outboxId: id, error: describeError(error), retryInMs: delayMs }, 'could not mark the e-mail sent; retrying');
        await new Promise((resolve) => setTimeout(resolve, delayMs));
      }
    }
    return this.lease.markSent(id);
  }

  private async failed(message: ClaimedMessage, messageId: string, error: unknown): Promise<DeliveryResult> {
    const detail = describeError(error);
    const base = { outboxId: message.id, topic: message.topic, attempts: message.attempts, messageId };
    if (isPermanent(error) || message.attempts >= this.retry.maxAttempts) {
      const reason = isPermanent(error) ? `permanent failure: ${detail}` : `gave up after ${message.attempts} attempts: ${detail}`;
      this.logger.error({ ...base, error: detail }, 'e-mail delivery failed for good');
      return this.settled({ ...base, outcome: 'dead', detail: reason }, await this.lease.markDead(message.id, reason));
    }
    const retryAt = new Date(Date.now() + this.backoff(message.attempts));
    this.logger.warn({ ...base, error: detail, retryAt: retryAt.toISOString() }, 'e-mail delivery failed; will retry');
    return this.settled({ ...base, outcome: 'retry', detail }, await this.lease.markRetry(message.id, detail, retryAt));
  }

  private settled(result: DeliveryResult, marked: boolean): DeliveryResult {
    if (marked) return result;
    this.logger.warn({ outboxId: result.outboxId, outcome: result.outcome }, 'outbox lease lost before the outcome was recorded');
    return { ...result, outcome: 'lost' };
  }

  /** Delay before attempt `attempts + 1`. */
  backoff(attempts: number): number {
    const { baseDelayMs, maxDelayMs, jitter } = this.retry;
    const delay = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, attempts - 1));
    return Math.round(delay * (1 + jitter * Math.random()));
  }

  /** Extends the lease every third of its length until the returned function is called. */
  private heartbeat(id: string): () => void {
    let stopped = false;
    const timer = setInterval(() => {
      this.lease.extend(id, this.leaseMs).then(
        (held) => {
          // After stop the message may already be settled, which also makes `extend` miss.
          if (!held && !stopped) this.logger.warn({ outboxId: id }, 'outbox lease lost while sending');
        },
        (error: unknown) => this.logger.warn({ outboxId: id, error: describeError(error) }, 'could not extend the outbox lease'),
      );
    }, Math.max(10, Math.floor(this.leaseMs / 3)));
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }
}

/**
 * A rejection the same message would get again (nodemailer's `permanent`: a 5xx reply). Failed
 * authentication is a configuration problem, not the message's, so it is retried.
 */
function isPermanent(error: unknown): boolean {
  const e = error as { permanent?: boolean; code?: string };
  return e?.permanent === true && e.code !== 'EAUTH';
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const e = error as Error & { code?: string; responseCode?: number };
  const prefix = [e.code, e.responseCode].filter((p) => p !== undefined).join(' ');
  return prefix ? `${prefix}: ${e.message}` : e.message;
}
