// E-mail to connector creators: lifecycle messages from the outbox, over SMTP or to `.eml` files.
export { startMailer, mailSettingsFromEnv, DEFAULT_MAIL_FROM, DEFAULT_POLL_MS, type Mailer, type MailerOptions } from './mailer.js';
export { OutboxDeliverer, messageIdFor, DEFAULT_LEASE_MS, DEFAULT_RETRY, type DeliveryResult, type DeliveryOutcome, type MailLogger, type RetryPolicy } from './deliverer.js';
export { outboxDeliveryMigration, OUTBOX_DELIVERY_MIGRATION_NAME, ensureOutboxDeliverySchema, type OutboxDeliveryStatus } from './migration.js';
export { renderMail, reportLinks, type RenderedMail } from './templates.js';
export { createMailTransport, emlFileName, MAIL_FOLDER, type MailTransport } from './transport.js';
