// A throw-away upstream OpenID Connect provider for tests (vitest and Playwright): a second
// oidc-provider instance, offline, with one confidential client for the local tenant.
//
// Usage:
//   import { startOidcIdp } from '../auth0-local/testing/index.js';   // or './oidc-idp.js'
//   const idp = await startOidcIdp();            // port 0 = a free port
//   // Create the Auth0 connection with it (Management API, strategy 'oidc'):
//   //   options: { type: 'back_channel', discovery_url: idp.discoveryUrl,
//   //              client_id: idp.clientId, client_secret: idp.clientSecret, scope: 'openid profile email' }
//   ...
//   await idp.close();
//
// Redirect URIs: any http://localhost:<port>/login/callback is accepted (the local tenant's
// callback, whatever port it runs on). Token endpoint auth: client_secret_post. Both Auth0
// connection types work: back_channel (response_type=code) and front_channel
// (response_type=id_token, response_mode=form_post).
//
// In a browser: the login page has the heading "Sign in to Test OIDC IdP", fields labelled
// `Email` and `Name` and a `Sign in` button. Any email signs in; consent is automatic. The
// subject is the email, lower-cased (see oidcSubjectFor), so the tenant's user id is
// `oidc|<connection>|<email>`. ID token claims: sub, email, email_verified (true), name,
// plus given_name / family_name when the name has two or more words.
//
// Its cookies have their own names (_test_idp_*): browsers share cookies across localhost
// ports, and the local tenant uses oidc-provider's default names.
import '../src/quiet-warnings.js';
import { randomBytes } from 'node:crypto';
import { exportJWK, generateKeyPair } from 'jose';
import { Provider, type Configuration } from 'oidc-provider';
import { escapeHtml as esc, listenIdpServer, readBody, signInPage } from './idp-server.js';

export interface OidcIdpOptions {
  /** 0 (default) picks a free port. */
  port?: number;
}

export interface OidcIdp {
  /** http://localhost:PORT (no trailing slash; this is the exact `iss`). */
  issuer: string;
  /** issuer + '/.well-known/openid-configuration' */
  discoveryUrl: string;
  clientId: string;
  clientSecret: string;
  close(): Promise<void>;
}

/** The `sub` this IdP gives an email. */
export function oidcSubjectFor(email: string): string {
  return email.trim().toLowerCase();
}

interface Account { email: string; name: string }

const CALLBACK = /^http:\/\/localhost(:\d+)?\/login\/callback$/;

function loginPage(uid: string, error?: string, email = '', name = ''): string {
  return signInPage({ idpName: 'Test OIDC IdP', kind: 'OpenID Connect provider', action: `/interaction/${uid}/login`, error, email, name });
}

