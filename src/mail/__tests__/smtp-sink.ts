// A real SMTP server on loopback for tests (smtp-server), which parses what it receives (mailparser)
// and can be told to refuse the next messages with a transient error, to answer slowly, or to
// require a login.
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  envelopeFrom: string;
  envelopeTo: string[];
  /** The authenticated user, when the sink requires a login. */
  user?: string;
  raw: string;
  parsed: ParsedMail;
}

export interface SmtpSink {
  readonly port: number;
  /** `smtp://[user:pass@]127.0.0.1:port`. */
  url(credentials?: { user: string; pass: string }): string;
  readonly received: ReceivedMail[];
  /** Refuses the next `count` messages after reading them (451 by default: try again later). */
  failNext(count: number, code?: number): void;
  /** Waits this long before answering each message (after reading it, before the 250). */
  setResponseDelay(ms: number): void;
  /** Resolves once `count` messages were accepted in total (or rejects after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

export async function startSmtpSink(options: { login?: { user: string; pass: string } } = {}): Promise<SmtpSink> {
  const received: ReceivedMail[] = [];
  let failures = 0;
  let failureCode = 451;
  let delayMs = 0;
  const waiters = new Set<() => void>();

  const server = new SMTPServer({
    // Plain text on loopback: nodemailer would otherwise upgrade to TLS with a self-signed cert.
    disabledCommands: options.login ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    authOptional: !options.login,
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      const login = options.login;
      if (login && auth.username === login.user && auth.password === login.pass) return callback(null, { user: auth.username });
      return callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const respond = async () => {
          if (failures > 0) {
            failures--;
            return callback(Object.assign(new Error('Try again later'), { responseCode: failureCode }));
          }
          const raw = Buffer.concat(chunks).toString('utf8');
          const parsed = await simpleParser(raw);
          received.push({
            envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            envelopeTo: session.envelope.rcptTo.map((r) => r.address),
            ...(typeof session.user === 'string' ? { user: session.user } : {}),
            raw,
            parsed,
          });
          for (const waiter of waiters) waiter();
          callback(null, 'Queued');
        };
        setTimeout(() => void respond().catch((error: Error) => callback(error)), delayMs);
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;

  return {
    port,
    received,
    url: (credentials) => (credentials ? `smtp://${encodeURIComponent(credentials.user)}:${encodeURIComponent(credentials.pass)}@127.0.0.1:${port}` : `smtp://127.0.0.1:${port}`),
    failNext(count, code = 451) {
      failures = count;
      failureCode = code;
    },
    setResponseDelay(ms) {
      delayMs = ms;
    },
    waitFor(count, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (received.length < count) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(received.slice());
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`SMTP sink: ${received.length} of ${count} messages after ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
