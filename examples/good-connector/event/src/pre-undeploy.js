// connect.yaml `scripts.preUndeploy`: remove the Subscription before Connect deletes the topic.
import { readApiConfig } from './config.js';
import { createApiClient } from './commercetools.js';
import { createLogger } from './logger.js';
import { removeSubscription, SUBSCRIPTION_SCOPES } from './subscription.js';

const logger = createLogger({ app: 'event', script: 'pre-undeploy' });
try {
  const client = await createApiClient(readApiConfig(), SUBSCRIPTION_SCOPES);
  const removed = await removeSubscription(client);
  logger.info(removed ? 'subscription removed' : 'no subscription to remove');
} catch (error) {
  logger.error('pre-undeploy failed', { error: error.message });
  process.exitCode = 1;
}
