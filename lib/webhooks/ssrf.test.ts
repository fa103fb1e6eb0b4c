// The SSRF guard on its own: which URLs and addresses a webhook may go to, that the
// development flag admits loopback and nothing more, and that a delivery connects to the
// address that was checked (pinned), never to a second DNS answer.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseWebhookUrl, vettedAddress, UnsafeWebhookUrl, type ResolvedAddress } from '@/lib/webhooks/ssrf';
import { sendSigned } from '@/lib/webhooks/send';

const strict = { allowLoopback: false };
const dev = { allowLoopback: true };
const answers = (...addresses: string[]) => async (): Promise<ResolvedAddress[]> => addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
const vet = (url: string, policy: { allowLoopback: boolean; resolve?: (h: string) => Promise<ResolvedAddress[]> }) => vettedAddress(parseWebhookUrl(url, policy), policy);

describe('addresses', () => {
  it.each([
    'https://127.0.0.1/', 'https://127.9.9.9/', 'https://[::1]/', 'https://0.0.0.0/', 'https://10.0.0.1/', 'https://172.16.0.1/', 'https://172.31.255.255/',
    'https://192.168.0.1/', 'https://169.254.169.254/', 'https://169.254.1.1/', 'https://100.64.0.1/', 'https://100.127.255.254/', 'https://[fc00::1]/',
    'https://[fd12:3456::1]/', 'https://[fe80::1]/', 'https://[::ffff:127.0.0.1]/', 'https://[::ffff:169.254.169.254]/', 'https://[64:ff9b::a00:1]/',
    'https://[2002:a00:1::]/', 'https://2130706433/', 'https://0x7f000001/', 'https://017700000001/', 'https://224.0.0.1/', 'https://255.255.255.255/',
  ])('%s is refused', async (url) => {
    await expect(vet(url, strict)).rejects.toThrow(UnsafeWebhookUrl);
  });

  it('a public address is allowed and is the one to connect to', async () => {
    expect(await vet('https://93.184.216.34/x', strict)).toEqual({ address: '93.184.216.34', family: 4 });
    expect(await vet('https://[2606:2800:220:1:248:1893:25c8:1946]/x', strict)).toEqual({ address: '2606:2800:220:1:248:1893:25c8:1946', family: 6 });
  });

  it('a name is judged by every address it resolves to', async () => {
    expect(await vet('https://hooks.example.test/', { ...strict, resolve: answers('93.184.216.34') })).toEqual({ address: '93.184.216.34', family: 4 });
    await expect(vet('https://hooks.example.test/', { ...strict, resolve: answers('93.184.216.34', '192.168.1.1') })).rejects.toThrow('hooks.example.test is not a public internet address (192.168.1.1)');
    await expect(vet('https://hooks.example.test/', { ...strict, resolve: answers('::ffff:10.0.0.1') })).rejects.toThrow(UnsafeWebhookUrl);
    await expect(vet('https://localhost/', { ...strict, resolve: answers('127.0.0.1') })).rejects.toThrow(UnsafeWebhookUrl);
    await expect(vet('https://nowhere.example.test/', { ...strict, resolve: answers() })).rejects.toThrow('nowhere.example.test could not be resolved.');
  });

  it('the development flag admits loopback only: never private networks or metadata', async () => {
    expect(await vet('http://127.0.0.1:9999/', dev)).toEqual({ address: '127.0.0.1', family: 4 });
    expect(await vet('http://[::1]:9999/', dev)).toEqual({ address: '::1', family: 6 });
    expect(await vet('http://localhost:9999/', { ...dev, resolve: answers('127.0.0.1', '::1') })).toEqual({ address: '127.0.0.1', family: 4 });
    for (const url of ['http://10.0.0.1/', 'http://192.168.1.1/', 'http://169.254.169.254/', 'http://[fc00::1]/', 'http://100.64.0.1/']) {
      await expect(vet(url, dev)).rejects.toThrow(UnsafeWebhookUrl);
    }
  });

  it('https only, unless in development; no credentials in the URL', () => {
    expect(() => parseWebhookUrl('http://example.com/', strict)).toThrow('The URL must start with https://.');
    expect(() => parseWebhookUrl('ftp://example.com/', dev)).toThrow('The URL must start with https://.');
    expect(() => parseWebhookUrl('file:///etc/passwd', dev)).toThrow('The URL must start with https://.');
    expect(() => parseWebhookUrl('https://a:b@example.com/', strict)).toThrow('A URL with a user name or password in it is not allowed.');
    expect(() => parseWebhookUrl('not a url', strict)).toThrow('Enter a full URL');
    expect(parseWebhookUrl('http://127.0.0.1:3/x', dev).href).toBe('http://127.0.0.1:3/x');
  });
});

describe('delivery connects to the vetted address', () => {
  let server: Server;
  let port: number;
  const hosts: string[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      hosts.push(req.headers.host ?? '');
      res.writeHead(200).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((r) => server.close(r)));

  it('resolves once and connects to that answer, not to a new resolution (no DNS rebinding)', async () => {
    let asked = 0;
    // First answer loopback (allowed in development), any later one a private address: the
    // request must reach the first, and the resolver must not be asked again.
    const resolve = async () => (asked++ === 0 ? [{ address: '127.0.0.1', family: 4 as const }] : [{ address: '10.9.9.9', family: 4 as const }]);
    const attempt = await sendSigned(`http://rebinding.example.test:${port}/hook`, { id: 'msg_1', body: '{}', secrets: ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'] }, { ...dev, resolve });
    expect(attempt).toMatchObject({ ok: true, statusCode: 200 });
    expect(asked).toBe(1);
    expect(hosts.at(-1)).toBe(`rebinding.example.test:${port}`);
  });

  it('a refused address is never connected to', async () => {
    const before = hosts.length;
    const attempt = await sendSigned(`http://127.0.0.1:${port}/hook`, { id: 'msg_2', body: '{}', secrets: ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'] }, strict);
    expect(attempt).toMatchObject({ ok: false, statusCode: null, error: 'Refused: The URL must start with https://.' });
    const viaName = await sendSigned(`https://internal.example.test:${port}/hook`, { id: 'msg_3', body: '{}', secrets: ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'] }, { ...strict, resolve: answers('127.0.0.1') });
    expect(viaName.error).toMatch(/^Refused: internal\.example\.test is not a public internet address/);
    expect(hosts.length).toBe(before);
  });
});
