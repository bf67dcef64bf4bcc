// Decoding what Pub/Sub pushes: `{ message: { data: <base64 JSON> }, subscription }`, where the JSON
// is a commercetools Subscription notification (Platform format).

export class EnvelopeError extends Error {}

/** Returns the decoded commercetools notification, or throws EnvelopeError saying what is wrong. */
export function decodePushEnvelope(body) {
  if (typeof body !== 'object' || body === null || typeof body.message !== 'object' || body.message === null) {
    throw new EnvelopeError('body is not a Pub/Sub push envelope: "message" is missing');
  }
  const { data } = body.message;
  if (typeof data !== 'string' || data === '') throw new EnvelopeError('message.data is missing');
  let notification;
  try {
    notification = JSON.parse(Buffer.from(data, 'base64').toString('utf8'));
  } catch {
    throw new EnvelopeError('message.data is not base64-encoded JSON');
  }
  if (typeof notification !== 'object' || notification === null || typeof notification.notificationType !== 'string') {
    throw new EnvelopeError('message.data is not a commercetools notification (no notificationType)');
  }
  return notification;
}

/** What the event application does with a notification. */
export function classify(notification) {
  if (notification.notificationType === 'ResourceCreated') return 'acknowledge';
  if (notification.notificationType === 'Message' && notification.type === 'OrderCreated') return 'notify';
  return 'ignore';
}

/** The part of an order the webhook receives: enough to act on, no customer address data. */
export function orderSummary(notification) {
  const order = notification.order ?? {};
  return {
    orderId: order.id ?? notification.resource?.id,
    orderNumber: order.orderNumber,
    createdAt: order.createdAt ?? notification.createdAt,
    totalPrice: order.totalPrice
      ? { currencyCode: order.totalPrice.currencyCode, centAmount: order.totalPrice.centAmount }
      : undefined,
    lineItemCount: Array.isArray(order.lineItems) ? order.lineItems.length : 0,
  };
}
