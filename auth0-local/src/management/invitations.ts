// /organizations/{id}/invitations: create (with roles, ttl, connection; optional email to the outbox), list, get, delete.
import { z } from 'zod';
import { newId, type Invitation, type OutboxMail } from '../store';
import { type ApiRouter, type Ctx, type Env, guarded, param } from './context';
import { badRequest, noContent, notFoundErrors, projectFields, queryString, sendJson } from './http';
import { findOrg } from './organizations';
import { sendOffset } from './pagination';
import { invitationJson, invitationUrl } from './serialize';
import { body, freeMetadata } from './validation';

export const DEFAULT_INVITATION_TTL_SEC = 604800; // 7 days
export const MAX_INVITATION_TTL_SEC = 2592000; // 30 days

const createSchema = z.strictObject({
  inviter: z.strictObject({ name: z.string().min(1).max(300) }),
  invitee: z.strictObject({ email: z.email() }),
  client_id: z.string().min(1),
  connection_id: z.string().min(1).optional(),
  app_metadata: freeMetadata.optional(),
  user_metadata: freeMetadata.optional(),
  ttl_sec: z.int().min(0).max(MAX_INVITATION_TTL_SEC).optional(),
  roles: z.array(z.string().min(1)).max(50).optional(),
  send_invitation_email: z.boolean().optional(),
});

export function registerInvitations(router: ApiRouter, env: Env): void {
  const { store } = env;

  router.post('/organizations/:id/invitations', guarded('create:organization_invitations', async (ctx: Ctx) => {
    const input = await body(ctx, createSchema);
    const org = findOrg(env, param(ctx, 'id'));
    // Unknown client, connection or role ids are a bad body on Auth0 (400 invalid_body), not a 404.
    // https://auth0.com/docs/api/management/v2/organizations/post-invitations
    const client = store.client(input.client_id);
    if (!client) throw badRequest(`The specified client_id (${input.client_id}) does not exist.`, 'invalid_body');
    if (client.organization_usage === 'deny') {
      throw badRequest(`The specified client_id (${client.client_id}) does not allow organizations.`, 'invalid_body');
    }
    if (!client.initiate_login_uri) {
      throw badRequest('A default login route is required to generate the invitation url.', 'invalid_body');
    }
    if (input.connection_id) {
      if (!store.connectionById(input.connection_id)) throw badRequest(`The specified connection_id (${input.connection_id}) does not exist.`, 'invalid_body');
      if (!store.enabledConnection(org.id, input.connection_id)) {
        throw badRequest(`The specified connection_id (${input.connection_id}) is not enabled for the organization.`, 'invalid_body');
      }
    }
    const roles = [...new Set(input.roles ?? [])];
    for (const r of roles) if (!store.state.roles.some((x) => x.id === r)) throw badRequest(`The specified role (${r}) does not exist.`, 'invalid_body');

    const now = env.now();
    const ttl = input.ttl_sec || DEFAULT_INVITATION_TTL_SEC;
    const inv: Invitation = {
      id: newId.invitation(),
      organization_id: org.id,
      inviter: { name: input.inviter.name },
      invitee: { email: input.invitee.email.toLowerCase() },
      client_id: client.client_id,
      ...(input.connection_id ? { connection_id: input.connection_id } : {}),
      ...(input.app_metadata ? { app_metadata: input.app_metadata } : {}),
      ...(input.user_metadata ? { user_metadata: input.user_metadata } : {}),
      roles,
      ticket_id: newId.ticket(),
      created_at: new Date(now).toISOString(),
      expires_at: new Date(now + ttl * 1000).toISOString(),
    };
    const link = invitationUrl(client.initiate_login_uri, inv, org.name);
    const orgLabel = org.display_name || org.name;
    const mail: OutboxMail | null = input.send_invitation_email === false ? null : {
      id: newId.mail(),
      kind: 'invitation',
      to: inv.invitee.email,
      subject: `${inv.inviter.name} invited you to join ${orgLabel}`,
      text: `${inv.inviter.name} has invited you to join ${orgLabel} on ${client.name}.\n\n`
        + `Accept the invitation: ${link}\n\nThis invitation expires on ${inv.expires_at}.`,
      link,
      created_at: inv.created_at,
    };
    store.mutate((s) => {
      s.invitations.push(inv);
      if (mail) s.outbox.push(mail);
    });
    sendJson(ctx, 201, invitationJson(store, inv));
  }));

  // Auth0 keeps expired invitations until they are deleted, and returns no total for this list.
  router.get('/organizations/:id/invitations', guarded('read:organization_invitations', (ctx: Ctx) => {
    const org = findOrg(env, param(ctx, 'id'));
    const desc = queryString(ctx, 'sort') === 'created_at:-1';
    const list = store.state.invitations
      .filter((i) => i.organization_id === org.id)
      .sort((a, b) => (a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : 0) * (desc ? -1 : 1))
      .map((i) => projectFields(ctx, invitationJson(store, i), ['id']));
    sendOffset(ctx, 'invitations', list, 'no_total');
  }));

  const findInvitation = (orgId: string, id: string) => {
    const inv = store.state.invitations.find((i) => i.id === id && i.organization_id === orgId);
    if (!inv) throw notFoundErrors.invitation();
    return inv;
  };

  router.get('/organizations/:id/invitations/:invitation_id', guarded('read:organization_invitations', (ctx: Ctx) => {
    const org = findOrg(env, param(ctx, 'id'));
    ctx.body = projectFields(ctx, invitationJson(store, findInvitation(org.id, param(ctx, 'invitation_id'))), ['id']);
  }));

  router.delete('/organizations/:id/invitations/:invitation_id', guarded('delete:organization_invitations', (ctx: Ctx) => {
    const org = findOrg(env, param(ctx, 'id'));
    const inv = findInvitation(org.id, param(ctx, 'invitation_id'));
    store.mutate((s) => {
      s.invitations = s.invitations.filter((i) => i.id !== inv.id);
    });
    noContent(ctx);
  }));
}
