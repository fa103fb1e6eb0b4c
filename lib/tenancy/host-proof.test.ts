import { describe, expect, it } from 'vitest';
import { HOST_PROOF_HEADER, originalHost, signHost } from './host-proof';

const secret = 'a-secret-of-at-least-thirty-two-characters';

describe('originalHost', () => {
  it('is the Host header when there is no stamp', async () => {
    const headers = new Headers({ host: 'localhost:3000', 'x-forwarded-host': 'acme.localhost:3000' });
    expect(await originalHost(headers, secret)).toBe('localhost:3000');
  });

  it('trusts X-Forwarded-Host stamped by middleware (a server action redirect fetch)', async () => {
    const headers = new Headers({ host: 'localhost:3000', 'x-forwarded-host': 'acme.localhost:3000', [HOST_PROOF_HEADER]: await signHost('acme.localhost:3000', secret) });
    expect(await originalHost(headers, secret)).toBe('acme.localhost:3000');
  });

  it('refuses a stamp made for another host, with another secret, or malformed', async () => {
    const forHost = (proof: string) => new Headers({ host: 'localhost:3000', 'x-forwarded-host': 'globex.localhost:3000', [HOST_PROOF_HEADER]: proof });
    expect(await originalHost(forHost(await signHost('acme.localhost:3000', secret)), secret)).toBe('localhost:3000');
    expect(await originalHost(forHost(await signHost('globex.localhost:3000', 'another-secret-of-thirty-two-characters')), secret)).toBe('localhost:3000');
    expect(await originalHost(forHost('not-a-proof'), secret)).toBe('localhost:3000');
  });
});
