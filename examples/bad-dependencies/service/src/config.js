// Request timeout from REQUEST_TIMEOUT, written like "10s" or "2m".
import ms from 'ms';

export const DEFAULT_REQUEST_TIMEOUT = '10s';

export function requestTimeoutMs(env = process.env) {
  return ms(env.REQUEST_TIMEOUT ?? DEFAULT_REQUEST_TIMEOUT);
}
