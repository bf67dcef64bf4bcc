// Entry point: read configuration, start listening on PORT, stop cleanly when Cloud Run sends SIGTERM.
import { readServerConfig } from './config.js';
import { createLogger } from './logger.js';
import { createEventServer } from './server.js';

const config = readServerConfig();
const logger = createLogger({ app: 'event', projectKey: config.projectKey, region: config.region });
const server = createEventServer(config, logger);

server.listen(config.port, () => {
  logger.info('event application listening', { port: config.port });
});

process.once('SIGTERM', () => {
  logger.info('shutting down');
  server.close();
});
