// Entry point: load feature flags, then listen on PORT (8080 on Connect).
import { readFileSync } from 'node:fs';
import { createLogger } from './logger.js';
import { createAppServer } from './server.js';

const flags = JSON.parse(readFileSync(new URL('../flags.json', import.meta.url), 'utf8'));
const port = Number.parseInt(process.env.PORT ?? '', 10) || 8080;
const logger = createLogger({ app: 'service', projectKey: process.env.CTP_PROJECT_KEY });
const server = createAppServer(logger);
server.listen(port, () => logger.info('listening', { port, flags }));
process.once('SIGTERM', () => server.close());
