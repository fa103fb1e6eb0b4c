// Universal Login look-alike: /u/login, /u/signup, the pre-login organization prompt, the
// post-login organization picker, and the hidden consent step. Each page works on an
// oidc-provider Interaction (the `state` query parameter, as on Auth0) and finishes it by
// writing the result and sending the browser back to /authorize/<uid>.
import Router from '@koa/router';
import type Koa from 'koa';
import { buttonName, connectionForEmail, enterpriseConnectionsFor, enterpriseStartUrl } from '../enterprise/connections.js';
import { html, readForm } from '../http-util.js';
import { invitationProblem, loginConnections, MESSAGES } from '../login-flow.js';
import { defaultPicture, nicknameOf } from '../seed.js';
import type { Runtime } from '../runtime.js';
import { hashPassword, newId, randomAlnum, verifyPassword, type Invitation, type Organization, type User } from '../store.js';
import {
  errorPage, loginPage, organizationPickerPage, organizationPromptPage, signupPage,
  type InvitationBanner, type PageBranding,
} from './pages.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Interaction = any;

export const EMAIL_VERIFICATION_MODEL = 'TenantryEmailVerification';
const PICKER_LIMIT = 20;
const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Auth0's "good"-like policy used here: min 10 chars, 3 of 4 character classes, not the email. */
export function passwordPolicyErrors(password: string, email: string): string[] {
  const errors: string[] = [];
  if (password.length < 10) errors.push('Your password must be at least 10 characters long.');
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((re) => re.test(password)).length;
  if (classes < 3) errors.push('Your password must contain at least 3 of the following: lower-case letters (a-z), upper-case letters (A-Z), numbers (0-9), special characters (e.g. !@#$%^&*).');
  if (email && password.trim().toLowerCase() === email.trim().toLowerCase()) errors.push('Your password must not be your email address.');
  return errors;
}

// A hash to compare against when the account does not exist, so timing does not tell.
let dummyHash: Promise<string> | undefined;

interface PageContext {
  interaction: Interaction;
  params: Record<string, string | undefined>;
  clientId: string;
  clientName: string;
  org?: Organization | undefined;
  branding?: PageBranding | undefined;
  invitation?: Invitation | undefined;
  banner?: InvitationBanner | undefined;
  chosenOrgId?: string | undefined;
}

export function brandingOf(org: Organization | undefined): PageBranding | undefined {
  if (!org) return undefined;
  const b: PageBranding = { orgDisplayName: org.display_name || org.name };
  if (org.branding?.logo_url) b.logoUrl = org.branding.logo_url;
  if (org.branding?.colors?.primary) b.primary = org.branding.colors.primary;
  if (org.branding?.colors?.page_background) b.pageBackground = org.branding.colors.page_background;
  return b;
}

