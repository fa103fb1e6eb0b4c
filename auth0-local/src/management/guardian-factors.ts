// The tenant's MFA factors: list them, switch one on or off.
// Docs: https://auth0.com/docs/api/management/v2/guardian/get-factors (scope read:guardian_factors;
// answers [{ name, enabled, trial_expired }]), https://auth0.com/docs/api/management/v2/guardian/put-factors-by-name
// (scope update:guardian_factors; body { enabled } and nothing else; answers { enabled }).
import { z } from 'zod';
import { GUARDIAN_FACTORS, type GuardianFactorName } from '../store';
import { type ApiRouter, type Ctx, type Env, guarded, param } from './context';
import { badRequest, sendJson } from './http';
import { body } from './validation';

const setSchema = z.strictObject({ enabled: z.boolean() });

function factorName(ctx: Ctx): GuardianFactorName {
  const name = param(ctx, 'name');
  // The path parameter is an enum on Auth0: any other name is refused before anything changes.
  if (!(GUARDIAN_FACTORS as readonly string[]).includes(name)) {
    throw badRequest(`Path validation error: 'String does not match pattern' on property name (Factor name. Can be ${GUARDIAN_FACTORS.join(', ')}).`, 'invalid_uri');
  }
  return name as GuardianFactorName;
}

export function registerGuardianFactors(router: ApiRouter, env: Env): void {
  const { store } = env;

  router.get('/guardian/factors', guarded('read:guardian_factors', (ctx: Ctx) => {
    const factors = store.state.guardianFactors;
    sendJson(ctx, 200, GUARDIAN_FACTORS.map((name) => ({ name, enabled: factors[name] ?? false, trial_expired: false })));
  }));

  router.put('/guardian/factors/:name', guarded('update:guardian_factors', async (ctx: Ctx) => {
    const name = factorName(ctx);
    const { enabled } = await body(ctx, setSchema);
    store.mutate((s) => { s.guardianFactors = { ...s.guardianFactors, [name]: enabled }; });
    sendJson(ctx, 200, { enabled });
  }));
}
