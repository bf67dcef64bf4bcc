// One cleanup run: find active carts older than the cut-off and delete them, a bounded number per
// run. Anything left over is picked up by the next scheduled run.
import { CommercetoolsError } from './commercetools.js';

export const CLEANUP_SCOPES = ['manage_orders'];
/** Carts fetched and deleted per run: keeps one run far inside the job timeout and API limits. */
export const MAX_CARTS_PER_RUN = 100;
const DAY_MS = 24 * 60 * 60 * 1000;

export function cutoffDate(now, staleCartAgeDays) {
  return new Date(now.getTime() - staleCartAgeDays * DAY_MS);
}

/** The commercetools query predicate selecting the carts to delete. */
export function staleCartPredicate(cutoff) {
  return `cartState = "Active" and lastModifiedAt < "${cutoff.toISOString()}"`;
}

/**
 * @returns {Promise<{ deleted: number, failed: number, more: boolean }>}
 */
export async function deleteStaleCarts(client, { staleCartAgeDays, now = new Date(), logger }) {
  const page = await client.request('GET', '/carts', {
    where: staleCartPredicate(cutoffDate(now, staleCartAgeDays)),
    sort: 'lastModifiedAt asc',
    limit: String(MAX_CARTS_PER_RUN),
    withTotal: 'false',
  });
  let deleted = 0;
  let failed = 0;
  for (const cart of page.results) {
    try {
      await client.request('DELETE', `/carts/${encodeURIComponent(cart.id)}`, { version: String(cart.version) });
      deleted += 1;
    } catch (error) {
      // A cart changed since the query (409) is no longer stale; other errors are reported.
      if (!(error instanceof CommercetoolsError)) throw error;
      failed += 1;
      logger.warn('cart not deleted', { cartId: cart.id, status: error.status });
    }
  }
  return { deleted, failed, more: page.results.length === MAX_CARTS_PER_RUN };
}
