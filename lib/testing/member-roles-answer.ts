// Tests of the membership check (issue: Auth0 does not document the member-roles lookup as a
// membership test): runs `run` while every GET /organizations/{id}/members/{user}/roles answers
// 200 [] as an Auth0 may for a non-member, so code that used it as the test would skip adding.
import { vi } from 'vitest';

export async function whileMemberRolesAnswerEmpty<T>(run: () => Promise<T>): Promise<T> {
  const realFetch = globalThis.fetch;
  const spy = vi.spyOn(globalThis, 'fetch').mockImplementation((input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if ((init?.method ?? 'GET') === 'GET' && /\/organizations\/[^/]+\/members\/[^/]+\/roles/.test(url)) {
      return Promise.resolve(new Response('[]', { status: 200, headers: { 'content-type': 'application/json' } }));
    }
    return realFetch(input, init);
  });
  try {
    return await run();
  } finally {
    spy.mockRestore();
  }
}
