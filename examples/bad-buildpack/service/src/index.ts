// Entry point: listen on PORT (8080 on Connect).
import { createAppServer } from './server.js';

const write = (line: string): void => {
  process.stdout.write(`${line}\n`);
};
const port = Number.parseInt(process.env.PORT ?? '', 10) || 8080;
const server = createAppServer(write);
server.listen(port, () => write(JSON.stringify({ severity: 'INFO', message: 'listening', app: 'service', port })));
process.once('SIGTERM', () => server.close());
