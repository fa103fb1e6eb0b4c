// /organizations: list, create, get, get by name, update, delete.
import { z } from 'zod';
import { newId, type OrgEnabledConnection, type Organization } from '../store';
import { type ApiRouter, type Ctx, type Env, guarded, isoNow, param } from './context';
import { conflict, noContent, notFoundErrors, badRequest, sendJson } from './http';
import { sendList } from './pagination';
import { orgJson } from './serialize';
import { body, hexColor, httpUrl, orgMetadata } from './validation';

export const MAX_ENABLED_CONNECTIONS = 10;

const orgName = z
  .string()
  .min(1)
  .max(50)
  .regex(/^[a-z0-9\-_]+$/)
  .refine((n) => !n.startsWith('org_'), { error: "Organization names cannot begin with 'org_'" });

const branding = z.strictObject({
  logo_url: httpUrl.optional(),
  colors: z.strictObject({ primary: hexColor, page_background: hexColor }).optional(),
});

const enabledConnectionInput = z.strictObject({
  connection_id: z.string().min(1),
  assign_membership_on_login: z.boolean().optional(),
  show_as_button: z.boolean().optional(),
  is_signup_enabled: z.boolean().optional(),
});

const createSchema = z.strictObject({
  name: orgName,
  display_name: z.string().min(1).max(255).optional(),
  branding: branding.optional(),
  metadata: orgMetadata.optional(),
  enabled_connections: z.array(enabledConnectionInput).max(MAX_ENABLED_CONNECTIONS).optional(),
});

const updateSchema = z.strictObject({
  name: orgName.optional(),
  display_name: z.string().min(1).max(255).optional(),
  branding: branding.nullable().optional(),
  metadata: orgMetadata.nullable().optional(),
});

/** Drop null values: in Auth0 org metadata a null means "not set". */
function cleanMetadata(m: Record<string, string | null> | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(m ?? {})) if (typeof v === 'string') out[k] = v;
  return out;
}

export function findOrg(env: Env, idOrName: string): Organization {
  const org = env.store.orgById(idOrName);
  if (!org) throw notFoundErrors.organization();
  return org;
}

// Auth0's exact text for a duplicate name (409).
// https://auth0.com/docs/api/management/v2/organizations/post-organizations
const nameTaken = () => conflict('An organization with the same name already exists.', 'organization_conflict');

export function checkSignupRule(e: { assign_membership_on_login?: boolean; is_signup_enabled?: boolean }): void {
  if (e.is_signup_enabled && !e.assign_membership_on_login) {
    throw badRequest('is_signup_enabled can only be true when assign_membership_on_login is true.', 'invalid_body');
  }
}

export function registerOrganizations(router: ApiRouter, env: Env): void {
  const { store } = env;
  const orgKey = (o: Organization) => `${o.created_at}|${o.id}`;

  router.get('/organizations', guarded('read:organizations', (ctx: Ctx) => {
    sendList(ctx, 'organizations', store.state.organizations, orgKey, orgJson);
  }));

  router.post('/organizations', guarded('create:organizations', async (ctx: Ctx) => {
    const input = await body(ctx, createSchema);
    if (store.orgByName(input.name)) throw nameTaken();
    const links = input.enabled_connections ?? [];
    const seen = new Set<string>();
    for (const l of links) {
      if (!store.connectionById(l.connection_id)) throw notFoundErrors.connection();
      if (seen.has(l.connection_id)) throw badRequest(`Connection ${l.connection_id} is listed more than once.`);
      seen.add(l.connection_id);
      checkSignupRule(l);
    }
    const org: Organization = {
      id: newId.org(),
      name: input.name,
      display_name: input.display_name ?? '',
      ...(input.branding ? { branding: input.branding } : {}),
      metadata: cleanMetadata(input.metadata),
      created_at: isoNow(env),
    };
    const enabled: OrgEnabledConnection[] = links.map((l) => ({
      org_id: org.id,
      connection_id: l.connection_id,
      assign_membership_on_login: l.assign_membership_on_login ?? false,
      show_as_button: l.show_as_button ?? true,
      is_signup_enabled: l.is_signup_enabled ?? false,
    }));
    store.mutate((s) => {
      s.organizations.push(org);
      s.enabledConnections.push(...enabled);
    });
    const out: Record<string, unknown> = orgJson(org);
    if (input.enabled_connections) {
      out.enabled_connections = enabled.map(({ org_id: _o, ...rest }) => rest);
    }
    sendJson(ctx, 201, out);
  }));

  router.get('/organizations/name/:name', guarded('read:organizations', (ctx: Ctx) => {
    const org = store.orgByName(param(ctx, 'name'));
    if (!org) throw notFoundErrors.organization();
    ctx.body = orgJson(org);
  }));

  router.get('/organizations/:id', guarded('read:organizations', (ctx: Ctx) => {
    ctx.body = orgJson(findOrg(env, param(ctx, 'id')));
  }));

  router.patch('/organizations/:id', guarded('update:organizations', async (ctx: Ctx) => {
    const input = await body(ctx, updateSchema);
    const org = findOrg(env, param(ctx, 'id'));
    if (input.name !== undefined && input.name !== org.name && store.orgByName(input.name)) throw nameTaken();
    const updated = store.mutate((s) => {
      const o = s.organizations.find((x) => x.id === org.id)!;
      if (input.name !== undefined) o.name = input.name;
      if (input.display_name !== undefined) o.display_name = input.display_name;
      if (input.branding === null) delete o.branding;
      else if (input.branding !== undefined) o.branding = input.branding;
      // Auth0 replaces metadata as a whole: callers must read, merge, then write.
      if (input.metadata !== undefined) o.metadata = cleanMetadata(input.metadata);
      return o;
    });
    ctx.body = orgJson(updated);
  }));

  router.delete('/organizations/:id', guarded('delete:organizations', (ctx: Ctx) => {
    const org = findOrg(env, param(ctx, 'id'));
    store.mutate((s) => {
      s.organizations = s.organizations.filter((o) => o.id !== org.id);
      s.members = s.members.filter((m) => m.org_id !== org.id);
      s.invitations = s.invitations.filter((i) => i.organization_id !== org.id);
      s.enabledConnections = s.enabledConnections.filter((e) => e.org_id !== org.id);
      s.organizationClientGrants = s.organizationClientGrants.filter((a) => a.org_id !== org.id);
    });
    noContent(ctx);
  }));
}
