// Entry point: listen on PORT (8080 on Connect).
import { requestTimeoutMs } from './config.js';
import { createLogger } from './logger.js';
import { createAppServer } from './server.js';

const port = Number.parseInt(process.env.PORT ?? '', 10) || 8080;
const logger = createLogger({ app: 'service', projectKey: process.env.CTP_PROJECT_KEY });
const server = createAppServer(logger);
server.requestTimeout = requestTimeoutMs();
server.listen(port, () => logger.info('listening', { port }));
process.once('SIGTERM', () => server.close());
