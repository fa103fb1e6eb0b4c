// The app fetches an admin's OIDC discovery document; in production it must not be a way to
// make the server call internal services (SSRF).
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

let discovery: typeof import('./oidc-discovery');

beforeAll(async () => {
  vi.resetModules();
  vi.stubEnv('SSO_ALLOW_PRIVATE_IDPS', 'false');
  discovery = await import('./oidc-discovery');
});
afterAll(() => { vi.unstubAllEnvs(); });

describe('isPrivateHost', () => {
  it.each(['127.0.0.1', '10.1.2.3', '172.20.0.5', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', '[::1]', 'fd00::1', 'fe80::1', '::ffff:127.0.0.1', 'localhost'])('%s is private', async (host) => {
    expect(await discovery.isPrivateHost(host)).toBe(true);
  });

  it.each(['8.8.8.8', '93.184.216.34', '2606:4700::1111'])('%s is public', async (host) => {
    expect(await discovery.isPrivateHost(host)).toBe(false);
  });
});

describe('discoverOidcProvider with private issuers not allowed', () => {
  it.each(['http://127.0.0.1:1/', 'http://localhost:4011', 'https://169.254.169.254/latest/meta-data?x=/.well-known/openid-configuration', 'https://[::1]/'])('refuses %s as a field error, without fetching it', async (issuer) => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    await expect(discovery.discoverOidcProvider(issuer)).rejects.toMatchObject({ field: 'issuer', message: expect.stringContaining('not a public address') });
    expect(fetchSpy).not.toHaveBeenCalled();
    fetchSpy.mockRestore();
  });

  it('refuses a host that does not resolve, plainly', async () => {
    await expect(discovery.discoverOidcProvider('https://no-such-host.invalid/')).rejects.toMatchObject({ field: 'issuer', message: expect.stringContaining('could not be reached') });
  });
});
