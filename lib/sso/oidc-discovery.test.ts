// The app fetches an admin's OIDC discovery document; in production it must not be a way to
// make the server call internal services (SSRF).
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

let discovery: typeof import('./oidc-discovery');
let server: Server;
let port: number;
let hits = 0;

beforeAll(async () => {
  vi.resetModules();
  vi.stubEnv('SSO_ALLOW_PRIVATE_IDPS', 'false');
  discovery = await import('./oidc-discovery');
  // An "internal service" on this machine: it must never be reached.
  server = createServer((_req, res) => { hits += 1; res.end('{}'); });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await new Promise((r) => server.close(r));
});

describe('isPrivateHost', () => {
  it.each(['127.0.0.1', '10.1.2.3', '172.20.0.5', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', '[::1]', 'fd00::1', 'fe80::1', '::ffff:127.0.0.1', '[::ffff:7f00:1]', '64:ff9b::7f00:1', 'localhost'])('%s is private', async (host) => {
    expect(await discovery.isPrivateHost(host)).toBe(true);
  });

  it.each(['8.8.8.8', '93.184.216.34', '2606:4700::1111'])('%s is public', async (host) => {
    expect(await discovery.isPrivateHost(host)).toBe(false);
  });
});

describe('discoverOidcProvider with private issuers not allowed', () => {
  it.each(['http://127.0.0.1:PORT/', 'http://localhost:PORT', 'http://[::ffff:127.0.0.1]:PORT/', 'http://[::ffff:7f00:1]:PORT/', 'https://169.254.169.254/latest/meta-data?x=/.well-known/openid-configuration', 'https://[::1]/', 'http://2130706433:PORT/'])('refuses %s as a field error, without connecting', async (issuer) => {
    await expect(discovery.discoverOidcProvider(issuer.replace('PORT', String(port)))).rejects.toMatchObject({ field: 'issuer', message: expect.stringContaining('not a public address') });
    expect(hits).toBe(0);
  });

  it('refuses a host that does not resolve, plainly', async () => {
    await expect(discovery.discoverOidcProvider('https://no-such-host.invalid/')).rejects.toMatchObject({ field: 'issuer', message: expect.stringContaining('could not be reached') });
  });

  it('refuses other schemes and credentials in the address', async () => {
    await expect(discovery.discoverOidcProvider('file:///etc/passwd')).rejects.toMatchObject({ field: 'issuer', message: expect.stringContaining('not a valid address') });
    await expect(discovery.discoverOidcProvider('https://user:pw@idp.example.com/')).rejects.toMatchObject({ field: 'issuer' });
  });
});
