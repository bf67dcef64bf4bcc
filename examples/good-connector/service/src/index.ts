// Entry point: read configuration, start listening on PORT, stop cleanly when Cloud Run sends SIGTERM.
import { readConfig } from './config.js';
import { createLogger } from './logger.js';
import { createServiceServer } from './server.js';

const config = readConfig();
const logger = createLogger({ app: 'service', projectKey: config.projectKey, region: config.region });
for (const problem of config.problems) logger.warn(problem);

const server = createServiceServer(config, logger);
server.listen(config.port, () => {
  logger.info('service listening', { port: config.port, maxLineItemQuantity: config.maxLineItemQuantity });
});

process.once('SIGTERM', () => {
  logger.info('shutting down');
  server.close();
});
