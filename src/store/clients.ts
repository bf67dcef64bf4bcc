// API clients and their bearer tokens.
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';
import { hashSecret, hashToken, newAccessToken, newClientId, newClientSecret, verifySecret } from './secrets.js';

export interface ApiClient {
  id: string;
  name: string;
  scopes: string[];
  createdAt: string;
  revokedAt?: string;
}

export interface CreatedApiClient extends ApiClient {
  /** Shown once; only its scrypt hash is stored. */
  secret: string;
}

export interface AccessToken {
  clientId: string;
  scopes: string[];
  expiresAt: string;
}

export interface IssuedToken extends AccessToken {
  token: string;
}

/**
 * Verifying against this when the client id is unknown keeps the response time of "no such client"
 * equal to "wrong secret", so the token endpoint does not reveal which client ids exist.
 */
let dummyHash: Promise<string> | undefined;

export class ClientRepository {
  constructor(
    private readonly db: Kysely<Database>,
    /** Told when a client is revoked, so this process stops trusting its cached tokens at once. */
    private readonly onRevoke: (clientId: string) => void = () => {},
  ) {}

  async create(input: { name: string; scopes: string[]; now?: Date }): Promise<CreatedApiClient> {
    const id = newClientId();
    const secret = newClientSecret();
    const createdAt = (input.now ?? new Date()).toISOString();
    await this.db
      .insertInto('api_clients')
      .values({ id, name: input.name, secret_hash: await hashSecret(secret), scopes: input.scopes.join(' '), created_at: createdAt, revoked_at: null })
      .execute();
    return { id, name: input.name, scopes: [...input.scopes], createdAt, secret };
  }

  async find(id: string): Promise<ApiClient | undefined> {
    const row = await this.db.selectFrom('api_clients').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) return undefined;
    const client: ApiClient = { id: row.id, name: row.name, scopes: splitScopes(row.scopes), createdAt: row.created_at };
    if (row.revoked_at) client.revokedAt = row.revoked_at;
    return client;
  }

  /** The client when `secret` is its secret and it is not revoked; undefined otherwise (same timing). */
  async authenticate(id: string, secret: string): Promise<ApiClient | undefined> {
    const row = await this.db.selectFrom('api_clients').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) {
      dummyHash ??= hashSecret(newClientSecret());
      await verifySecret(secret, await dummyHash);
      return undefined;
    }
    const ok = await verifySecret(secret, row.secret_hash);
    if (!ok || row.revoked_at) return undefined;
    return { id: row.id, name: row.name, scopes: splitScopes(row.scopes), createdAt: row.created_at };
  }

  async revoke(id: string, now = new Date()): Promise<boolean> {
    const result = await this.db.updateTable('api_clients').set({ revoked_at: now.toISOString() }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
    await this.db.deleteFrom('access_tokens').where('client_id', '=', id).execute();
    this.onRevoke(id);
    return Number(result.numUpdatedRows) > 0;
  }

  async list(): Promise<ApiClient[]> {
    const rows = await this.db.selectFrom('api_clients').selectAll().orderBy('created_at').orderBy('id').execute();
    return rows.map((row) => ({ id: row.id, name: row.name, scopes: splitScopes(row.scopes), createdAt: row.created_at, ...(row.revoked_at ? { revokedAt: row.revoked_at } : {}) }));
  }
}

/**
 * How long a verified bearer token is trusted without asking the database again. Every API request
 * checks its token; this spares a query per request. Revocation in this process takes effect at once
 * (forgetClient); in another process sharing the database, within this time.
 */
export const TOKEN_CACHE_MS = 5_000;
const TOKEN_CACHE_MAX_ENTRIES = 10_000;

export class TokenRepository {
  private readonly cache = new Map<string, { grant: AccessToken; trustedUntil: number }>();

  constructor(private readonly db: Kysely<Database>) {}

  /** Drops the cached grants of a client (it was revoked). */
  forgetClient(clientId: string): void {
    for (const [hash, entry] of this.cache) if (entry.grant.clientId === clientId) this.cache.delete(hash);
  }

  async issue(input: { clientId: string; scopes: string[]; ttlSeconds: number; now?: Date }): Promise<IssuedToken> {
    const now = input.now ?? new Date();
    const token = newAccessToken();
    const expiresAt = new Date(now.getTime() + input.ttlSeconds * 1000).toISOString();
    await this.db
      .insertInto('access_tokens')
      .values({ token_hash: hashToken(token), client_id: input.clientId, scopes: input.scopes.join(' '), expires_at: expiresAt, created_at: now.toISOString() })
      .execute();
    return { token, clientId: input.clientId, scopes: [...input.scopes], expiresAt };
  }

  /** The token's grant when it exists, has not expired and its client is not revoked. */
  async find(token: string, now = new Date()): Promise<AccessToken | undefined> {
    const hash = hashToken(token);
    const nowIso = now.toISOString();
    const cached = this.cache.get(hash);
    if (cached && now.getTime() < cached.trustedUntil && cached.grant.expiresAt > nowIso) {
      return { ...cached.grant, scopes: [...cached.grant.scopes] };
    }
    this.cache.delete(hash);
    const row = await this.db
      .selectFrom('access_tokens')
      .innerJoin('api_clients', 'api_clients.id', 'access_tokens.client_id')
      .select(['access_tokens.client_id', 'access_tokens.scopes', 'access_tokens.expires_at', 'api_clients.revoked_at'])
      .where('access_tokens.token_hash', '=', hash)
      .executeTakeFirst();
    if (!row || row.revoked_at || row.expires_at <= nowIso) return undefined;
    const grant: AccessToken = { clientId: row.client_id, scopes: splitScopes(row.scopes), expiresAt: row.expires_at };
    if (this.cache.size >= TOKEN_CACHE_MAX_ENTRIES) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(hash, { grant, trustedUntil: now.getTime() + TOKEN_CACHE_MS });
    return { ...grant, scopes: [...grant.scopes] };
  }

  async purgeExpired(now = new Date()): Promise<number> {
    const result = await this.db.deleteFrom('access_tokens').where('expires_at', '<=', now.toISOString()).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}

export function splitScopes(text: string): string[] {
  return text.split(' ').filter((s) => s !== '');
}
