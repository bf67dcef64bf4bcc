// The service's persistence: schema, migrations and repositories over SQLite or PostgreSQL.
export * from './store.js';
export * from './schema.js';
export * from './model.js';
export * from './clients.js';
export * from './connectors.js';
export * from './work.js';
export { MIGRATIONS } from './migrations.js';
export { hashSecret, verifySecret, hashToken, newId } from './secrets.js';
