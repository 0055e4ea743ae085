import { randomBytes } from 'node:crypto';

/** AskSage access tokens live about 24 h (exp - iat = 86 399 s recorded; protocol doc §1.3). */
export const ACCESS_TOKEN_LIFETIME_MS = 86_400_000;

/** Issues and checks JWT-looking access tokens bound to an API key. */
export interface TokenIssuer {
  /** A new token for `apiKey`, valid 24 h from `now()`. */
  issue(apiKey: string, keyIndex: number): string;
  /** The API key a live token was issued for; undefined for unknown or expired tokens. */
  resolve(token: string): string | undefined;
}

const HEADER = Buffer.from(JSON.stringify({ alg: 'HS512', typ: 'JWT' })).toString('base64url');

/**
 * Tokens look like AskSage's HS512 JWTs (header.claims.signature) so clients that decode the claims work,
 * but they are opaque handles checked against a table: signing would cost crypto on every request.
 * The claims name the key by index only, so a token never reveals the key.
 */
export function createTokenIssuer(now: () => number): TokenIssuer {
  const issued = new Map<string, { apiKey: string; expiresAt: number }>();
  return {
    issue(apiKey, keyIndex) {
      const issuedAt = now();
      const expiresAt = issuedAt + ACCESS_TOKEN_LIFETIME_MS;
      const claims = {
        api_key_id: keyIndex + 1,
        auth_method: 'api_key',
        exp: Math.floor(expiresAt / 1000),
        iat: Math.floor(issuedAt / 1000),
        jti: randomBytes(8).toString('hex'),
        paid: true,
        user_id: 1000 + keyIndex,
        user_type: 'user',
      };
      const token = `${HEADER}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${randomBytes(32).toString('base64url')}`;
      issued.set(token, { apiKey, expiresAt });
      return token;
    },
    resolve(token) {
      const entry = issued.get(token);
      if (!entry) return undefined;
      if (now() >= entry.expiresAt) return undefined;
      return entry.apiKey;
    },
  };
}
