// The commercetools Subscription that routes OrderCreated messages to the topic Connect created
// for this event application. Created by postDeploy, removed by preUndeploy.
import { ConfigError } from './config.js';

export const SUBSCRIPTION_KEY = 'cart-guard-order-created';
export const SUBSCRIPTION_SCOPES = ['manage_subscriptions'];

/** The destination of the Connect-provisioned topic, from the variables Connect sets for deploy scripts. */
export function destinationFrom(env = process.env) {
  if (env.CONNECT_SUBSCRIPTION_DESTINATION === 'SNS' || env.CONNECT_AWS_TOPIC_ARN) {
    if (!env.CONNECT_AWS_TOPIC_ARN) throw new ConfigError('CONNECT_AWS_TOPIC_ARN is not set');
    return { type: 'SNS', topicArn: env.CONNECT_AWS_TOPIC_ARN, authenticationMode: 'IAM' };
  }
  if (!env.CONNECT_GCP_TOPIC_NAME || !env.CONNECT_GCP_PROJECT_ID) {
    throw new ConfigError('CONNECT_GCP_TOPIC_NAME and CONNECT_GCP_PROJECT_ID are not set');
  }
  return { type: 'GoogleCloudPubSub', topic: env.CONNECT_GCP_TOPIC_NAME, projectId: env.CONNECT_GCP_PROJECT_ID };
}

export function subscriptionDraft(destination) {
  return {
    key: SUBSCRIPTION_KEY,
    destination,
    messages: [{ resourceTypeId: 'order', types: ['OrderCreated'] }],
  };
}

const byKey = `/subscriptions/key=${SUBSCRIPTION_KEY}`;

/** Replaces any previous subscription with this key, so a redeploy points at the new topic. */
export async function ensureSubscription(client, destination) {
  await removeSubscription(client);
  const created = await client.request('POST', '/subscriptions', subscriptionDraft(destination));
  return created.body;
}

/** Returns true when a subscription was deleted. */
export async function removeSubscription(client) {
  const existing = await client.request('GET', byKey);
  if (existing.status === 404) return false;
  await client.request('DELETE', `${byKey}?version=${existing.body.version}`);
  return true;
}
