// Signed calls to the internal routes: what a signature binds (method, path, time, secret).
import { expect, it } from 'vitest';
import { INTERNAL_CALL_HEADER, internalRequest, isInternalCall, MAX_AGE_MS, signInternalCall } from '@/lib/http/internal-call';

const SECRET = 'internal-call-test-secret-0123456789abcdef';
const URL_ = 'http://localhost:3000/api/internal/tenants/acme';

const withSignature = (signature: string, url = URL_, method = 'GET') => new Request(url, { method, headers: { [INTERNAL_CALL_HEADER]: signature } });

it('a request signed by internalRequest is an internal call', async () => {
  const request = await internalRequest(URL_, SECRET);
  expect(await isInternalCall(request, SECRET)).toBe(true);
  expect(await isInternalCall(request, `${SECRET}-other`)).toBe(false);
});

it('the signature is for one method and one path', async () => {
  const signature = await signInternalCall('GET', '/api/internal/tenants/acme', SECRET);
  expect(await isInternalCall(withSignature(signature, 'http://localhost:3000/api/internal/tenants/globex'), SECRET)).toBe(false);
  expect(await isInternalCall(withSignature(signature, URL_, 'POST'), SECRET)).toBe(false);
  expect(await isInternalCall(withSignature(signature), SECRET)).toBe(true);
});

it(`is accepted for ${MAX_AGE_MS / 1000} s either way, not longer`, async () => {
  const now = 5_000_000;
  const at = (time: number) => signInternalCall('GET', '/api/internal/tenants/acme', SECRET, time);
  expect(await isInternalCall(withSignature(await at(now - MAX_AGE_MS)), SECRET, now)).toBe(true);
  expect(await isInternalCall(withSignature(await at(now - MAX_AGE_MS - 1)), SECRET, now)).toBe(false);
  expect(await isInternalCall(withSignature(await at(now + MAX_AGE_MS + 1)), SECRET, now)).toBe(false);
});

it.each(['', 'garbage', `${Date.now()}`, `${Date.now()}.${'zz'.repeat(32)}`, `x.${'ab'.repeat(32)}`])('refuses the header %j', async (value) => {
  expect(await isInternalCall(withSignature(value), SECRET)).toBe(false);
});
