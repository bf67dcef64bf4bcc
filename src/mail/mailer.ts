// The in-process e-mail worker `serve` starts: polls the outbox every `pollMs` (at once after a
// batch, so a backlog drains without waiting), delivers through SMTP or `.eml` files, and stops on
// `signal` or `stop()` after the message in hand. Any number of these may run against one database.
import type { Store } from '../store/store.js';
import { OutboxDeliverer, type DeliveryResult, type MailLogger, type RetryPolicy, SILENT_LOGGER } from './deliverer.js';
import { httpUrl } from './html.js';
import { hasOutboxDeliveryColumns, OUTBOX_DELIVERY_MIGRATION_NAME } from './migration.js';
import { createMailTransport, parseSmtpUrl, type MailTransport } from './transport.js';

export const DEFAULT_POLL_MS = 2_000;
/** Sender when MAIL_FROM is not set. */
export const DEFAULT_MAIL_FROM = 'Connect Certification <connect-certify@localhost>';

export interface MailerOptions {
  store: Pick<Store, 'db'>;
  /** The data folder; without SMTP, messages are written to `{dataDir}/mail/*.eml`. */
  dataDir: string;
  /** `SMTP_URL` (smtp://user:pass@host:port, smtps://…); absent → `.eml` files. */
  smtpUrl?: string | undefined;
  /** `MAIL_FROM`: `address` or `Name <address>`. */
  from: string;
  /** The service's public URL, for the report links (`{publicBaseUrl}/reports/{runId}`). */
  publicBaseUrl: string;
  signal?: AbortSignal;
  pollMs?: number;
  leaseMs?: number;
  retry?: Partial<RetryPolicy>;
  batchSize?: number;
  /** pino-compatible (Fastify's `app.log`); silent by default. */
  logger?: MailLogger;
  /** Deliverer id written to `locked_by`; unique by default. */
  owner?: string;
}

export interface Mailer {
  readonly transport: MailTransport['kind'];
  readonly owner: string;
  /** Polls now instead of at the next interval (e.g. right after writing to the outbox). */
  wake(): void;
  /** Calls `listener` after each poll that handled messages (tests, metrics); returns an unsubscribe. */
  onDelivered(listener: (results: DeliveryResult[]) => void): () => void;
  /** Stops polling, waits for the message in hand, closes the transport. Idempotent. */
  stop(): Promise<void>;
}

/** The mail settings from the environment: SMTP_URL, MAIL_FROM. */
export function mailSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): { smtpUrl?: string; from: string } {
  return { ...(env.SMTP_URL ? { smtpUrl: env.SMTP_URL } : {}), from: env.MAIL_FROM || DEFAULT_MAIL_FROM };
}

export async function startMailer(options: MailerOptions): Promise<Mailer> {
  httpUrl(options.publicBaseUrl, 'mail publicBaseUrl');
  if (options.smtpUrl) parseSmtpUrl(options.smtpUrl);
  if (!/@/.test(options.from)) throw new Error(`MAIL_FROM: "${options.from}" has no e-mail address`);
  if (!(await hasOutboxDeliveryColumns(options.store.db))) {
    throw new Error(`the outbox table lacks the delivery columns: the database is not migrated to ${OUTBOX_DELIVERY_MIGRATION_NAME} (open it with createStore, which migrates, as serve does)`);
  }
  const pollMs = options.pollMs ?? DEFAULT_POLL_MS;
  if (!(pollMs > 0)) throw new Error(`mail pollMs must be positive, got ${pollMs}`);
  const logger = options.logger ?? SILENT_LOGGER;
  const transport = createMailTransport({ smtpUrl: options.smtpUrl, dataDir: options.dataDir });
  const deliverer = new OutboxDeliverer({
    db: options.store.db,
    transport,
    from: options.from,
    publicBaseUrl: options.publicBaseUrl,
    ...(options.owner ? { owner: options.owner } : {}),
    ...(options.leaseMs !== undefined ? { leaseMs: options.leaseMs } : {}),
    ...(options.retry ? { retry: options.retry } : {}),
    ...(options.batchSize !== undefined ? { batchSize: options.batchSize } : {}),
    logger,
  });

  const stopping = new AbortController();
  const onAbort = () => stopping.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.signal?.aborted) stopping.abort();
  const listeners = new Set<(results: DeliveryResult[]) => void>();
  let wakeUp: (() => void) | undefined;
  let woken = false;

  const loop = async () => {
    while (!stopping.signal.aborted) {
      let results: DeliveryResult[] = [];
      try {
        results = await deliverer.deliverDue();
      } catch (error) {
        logger.error({ error: (error as Error).message ?? String(error) }, 'mail delivery poll failed');
      }
      for (const listener of results.length > 0 ? listeners : []) {
        try {
          listener(results);
        } catch (error) {
          logger.warn({ error: (error as Error).message ?? String(error) }, 'mail delivery listener failed');
        }
      }
      if (results.length === 0 && !woken) await pause(pollMs);
      woken = false;
    }
  };
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        stopping.signal.removeEventListener('abort', done);
        wakeUp = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      stopping.signal.addEventListener('abort', done, { once: true });
      wakeUp = done;
    });

  logger.info({ transport: transport.kind, destination: transport.description, owner: deliverer.owner }, 'mailer started');
  // Closing here too covers a stop through `signal` alone.
  const running = loop().finally(() => {
    options.signal?.removeEventListener('abort', onAbort);
    transport.close();
    logger.info({ owner: deliverer.owner }, 'mailer stopped');
  });
  let stopped: Promise<void> | undefined;
  return {
    transport: transport.kind,
    owner: deliverer.owner,
    wake() {
      woken = true;
      wakeUp?.();
    },
    onDelivered(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stop: () =>
      (stopped ??= (async () => {
        stopping.abort();
        await running;
      })()),
  };
}
