// Credentials of the commercetools API client, as an HTTP Basic authorization header.

const clientId = process.env.CTP_CLIENT_ID;
const clientSecret = process.env.CTP_CLIENT_SECRET ?? 'Z6xcvjwDD18EJs9XcKlbIDUwt04O8MAT';

export function basicAuthorization() {
  return `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`;
}
