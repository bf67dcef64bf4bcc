// HTTP server: POST /service runs the handler; nothing is kept between requests.
import { createServer, type Server, type ServerResponse } from 'node:http';
import { BadRequest, handleExtension } from './handler.js';

export const ENDPOINT = '/service';

export function createAppServer(log: (line: string) => void): Server {
  return createServer(async (request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (path !== ENDPOINT) return send(response, 404, { message: 'not found' });
    if (request.method !== 'POST') return send(response, 405, { message: 'use POST' });
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    try {
      send(response, 200, handleExtension(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
    } catch (error) {
      const known = error instanceof BadRequest || error instanceof SyntaxError;
      if (!known) log(JSON.stringify({ severity: 'ERROR', message: String(error) }));
      send(response, known ? 400 : 500, { message: known ? (error as Error).message : 'internal error' });
    }
  });
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
