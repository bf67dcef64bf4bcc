// Delivery of an order summary to the configured webhook.
import { ConfigError } from './config.js';

/** A webhook slower than this makes Pub/Sub redeliver; its ack deadline is 10 s. */
export const WEBHOOK_TIMEOUT_MS = 8_000;

export class WebhookError extends Error {}

export async function sendOrderSummary(summary, { webhookUrl, webhookToken }) {
  if (!webhookUrl || !webhookToken) throw new ConfigError('ORDER_WEBHOOK_URL and ORDER_WEBHOOK_TOKEN must be set');
  let response;
  try {
    response = await fetch(webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${webhookToken}` },
      body: JSON.stringify(summary),
      signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
    });
  } catch (error) {
    throw new WebhookError(`webhook unreachable: ${error.message}`);
  }
  if (!response.ok) throw new WebhookError(`webhook answered ${response.status}`);
}
