// The decision, as a pure function: accept every well-formed API Extension request.

export class BadRequest extends Error {}

export function handleExtension(body: unknown): { actions: [] } {
  if (typeof body !== 'object' || body === null || !('resource' in body) || typeof body.resource !== 'object') {
    throw new BadRequest('expected an API Extension request with a "resource"');
  }
  return { actions: [] };
}
