// The discovery fetch connects to the address that was vetted, resolved once: a DNS answer
// that changes between the check and the connection (DNS rebinding) cannot redirect it. And
// what the server answered never shows up in the error. Runs against an IdP on this machine
// (SSO_ALLOW_PRIVATE_IDPS=true, as with the local tenant); the name `idp.pinned.test` exists
// only in the stubbed resolver below.
import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

vi.mock('node:dns/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:dns/promises')>();
  return { ...actual, lookup: vi.fn(actual.lookup) };
});

let discovery: typeof import('./oidc-discovery');
let dns: typeof import('node:dns/promises');
let server: Server;
let port: number;
const seen: { url: string; headers: IncomingHttpHeaders }[] = [];
const SECRET = 'internal-admin-panel-token-1234';

beforeAll(async () => {
  vi.resetModules();
  vi.stubEnv('SSO_ALLOW_PRIVATE_IDPS', 'true');
  discovery = await import('./oidc-discovery');
  dns = await import('node:dns/promises');
  server = createServer((req, res) => {
    seen.push({ url: req.url!, headers: req.headers });
    if (req.url === '/redirect/.well-known/openid-configuration') { res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data' }); res.end(); return; }
    if (req.url === '/broken/.well-known/openid-configuration') { res.writeHead(500); res.end(`<h1>Error</h1> ${SECRET}`); return; }
    if (req.url === '/html/.well-known/openid-configuration') { res.writeHead(200); res.end(`<html>${SECRET}</html>`); return; }
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ issuer: `http://idp.pinned.test:${port}/`, authorization_endpoint: 'x', token_endpoint: 'y' }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterEach(() => { seen.length = 0; vi.mocked(dns.lookup).mockReset(); });
afterAll(async () => {
  vi.unstubAllEnvs();
  await new Promise((r) => server.close(r));
});

/** The first answer is this machine; every later one an address nobody answers at. */
function rebindingResolver() {
  let calls = 0;
  vi.mocked(dns.lookup).mockImplementation((async () => {
    calls += 1;
    return [{ address: calls === 1 ? '127.0.0.1' : '10.255.255.1', family: 4 }];
  }) as never);
  return () => calls;
}

it('resolves the name once and connects to that address, with the name as Host', async () => {
  const calls = rebindingResolver();
  const provider = await discovery.discoverOidcProvider(`http://idp.pinned.test:${port}`);
  expect(provider.issuer).toBe(`http://idp.pinned.test:${port}/`);
  expect(calls()).toBe(1);
  expect(seen).toHaveLength(1);
  expect(seen[0]!.headers.host).toBe(`idp.pinned.test:${port}`);
});

it('does not follow a redirect', async () => {
  rebindingResolver();
  await expect(discovery.discoverOidcProvider(`http://idp.pinned.test:${port}/redirect`)).rejects.toMatchObject({ field: 'issuer', message: expect.stringContaining('redirects elsewhere') });
  expect(seen.map((s) => s.url)).toEqual(['/redirect/.well-known/openid-configuration']);
});

it.each(['broken', 'html'])('does not repeat what the server answered (%s)', async (path) => {
  rebindingResolver();
  const error = await discovery.discoverOidcProvider(`http://idp.pinned.test:${port}/${path}`).catch((e: Error) => e);
  expect(error).toMatchObject({ field: 'issuer' });
  expect((error as Error).message).not.toContain(SECRET);
  // The address it names is the admin's own input (its port may well contain "500").
  const said = (error as Error).message.replace(`http://idp.pinned.test:${port}/${path}/.well-known/openid-configuration`, '<url>');
  expect(said).toContain('<url>');
  expect(said).not.toMatch(/500|<h1>|<html>/);
});
