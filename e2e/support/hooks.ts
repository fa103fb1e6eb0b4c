// The app's test-only hooks (TEST_HOOKS=1, app/api/internal/test/*), signed with the app secret
// as middleware signs its internal calls: move the session clock, set an organization's policy.
import { INTERNAL_CALL_HEADER, signInternalCall } from '../../lib/http/internal-call';
import { call } from './http';
import { APEX, appEnv } from './env';

async function hook(path: string, body: unknown) {
  const response = await call(`${APEX}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [INTERNAL_CALL_HEADER]: await signInternalCall('POST', path, appEnv().AUTH0_SECRET!) },
    body: JSON.stringify(body),
  });
  if (response.status !== 200) throw new Error(`${path}: ${response.status} ${response.body}`);
  return response.json();
}

/** Moves the app's session clock to the real time plus `offsetMs` (0: back). */
export const moveSessionClock = (offsetMs: number) => hook('/api/internal/test/clock', { offsetMs });

export interface PolicyPatch {
  sessionMaxAgeMinutes?: number | null;
  sessionIdleMinutes?: number | null;
  ipAllowlist?: string[];
  ipAllowlistAppliesToScim?: boolean;
}

/** Sets parts of an organization's security policy (through the app's data layer). */
export const setSecurityPolicy = (slug: string, policy: PolicyPatch) => hook('/api/internal/test/security-policy', { slug, policy });
