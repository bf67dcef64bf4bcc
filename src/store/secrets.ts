// Hashing of client secrets (scrypt with a per-secret salt: a leaked table does not give secrets
// away cheaply) and of bearer tokens (SHA-256: tokens are random 256-bit values, so a fast hash is
// enough and keeps the per-request lookup cheap). Nothing here ever logs or returns a secret.
import { createHash, randomBytes, randomUUID, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** scrypt cost (N), block size (r) and parallelism (p): Node's defaults, ~40 ms per hash. */
export const SCRYPT_PARAMETERS = { N: 16_384, r: 8, p: 1 } as const;
const SCRYPT_KEY_BYTES = 32;
const SALT_BYTES = 16;
/** 24 random bytes → 32 base64url characters, like commercetools' client secrets. */
const CLIENT_SECRET_BYTES = 24;
/** 18 random bytes → 24 base64url characters, like commercetools' client ids. */
const CLIENT_ID_BYTES = 18;
const ACCESS_TOKEN_BYTES = 32;

function scrypt(secret: string, salt: Buffer, keyLength: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scryptCallback(secret, salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

export async function hashSecret(secret: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const { N, r, p } = SCRYPT_PARAMETERS;
  const key = await scrypt(secret, salt, SCRYPT_KEY_BYTES, { N, r, p });
  return ['scrypt', N, r, p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifySecret(secret: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, n, r, p, saltText, keyText] = parts as [string, string, string, string, string, string];
  const expected = Buffer.from(keyText, 'base64url');
  const key = await scrypt(secret, Buffer.from(saltText, 'base64url'), expected.length, { N: Number(n), r: Number(r), p: Number(p) });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

export function newClientId(): string {
  return randomBytes(CLIENT_ID_BYTES).toString('base64url');
}

export function newClientSecret(): string {
  return randomBytes(CLIENT_SECRET_BYTES).toString('base64url');
}

export function newAccessToken(): string {
  return randomBytes(ACCESS_TOKEN_BYTES).toString('base64url');
}

export function newId(): string {
  return randomUUID();
}
