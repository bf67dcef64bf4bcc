// The decision, as a pure function: accept every well-formed API Extension request.

export class BadRequest extends Error {}

export function handleExtension(body) {
  if (typeof body !== 'object' || body === null || typeof body.resource !== 'object' || body.resource === null) {
    throw new BadRequest('expected an API Extension request with a "resource"');
  }
  return { actions: [] };
}
