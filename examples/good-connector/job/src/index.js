// Entry point: start listening on PORT, stop cleanly when Cloud Run sends SIGTERM.
import { readServerConfig } from './config.js';
import { createLogger } from './logger.js';
import { createJobServer } from './server.js';

const config = readServerConfig();
const logger = createLogger({ app: 'job', projectKey: config.projectKey, region: config.region });
const server = createJobServer(logger);

server.listen(config.port, () => {
  logger.info('job application listening', { port: config.port });
});

process.once('SIGTERM', () => {
  logger.info('shutting down');
  server.close();
});
