// connect.yaml `scripts.postDeploy`: create the Subscription feeding this application.
import { readApiConfig } from './config.js';
import { createApiClient } from './commercetools.js';
import { createLogger } from './logger.js';
import { destinationFrom, ensureSubscription, SUBSCRIPTION_SCOPES } from './subscription.js';

const logger = createLogger({ app: 'event', script: 'post-deploy' });
try {
  const client = await createApiClient(readApiConfig(), SUBSCRIPTION_SCOPES);
  const subscription = await ensureSubscription(client, destinationFrom());
  logger.info('subscription created', { key: subscription.key, id: subscription.id });
} catch (error) {
  logger.error('post-deploy failed', { error: error.message });
  process.exitCode = 1;
}
