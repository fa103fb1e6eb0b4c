// /organizations/{id}/client-grants: which client grants may name this organization in a
// client-credentials request (machine-to-machine access for organizations): list, associate,
// remove. Only grants whose organization_usage is allow or require can be associated.
// https://auth0.com/docs/manage-users/organizations/organizations-for-m2m-applications/authorize-m2m-access
// https://auth0.com/docs/api/management/v2/organizations/create-organization-client-grants
import { z } from 'zod';
import { checkGrantAllowsOrganizations } from './clients';
import { type ApiRouter, type Ctx, type Env, guarded, param } from './context';
import { conflict, noContent, notFoundErrors, queryList, queryString, sendJson } from './http';
import { findOrg } from './organizations';
import { sendOffset } from './pagination';
import { clientGrantJson } from './serialize';
import { body } from './validation';

const associateSchema = z.strictObject({ grant_id: z.string().min(1) });

export function registerOrganizationClientGrants(router: ApiRouter, env: Env): void {
  const { store } = env;

  router.get('/organizations/:id/client-grants', guarded('read:organization_client_grants', (ctx: Ctx) => {
    const org = findOrg(env, param(ctx, 'id'));
    const audience = queryString(ctx, 'audience');
    const clientId = queryString(ctx, 'client_id');
    const grantIds = queryList(ctx, 'grant_ids').flatMap((v) => v.split(',')).filter(Boolean);
    const associated = new Set(store.state.organizationClientGrants.filter((a) => a.org_id === org.id).map((a) => a.grant_id));
    const list = store.state.clientGrants
      .filter((g) => associated.has(g.id))
      .filter((g) => (!audience || g.audience === audience) && (!clientId || g.client_id === clientId) && (grantIds.length === 0 || grantIds.includes(g.id)))
      .map(clientGrantJson);
    sendOffset(ctx, 'client_grants', list);
  }));

  router.post('/organizations/:id/client-grants', guarded('create:organization_client_grants', async (ctx: Ctx) => {
    const input = await body(ctx, associateSchema);
    const org = findOrg(env, param(ctx, 'id'));
    const grant = store.state.clientGrants.find((g) => g.id === input.grant_id);
    if (!grant) throw notFoundErrors.clientGrant();
    checkGrantAllowsOrganizations(grant);
    if (store.state.organizationClientGrants.some((a) => a.org_id === org.id && a.grant_id === grant.id)) {
      throw conflict('The client grant is already associated with the organization.', 'conflict');
    }
    store.mutate((s) => { s.organizationClientGrants.push({ org_id: org.id, grant_id: grant.id }); });
    sendJson(ctx, 201, clientGrantJson(grant));
  }));

  router.delete('/organizations/:id/client-grants/:grant_id', guarded('delete:organization_client_grants', (ctx: Ctx) => {
    const org = findOrg(env, param(ctx, 'id'));
    const grantId = param(ctx, 'grant_id');
    if (!store.state.clientGrants.some((g) => g.id === grantId)) throw notFoundErrors.clientGrant();
    store.mutate((s) => {
      s.organizationClientGrants = s.organizationClientGrants.filter((a) => !(a.org_id === org.id && a.grant_id === grantId));
    });
    noContent(ctx);
  }));
}
