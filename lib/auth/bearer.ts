// Verifies bearer access tokens for the Tenantry API with jose against the issuer's JWKS.
import { createRemoteJWKSet, jwtVerify, errors, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { config } from '@/lib/config';

export interface AccessTokenClaims extends JWTPayload {
  sub: string;
  org_id?: string;
  permissions?: string[];
  scope?: string;
  gty?: string;
  azp?: string;
}

let jwks: JWTVerifyGetKey | undefined;
/** The issuer's key set, fetched once and cached by jose (refetched on an unknown kid). */
export function issuerKeySet(): JWTVerifyGetKey {
  jwks ??= createRemoteJWKSet(new URL(`${config().auth0.issuer}.well-known/jwks.json`), {
    cacheMaxAge: 10 * 60 * 1000,
    cooldownDuration: 30 * 1000,
  });
  return jwks;
}

export class InvalidTokenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidTokenError';
  }
}

/** Signature (RS256 only), issuer, audience, expiry. Throws InvalidTokenError. */
export async function verifyAccessToken(token: string, getKey: JWTVerifyGetKey = issuerKeySet()): Promise<AccessTokenClaims> {
  const { auth0 } = config();
  try {
    const { payload } = await jwtVerify(token, getKey, {
      algorithms: ['RS256'],
      issuer: auth0.issuer,
      audience: auth0.apiAudience,
      clockTolerance: 5,
    });
    if (typeof payload.sub !== 'string') throw new InvalidTokenError('token has no subject');
    return payload as AccessTokenClaims;
  } catch (error) {
    if (error instanceof InvalidTokenError) throw error;
    if (error instanceof errors.JWTExpired) throw new InvalidTokenError('token expired');
    if (error instanceof errors.JOSEError) throw new InvalidTokenError(`invalid token (${error.code})`);
    throw new InvalidTokenError('invalid token');
  }
}

/** Permissions a token grants: `permissions` (RBAC) or, for client-credentials tokens, `scope`. */
export function tokenPermissions(claims: AccessTokenClaims): string[] {
  if (Array.isArray(claims.permissions)) return claims.permissions;
  return typeof claims.scope === 'string' ? claims.scope.split(' ').filter(Boolean) : [];
}

/**
 * A machine (client-credentials) token, which Auth0 marks with `gty`; its org_id means the
 * organization is associated with the client's grant. Anything else is a person's token,
 * whatever its `sub` looks like (an SSO user may be called "mallory@clients").
 */
export function isMachineToken(claims: AccessTokenClaims): boolean {
  return claims.gty === 'client-credentials';
}
