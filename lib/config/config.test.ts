import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '@/lib/config';

describe('parseConfig', () => {
  it('works with no settings at all (local mode)', () => {
    const cfg = parseConfig({});
    expect(cfg.rootDomain).toBe('localhost:3000');
    expect(cfg.apexOrigin).toBe('http://localhost:3000');
    expect(cfg.database).toEqual({ kind: 'pglite', dataDir: '.data/pglite' });
    expect(cfg.auth0.origin).toBe('http://localhost:4000');
    expect(cfg.auth0.issuer).toBe('http://localhost:4000/');
    expect(cfg.auth0.clientId).toBe('tenantry-local-app');
  });

  it('reads a real deployment', () => {
    const cfg = parseConfig({
      ROOT_DOMAIN: 'Example.com',
      DATABASE_URL: 'postgresql://u:p@db.example.com:5432/app',
      AUTH0_DOMAIN: 'tenant.eu.auth0.com',
      AUTH0_CLIENT_ID: 'cid', AUTH0_CLIENT_SECRET: 'secret', AUTH0_SECRET: 'x'.repeat(32),
      AUTH0_M2M_CLIENT_ID: 'm2m', AUTH0_M2M_CLIENT_SECRET: 'm2m-secret',
    });
    expect(cfg.apexOrigin).toBe('https://example.com');
    expect(cfg.database).toEqual({ kind: 'postgres', url: 'postgresql://u:p@db.example.com:5432/app' });
    expect(cfg.auth0.origin).toBe('https://tenant.eu.auth0.com');
    expect(cfg.auth0.issuer).toBe('https://tenant.eu.auth0.com/');
  });

  it('derives the SAML tenant name and the domain verification mode, both overridable', () => {
    expect(parseConfig({})).toMatchObject({ auth0: { tenantName: 'local' }, domainVerification: 'trust' });
    const real = { AUTH0_DOMAIN: 'my-tenant.eu.auth0.com', AUTH0_CLIENT_ID: 'c', AUTH0_CLIENT_SECRET: 's', AUTH0_SECRET: 'x'.repeat(32), AUTH0_M2M_CLIENT_ID: 'm', AUTH0_M2M_CLIENT_SECRET: 'm' };
    expect(parseConfig(real)).toMatchObject({ auth0: { tenantName: 'my-tenant' }, domainVerification: 'dns' });
    expect(parseConfig({ ...real, AUTH0_DOMAIN: 'http://localhost:4100' })).toMatchObject({ auth0: { tenantName: 'local' }, domainVerification: 'dns' });
    expect(parseConfig({ ...real, AUTH0_DOMAIN: 'http://localhost:4100', DOMAIN_VERIFICATION: 'trust' })).toMatchObject({ domainVerification: 'trust' });
    expect(parseConfig({ ...real, AUTH0_TENANT_NAME: 'acme-prod', DOMAIN_VERIFICATION: 'trust', DOMAIN_VERIFICATION_ALLOW_TRUST: 'true' })).toMatchObject({ auth0: { tenantName: 'acme-prod' }, domainVerification: 'trust' });
    expect(() => parseConfig({ DOMAIN_VERIFICATION: 'maybe' })).toThrowError(/DOMAIN_VERIFICATION: dns or trust/);
    expect(() => parseConfig({ AUTH0_TENANT_NAME: 'a b' })).toThrowError(/AUTH0_TENANT_NAME/);
  });

  it('refuses DOMAIN_VERIFICATION=trust anywhere but the local tenant on localhost, unless forced', () => {
    const real = { AUTH0_DOMAIN: 'my-tenant.eu.auth0.com', AUTH0_CLIENT_ID: 'c', AUTH0_CLIENT_SECRET: 's', AUTH0_SECRET: 'x'.repeat(32), AUTH0_M2M_CLIENT_ID: 'm', AUTH0_M2M_CLIENT_SECRET: 'm' };
    const refused = /DOMAIN_VERIFICATION: "trust" .*only for the local Auth0 tenant on localhost.*DOMAIN_VERIFICATION_ALLOW_TRUST=true/s;
    // A real Auth0 tenant.
    expect(() => parseConfig({ ...real, DOMAIN_VERIFICATION: 'trust' })).toThrowError(refused);
    expect(() => parseConfig({ ...real, ROOT_DOMAIN: 'localhost:3000', DOMAIN_VERIFICATION: 'trust' })).toThrowError(ConfigError);
    // The local tenant, but the app served on a public domain.
    expect(() => parseConfig({ ROOT_DOMAIN: 'example.com', DOMAIN_VERIFICATION: 'trust' })).toThrowError(refused);
    expect(() => parseConfig({ ...real, DOMAIN_VERIFICATION: 'trust', DOMAIN_VERIFICATION_ALLOW_TRUST: 'false' })).toThrowError(refused);
    // Forced on purpose.
    expect(parseConfig({ ...real, DOMAIN_VERIFICATION: 'trust', DOMAIN_VERIFICATION_ALLOW_TRUST: 'true' }).domainVerification).toBe('trust');
    // Never the default of a deployment others can reach.
    expect(parseConfig({ ROOT_DOMAIN: 'example.com' }).domainVerification).toBe('dns');
    expect(parseConfig(real).domainVerification).toBe('dns');
    expect(parseConfig({}).domainVerification).toBe('trust');
    expect(() => parseConfig({ DOMAIN_VERIFICATION_ALLOW_TRUST: 'yes' })).toThrowError(/DOMAIN_VERIFICATION_ALLOW_TRUST: true or false/);
  });

  it('lets OIDC issuers on private networks only with a local Auth0 tenant, unless told otherwise', () => {
    const real = { AUTH0_DOMAIN: 'my-tenant.eu.auth0.com', AUTH0_CLIENT_ID: 'c', AUTH0_CLIENT_SECRET: 's', AUTH0_SECRET: 'x'.repeat(32), AUTH0_M2M_CLIENT_ID: 'm', AUTH0_M2M_CLIENT_SECRET: 'm' };
    expect(parseConfig({}).allowPrivateIdps).toBe(true);
    expect(parseConfig({ ...real, AUTH0_DOMAIN: 'http://localhost:4100' }).allowPrivateIdps).toBe(true);
    expect(parseConfig(real).allowPrivateIdps).toBe(false);
    expect(parseConfig({ ...real, SSO_ALLOW_PRIVATE_IDPS: 'true' }).allowPrivateIdps).toBe(true);
    expect(() => parseConfig({ SSO_ALLOW_PRIVATE_IDPS: 'yes' })).toThrowError(/SSO_ALLOW_PRIVATE_IDPS: true or false/);
  });

  it('lets webhooks reach this machine only when asked and only when the app runs on localhost', () => {
    expect(parseConfig({}).webhooks).toEqual({ allowLoopback: false, cronSecret: null });
    expect(parseConfig({ WEBHOOKS_ALLOW_LOOPBACK: 'true' }).webhooks.allowLoopback).toBe(true);
    expect(() => parseConfig({ ROOT_DOMAIN: 'example.com', WEBHOOKS_ALLOW_LOOPBACK: 'true' })).toThrowError(/WEBHOOKS_ALLOW_LOOPBACK: only for local development/);
    expect(parseConfig({ ROOT_DOMAIN: 'example.com', WEBHOOKS_ALLOW_LOOPBACK: 'false' }).webhooks.allowLoopback).toBe(false);
    expect(() => parseConfig({ CRON_SECRET: 'short' })).toThrowError(/CRON_SECRET: at least 16 characters/);
  });

  it('trusts one proxy hop (Vercel) unless told otherwise, and refuses a count that is not one', () => {
    expect(parseConfig({}).trustedProxyHops).toBe(1);
    expect(parseConfig({ TRUSTED_PROXY_HOPS: '0' }).trustedProxyHops).toBe(0);
    expect(parseConfig({ TRUSTED_PROXY_HOPS: '2' }).trustedProxyHops).toBe(2);
    for (const bad of ['-1', '1.5', 'many', '11']) {
      expect(() => parseConfig({ TRUSTED_PROXY_HOPS: bad })).toThrowError(/TRUSTED_PROXY_HOPS: a whole number from 0 to 10/);
    }
  });

  it('treats empty values as unset', () => {
    expect(parseConfig({ DATABASE_URL: '', ROOT_DOMAIN: '' }).database.kind).toBe('pglite');
  });

  it('names every missing credential when AUTH0_DOMAIN points at a tenant', () => {
    try {
      parseConfig({ AUTH0_DOMAIN: 'tenant.auth0.com', AUTH0_CLIENT_ID: 'cid' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as Error).message;
      for (const key of ['AUTH0_CLIENT_SECRET', 'AUTH0_SECRET', 'AUTH0_M2M_CLIENT_ID', 'AUTH0_M2M_CLIENT_SECRET']) expect(message).toContain(key);
      expect(message).not.toContain('AUTH0_CLIENT_ID:');
    }
  });

  it.each([
    ['DATABASE_URL', 'mysql://x', 'postgres://'],
    ['ROOT_DOMAIN', 'https://example.com', 'host name'],
    ['AUTH0_SECRET', 'short', '32 characters'],
    ['TENANTRY_API_AUDIENCE', 'not a url', 'URL'],
    ['MEMBERSHIP_CACHE_SECONDS', 'soon', 'number'],
    ['TRUSTED_PROXY_HOPS', 'two', 'whole number'],
    ['TRUSTED_PROXY_HOPS', '-1', '0'],
    ['TRUSTED_PROXY_HOPS', '1.5', 'whole number'],
    ['TENANT_LOOKUP_TTL_MS', '10', '1000'],
    ['TEST_HOOKS', 'yes', '1 or 0'],
  ])('rejects a malformed %s with a message naming it', (key, value, expected) => {
    expect(() => parseConfig({ [key]: value })).toThrowError(new RegExp(`${key}: .*${expected}`, 'i'));
  });

  it('trusts one proxy hop and keeps tenant lookups 30 s by default; both can be set', () => {
    expect([parseConfig({}).trustedProxyHops, parseConfig({}).tenantLookupTtlMs]).toEqual([1, 30_000]);
    expect([parseConfig({ TRUSTED_PROXY_HOPS: '2' }).trustedProxyHops, parseConfig({ TENANT_LOOKUP_TTL_MS: '1000' }).tenantLookupTtlMs]).toEqual([2, 1000]);
    expect(parseConfig({ TRUSTED_PROXY_HOPS: '0' }).trustedProxyHops).toBe(0);
  });

  it('turns the test hooks on only with the local tenant on localhost', () => {
    expect(parseConfig({}).testHooks).toBe(false);
    expect(parseConfig({ TEST_HOOKS: '1', AUTH0_DOMAIN: 'http://localhost:4100', AUTH0_CLIENT_ID: 'c', AUTH0_CLIENT_SECRET: 's', AUTH0_SECRET: 'x'.repeat(32), AUTH0_M2M_CLIENT_ID: 'm', AUTH0_M2M_CLIENT_SECRET: 's' }).testHooks).toBe(true);
    expect(() => parseConfig({ TEST_HOOKS: '1', ROOT_DOMAIN: 'example.com' })).toThrowError(/TEST_HOOKS/);
  });
});