/** Starts the IdP; close() it when done. */
export async function startOidcIdp(opts: OidcIdpOptions = {}): Promise<OidcIdp> {
  const { server, port, close } = await listenIdpServer(opts.port);
  const issuer = `http://localhost:${port}`;
  const clientId = 'test-oidc-idp-client';
  const clientSecret = randomBytes(24).toString('hex');
  const accounts = new Map<string, Account>();
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const signingKey = { ...(await exportJWK(privateKey)), kid: `test-idp-${port}`, alg: 'RS256', use: 'sig' };

  const configuration: Configuration = {
    clients: [{
      client_id: clientId,
      client_secret: clientSecret,
      // Registered as https (web clients of the implicit flow must); the redirectUriAllowed override
      // below is what decides, and it takes the tenant's http://localhost:<port>/login/callback.
      redirect_uris: ['https://local-tenant.invalid/login/callback'],
      grant_types: ['authorization_code', 'implicit'],
      response_types: ['code', 'id_token'],
      token_endpoint_auth_method: 'client_secret_post',
    }],
    jwks: { keys: [signingKey] } as Configuration['jwks'],
    cookies: {
      keys: [randomBytes(32).toString('hex')],
      names: { session: '_test_idp_session', interaction: '_test_idp_interaction', resume: '_test_idp_resume' },
    },
    responseTypes: ['code', 'id_token'],
    features: { devInteractions: { enabled: false } },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'given_name', 'family_name'] },
    conformIdTokenClaims: false,
    interactions: { url: async (_ctx, interaction) => `/interaction/${interaction.uid}` },
    findAccount: async (_ctx, sub) => {
      const acct = accounts.get(sub);
      if (!acct) return undefined;
      const words = acct.name.split(/\s+/).filter(Boolean);
      return {
        accountId: sub,
        claims: async () => ({
          sub,
          email: acct.email,
          email_verified: true,
          name: acct.name,
          ...(words.length >= 2 ? { given_name: words[0], family_name: words.slice(1).join(' ') } : {}),
        }),
      };
    },
    // Consent is automatic: grant whatever the client asked for.
    loadExistingGrant: async (ctx) => {
      const { oidc } = ctx;
      const grant = new oidc.provider.Grant({ accountId: oidc.session!.accountId!, clientId: oidc.client!.clientId });
      grant.addOIDCScope([...oidc.requestParamOIDCScopes].join(' '));
      await grant.save();
      return grant;
    },
    pkce: { required: () => false },
    renderError: async (ctx, out) => {
      ctx.type = 'html';
      ctx.body = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Test OIDC IdP error</title></head><body><main><h1>Test OIDC IdP error</h1><p role="alert">${esc(String(out.error))}: ${esc(String(out.error_description ?? ''))}</p></main></body></html>`;
    },
    ttl: { AccessToken: 3600, AuthorizationCode: 60, IdToken: 3600, Interaction: 3600, Session: 3600, Grant: 3600 },
  };
  const provider = new Provider(issuer, configuration);
  // Any port of localhost may be the local tenant.
  (provider.Client.prototype as unknown as { redirectUriAllowed: (u: string) => boolean }).redirectUriAllowed = (u: string) => CALLBACK.test(u);

  provider.use(async (ctx, next) => {
    const m = /^\/interaction\/([\w-]+)(\/login)?$/.exec(ctx.path);
    if (!m) return next();
    let details;
    try {
      details = await provider.interactionDetails(ctx.req, ctx.res);
    } catch {
      ctx.status = 400;
      ctx.type = 'html';
      ctx.body = '<!DOCTYPE html><html lang="en"><head><title>Sign-in expired</title></head><body><h1>Sign-in expired</h1><p role="alert">Start again from the application.</p></body></html>';
      return;
    }
    if (details.uid !== m[1]) { ctx.status = 400; ctx.body = 'interaction mismatch'; return; }
    if (ctx.method === 'GET' && !m[2]) {
      ctx.type = 'html';
      ctx.body = loginPage(details.uid);
      return;
    }
    if (ctx.method === 'POST' && m[2]) {
      const form = new URLSearchParams(await readBody(ctx.req, 64 * 1024));
      const email = (form.get('email') ?? '').trim();
      const name = (form.get('name') ?? '').trim() || email;
      if (!/^[^\s@]+@[^\s@]+$/.test(email)) {
        ctx.status = 400;
        ctx.type = 'html';
        ctx.body = loginPage(details.uid, 'Enter an email address.', email, name);
        return;
      }
      const sub = oidcSubjectFor(email);
      accounts.set(sub, { email: email.toLowerCase(), name });
      await provider.interactionFinished(ctx.req, ctx.res, { login: { accountId: sub } }, { mergeWithLastSubmission: false });
      ctx.respond = false;
      return;
    }
    ctx.status = 405;
    ctx.body = 'method not allowed';
  });
  server.on('request', provider.callback());

  return {
    issuer,
    discoveryUrl: `${issuer}/.well-known/openid-configuration`,
    clientId,
    clientSecret,
    close,
  };
}
