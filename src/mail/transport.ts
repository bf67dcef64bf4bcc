// Where e-mails go: an SMTP server (`SMTP_URL`, e.g. smtp://user:pass@host:587) through
// nodemailer, or, without one, `.eml` files in `{dataDir}/mail/` written by nodemailer's stream
// transport. A file is named after the Message-ID, which is derived from the outbox row, so writing
// the same message again replaces the file instead of adding a second one.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import nodemailer from 'nodemailer';

export interface OutgoingMail {
  /** `<…@…>`, stable for one outbox row. */
  messageId: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
}

export interface MailTransport {
  readonly kind: 'smtp' | 'file';
  /** For logs: the SMTP server without credentials, or the folder. */
  readonly description: string;
  /** Resolves once the server accepted the message (or the file is in place); rejects otherwise. */
  send(mail: OutgoingMail): Promise<{ response: string }>;
  close(): void;
}

/**
 * SMTP timeouts. They bound how long one attempt can hang, so a dead server turns into a retry
 * instead of a stuck deliverer; the lease is extended while an attempt runs, so they need not fit
 * in it.
 */
export const SMTP_TIMEOUTS = { connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000 } as const;

export const MAIL_FOLDER = 'mail';

export function createMailTransport(options: { smtpUrl?: string | undefined; dataDir: string }): MailTransport {
  return options.smtpUrl ? smtpTransport(options.smtpUrl) : fileTransport(path.join(options.dataDir, MAIL_FOLDER));
}

function smtpTransport(smtpUrl: string): MailTransport {
  const url = parseSmtpUrl(smtpUrl);
  const transporter = nodemailer.createTransport({ url: smtpUrl, ...SMTP_TIMEOUTS });
  return {
    kind: 'smtp',
    description: `${url.protocol}//${url.host}`,
    async send(mail) {
      const info = await transporter.sendMail({ ...mail, envelope: { from: envelopeAddress(mail.from), to: [mail.to] } });
      // One recipient: nodemailer rejects when it is refused, but check rather than assume.
      if (info.rejected.length > 0) throw Object.assign(new Error(`SMTP server rejected ${info.rejected.join(', ')}: ${info.response}`), { permanent: true });
      return { response: info.response };
    },
    close: () => transporter.close(),
  };
}

function fileTransport(folder: string): MailTransport {
  const transporter = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  return {
    kind: 'file',
    description: folder,
    async send(mail) {
      const info = await transporter.sendMail(mail);
      mkdirSync(folder, { recursive: true });
      const file = path.join(folder, emlFileName(mail.messageId));
      // Write then rename: a reader never sees half a message, and a rewrite replaces it whole.
      const temporary = `${file}.${process.pid}.tmp`;
      writeFileSync(temporary, info.message as Buffer);
      renameSync(temporary, file);
      return { response: `written to ${file}` };
    },
    close: () => transporter.close(),
  };
}

/** `<outbox.1234@example.com>` → `outbox.1234@example.com.eml` (anything unusual becomes `_`). */
export function emlFileName(messageId: string): string {
  return `${messageId.replace(/^<|>$/g, '').replace(/[^A-Za-z0-9._@-]/g, '_')}.eml`;
}

/** Checks SMTP_URL early, naming the setting; never echoes the URL (it may hold a password). */
export function parseSmtpUrl(smtpUrl: string): URL {
  let url: URL;
  try {
    url = new URL(smtpUrl);
  } catch {
    throw new Error('SMTP_URL is not a URL (expected smtp://user:pass@host:port or smtps://…)');
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') throw new Error(`SMTP_URL must start with smtp:// or smtps://, not ${url.protocol}//`);
  if (!url.hostname) throw new Error('SMTP_URL has no host');
  return url;
}

/** The bare address of a `Name <address>` sender. */
export function envelopeAddress(from: string): string {
  const match = /<([^<>]+)>\s*$/.exec(from);
  return (match ? match[1]! : from).trim();
}

/** The sender's domain, for Message-IDs (`localhost` when the sender has none). */
export function senderDomain(from: string): string {
  const address = envelopeAddress(from);
  const at = address.lastIndexOf('@');
  const domain = at >= 0 ? address.slice(at + 1) : '';
  return /^[A-Za-z0-9.-]+$/.test(domain) ? domain : 'localhost';
}
