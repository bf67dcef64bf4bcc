// Request timeout from REQUEST_TIMEOUT, in seconds.
export const DEFAULT_REQUEST_TIMEOUT_SECONDS = 10;

export function requestTimeoutMs(env = process.env) {
  const seconds = Number.parseInt(env.REQUEST_TIMEOUT ?? '', 10);
  return (Number.isFinite(seconds) && seconds > 0 ? seconds : DEFAULT_REQUEST_TIMEOUT_SECONDS) * 1000;
}
