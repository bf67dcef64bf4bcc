// Durable jobs over the store's `jobs` table: leases, heartbeats, retries with back-off, dead letters.
export * from './worker.js';