export function createUniversalLoginRouter(rt: Runtime): Router {
  const router = new Router();
  const { store } = rt;

  async function load(ctx: Koa.Context, state: string | undefined, chosenOrg?: string): Promise<PageContext | undefined> {
    const interaction = state ? await rt.provider.Interaction.find(state) : undefined;
    if (!interaction) {
      html(ctx, 400, errorPage({
        title: 'This sign-in page has expired',
        message: 'We could not find your sign-in request. It may have expired or already been used.',
        action: 'Go back to the application and sign in again.',
      }));
      return undefined;
    }
    const params = interaction.params as Record<string, string | undefined>;
    const clientId = params.client_id ?? '';
    const client = store.client(clientId);
    const chosen = !params.organization && chosenOrg && store.orgById(chosenOrg) ? chosenOrg : undefined;
    const org = store.orgById(params.organization ?? chosen ?? '');
    const pc: PageContext = { interaction, params, clientId, clientName: client?.name ?? clientId, org, branding: brandingOf(org), chosenOrgId: chosen };
    if (params.invitation && org) {
      const { inv } = invitationProblem(rt, params.invitation, org.id, clientId);
      if (inv) {
        pc.invitation = inv;
        pc.banner = { inviter: inv.inviter.name, orgDisplayName: org.display_name || org.name, email: inv.invitee.email };
      }
    }
    return pc;
  }

  async function finish(ctx: Koa.Context, interaction: Interaction, result: Record<string, unknown>) {
    interaction.result = { ...interaction.result, ...result };
    await interaction.persist();
    ctx.status = 303;
    ctx.redirect(interaction.returnTo);
  }

  const q = (ctx: Koa.Context, name: string) => (typeof ctx.query[name] === 'string' ? ctx.query[name] as string : undefined);
  const link = (path: string, pc: PageContext) =>
    `${path}?state=${encodeURIComponent(pc.interaction.uid)}${pc.chosenOrgId ? `&organization=${encodeURIComponent(pc.chosenOrgId)}` : ''}`;

  function renderLogin(ctx: Koa.Context, pc: PageContext, status: number, extra: { username?: string | undefined; error?: string | undefined } = {}) {
    html(ctx, status, loginPage({
      action: '/u/login',
      state: pc.interaction.uid,
      username: extra.username ?? pc.invitation?.invitee.email ?? pc.params.login_hint,
      error: extra.error,
      branding: pc.branding,
      invitation: pc.banner,
      signupHref: link('/u/signup', pc),
      resetHref: `/u/reset-password?client_id=${encodeURIComponent(pc.clientId)}`,
      organization: pc.chosenOrgId,
      clientName: pc.clientName,
      enterprise: pc.params.connection ? [] : enterpriseConnectionsFor(rt, pc.clientId, pc.org, true)
        .map((c) => ({ connection: c.name, label: buttonName(c) })),
    }));
  }

  function renderSignup(ctx: Koa.Context, pc: PageContext, status: number, extra: { email?: string | undefined; name?: string | undefined; errors?: string[] } = {}) {
    html(ctx, status, signupPage({
      action: '/u/signup',
      state: pc.interaction.uid,
      email: extra.email ?? pc.invitation?.invitee.email ?? pc.params.login_hint,
      name: extra.name,
      errors: extra.errors ?? [],
      branding: pc.branding,
      invitation: pc.banner,
      loginHref: link('/u/login', pc),
      organization: pc.chosenOrgId,
      clientName: pc.clientName,
    }));
  }

  const tooMany = 'Your account has been blocked after multiple consecutive login attempts. Wait a few minutes and try again, or reset your password.';
  // Universal Login's "ip-blocked" text, shown with a 429 while the address is throttled.
  // https://auth0.com/docs/secure/attack-protection/suspicious-ip-throttling
  const ipBlocked = 'We have detected suspicious login behavior and further attempts will be blocked. Please contact the administrator.';

  router.get('/u/login', async (ctx) => {
    const pc = await load(ctx, q(ctx, 'state'), q(ctx, 'organization'));
    if (pc) renderLogin(ctx, pc, 200);
  });

  router.post('/u/login', async (ctx) => {
    const form = await readForm(ctx);
    const pc = await load(ctx, form.state, form.organization);
    if (!pc) return;
    const identifier = (form.username ?? '').trim().toLowerCase();
    const password = form.password ?? '';
    // Home-realm discovery: an email at a domain of an enterprise connection signs in there, without a password.
    const realm = identifier && !pc.params.connection ? connectionForEmail(rt, pc.clientId, pc.org, identifier) : undefined;
    if (realm) {
      ctx.status = 303;
      return ctx.redirect(enterpriseStartUrl(pc.interaction.uid, realm.name, { loginHint: identifier, organization: pc.chosenOrgId }));
    }
    if (!identifier || !password) return renderLogin(ctx, pc, 400, { username: identifier, error: 'Enter your email address and your password.' });
    if (rt.ipThrottle.blocked(ctx.ip)) return renderLogin(ctx, pc, 429, { username: identifier, error: ipBlocked });
    if (rt.throttle.blocked(identifier) > 0) return renderLogin(ctx, pc, 429, { username: identifier, error: tooMany });

    const orgId = pc.org?.id;
    let user: User | undefined;
    for (const conn of loginConnections(rt, pc.clientId, { connection: pc.params.connection, orgId })) {
      user = store.userByEmailAndConnection(identifier, conn.name);
      if (user) break;
    }
    let ok: boolean;
    if (user?.password_hash) ok = await verifyPassword(password, user.password_hash);
    else { await verifyPassword(password, await (dummyHash ??= hashPassword(randomAlnum(16)))); ok = false; }
    if (!ok || !user) {
      rt.ipThrottle.fail(ctx.ip);
      const nowBlocked = rt.throttle.fail(identifier);
      return renderLogin(ctx, pc, nowBlocked ? 429 : 400, { username: identifier, error: nowBlocked ? tooMany : 'Wrong email or password.' });
    }
    rt.throttle.succeed(identifier);
    if (user.blocked) return renderLogin(ctx, pc, 400, { username: identifier, error: 'This account is blocked. Contact your administrator.' });
    if (pc.invitation && pc.invitation.invitee.email.toLowerCase() !== user.email) {
      return renderLogin(ctx, pc, 400, {
        username: identifier,
        error: `This invitation was sent to ${pc.invitation.invitee.email}. Sign in or sign up with that email address to accept it.`,
      });
    }
    await finish(ctx, pc.interaction, {
      login: { accountId: user.user_id, amr: ['pwd'], remember: true },
      ...(pc.chosenOrgId ? { tenantry: { orgId: pc.chosenOrgId } } : {}),
    });
  });

  router.get('/u/signup', async (ctx) => {
    const pc = await load(ctx, q(ctx, 'state'), q(ctx, 'organization'));
    if (pc) renderSignup(ctx, pc, 200);
  });

  router.post('/u/signup', async (ctx) => {
    const form = await readForm(ctx);
    const pc = await load(ctx, form.state, form.organization);
    if (!pc) return;
    const email = (form.email ?? '').trim().toLowerCase();
    const name = (form.name ?? '').trim();
    const password = form.password ?? '';
    // A throttled address may not sign up either.
    if (rt.ipThrottle.blocked(ctx.ip)) return renderSignup(ctx, pc, 429, { email, name, errors: [ipBlocked] });
    const errors: string[] = [];
    if (!EMAIL_RE.test(email)) errors.push('Enter a valid email address.');
    errors.push(...passwordPolicyErrors(password, email));
    if (name.length > 300) errors.push('Your name must be at most 300 characters.');
    const conn = loginConnections(rt, pc.clientId, { connection: pc.params.connection, orgId: pc.org?.id })[0];
    if (!conn) errors.push('Sign-up is not available for this application.');
    if (pc.invitation && email && email !== pc.invitation.invitee.email.toLowerCase()) {
      errors.push(`This invitation was sent to ${pc.invitation.invitee.email}. Sign up with that email address to accept it.`);
    }
    if (pc.org && !pc.invitation && conn) {
      const enabled = store.enabledConnection(pc.org.id, conn.id);
      if (!enabled?.is_signup_enabled) {
        errors.push(`Sign-up is not available for ${pc.org.display_name}. Ask an administrator of ${pc.org.display_name} for an invitation.`);
      }
    }
    if (!errors.length && conn && store.userByEmailAndConnection(email, conn.name)) errors.push('The user already exists.');
    if (errors.length || !conn) return renderSignup(ctx, pc, 400, { email, name, errors });

    const id = newId.dbUser();
    const nowIso = new Date(rt.now() * 1000).toISOString();
    const user: User = {
      user_id: id,
      email,
      email_verified: false,
      name: name || email,
      nickname: nicknameOf(email),
      picture: defaultPicture(name || email),
      connection: conn.name,
      password_hash: await hashPassword(password),
      app_metadata: {},
      user_metadata: {},
      identities: [{ provider: 'auth0', user_id: id.slice('auth0|'.length), connection: conn.name, isSocial: false }],
      created_at: nowIso,
      updated_at: nowIso,
      logins_count: 0,
    };
    const ticket = randomAlnum(32);
    const link = `${rt.url}/u/email-verification?ticket=${ticket}`;
    store.mutate((s) => {
      s.users.push(user);
      s.outbox.push({
        id: newId.mail(),
        kind: 'verify_email',
        to: email,
        subject: 'Verify your email',
        text: `Hello ${user.name},\n\nPlease verify your email address for ${pc.clientName} by opening this link:\n${link}\n\nIf you did not sign up, ignore this message.`,
        link,
        created_at: nowIso,
      });
    });
    rt.models.set(EMAIL_VERIFICATION_MODEL, ticket, { user_id: id }, 5 * 24 * 3600);
    await finish(ctx, pc.interaction, {
      login: { accountId: id, amr: ['pwd'], remember: true },
      ...(pc.chosenOrgId ? { tenantry: { orgId: pc.chosenOrgId } } : {}),
    });
  });

  // ---- pre-login prompt: which organization? ----
  router.get('/u/organization', async (ctx) => {
    const pc = await load(ctx, q(ctx, 'state'));
    if (pc) html(ctx, 200, organizationPromptPage({ action: '/u/organization', state: pc.interaction.uid, clientName: pc.clientName }));
  });

  router.post('/u/organization', async (ctx) => {
    const form = await readForm(ctx);
    const pc = await load(ctx, form.state);
    if (!pc) return;
    const value = (form.organization ?? '').trim();
    const org = value ? store.orgByName(value.toLowerCase()) : undefined;
    if (!org) {
      return html(ctx, value ? 404 : 400, organizationPromptPage({
        action: '/u/organization',
        state: pc.interaction.uid,
        value,
        clientName: pc.clientName,
        error: value
          ? `We can't find an organization named "${value}". Check the name with your administrator and try again.`
          : 'Enter the name of your organization.',
      }));
    }
    if (pc.interaction.prompt?.name === 'organization') {
      return finish(ctx, pc.interaction, { tenantry: { orgId: org.id } });
    }
    ctx.status = 303;
    ctx.redirect(`/u/login?state=${encodeURIComponent(pc.interaction.uid)}&organization=${encodeURIComponent(org.id)}`);
  });

  // ---- post-login prompt: pick one of your organizations ----
  function pickerOrgs(userId: string) {
    const memberships = store.state.members.filter((m) => m.user_id === userId)
      .sort((a, b) => a.created_at.localeCompare(b.created_at));
    const orgs = memberships.map((m) => store.orgById(m.org_id)).filter((o): o is Organization => !!o);
    return { total: orgs.length, orgs: orgs.slice(0, PICKER_LIMIT) };
  }

  router.get('/u/organization-picker', async (ctx) => {
    const pc = await load(ctx, q(ctx, 'state'));
    if (!pc) return;
    const accountId = pc.interaction.session?.accountId as string | undefined;
    if (!accountId) {
      ctx.status = 303;
      return ctx.redirect(`/u/login?state=${encodeURIComponent(pc.interaction.uid)}`);
    }
    const { orgs, total } = pickerOrgs(accountId);
    html(ctx, 200, organizationPickerPage({ action: '/u/organization-picker', state: pc.interaction.uid, orgs, total, clientName: pc.clientName }));
  });

  router.post('/u/organization-picker', async (ctx) => {
    const form = await readForm(ctx);
    const pc = await load(ctx, form.state);
    if (!pc) return;
    const accountId = pc.interaction.session?.accountId as string | undefined;
    const orgId = form.organization ?? '';
    if (!accountId || !store.member(orgId, accountId)) {
      const { orgs, total } = accountId ? pickerOrgs(accountId) : { orgs: [], total: 0 };
      return html(ctx, 400, organizationPickerPage({
        action: '/u/organization-picker', state: pc.interaction.uid, orgs, total, clientName: pc.clientName,
        error: 'Choose one of your organizations.',
      }));
    }
    await finish(ctx, pc.interaction, { tenantry: { orgId } });
  });

  // prompt=consent: first-party applications are not asked (as on Auth0); resolve it at once.
  router.get('/u/consent', async (ctx) => {
    const pc = await load(ctx, q(ctx, 'state'));
    if (pc) await finish(ctx, pc.interaction, { consent: {} });
  });

  return router;
}

export { MESSAGES };
