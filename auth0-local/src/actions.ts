// Post-login Actions, in the spirit of Auth0's: modules exporting onExecutePostLogin(event, api),
// loaded from the app's repo and run at every login (and again on refresh-token exchange, as Auth0 does).
import { pathToFileURL } from 'node:url';

export interface PostLoginEvent {
  user: Record<string, unknown> & { user_id: string };
  organization?: { id: string; name: string; display_name: string; metadata: Record<string, string> };
  authorization: { roles: string[] };
  client: { client_id: string; name: string; metadata: Record<string, string> };
  connection: { id: string; name: string; strategy: string };
  transaction: { protocol: 'oidc-basic-profile' | 'oauth2-refresh-token'; requested_scopes: string[]; organization?: { id: string; name: string } };
  resource_server?: { identifier: string };
  stats: { logins_count: number };
  tenant: { id: string };
}

export interface PostLoginAction {
  path: string;
  onExecutePostLogin(event: PostLoginEvent, api: unknown): unknown;
}

export interface ActionOutcome {
  denied?: string;
  idClaims: Record<string, unknown>;
  atClaims: Record<string, unknown>;
}

/** Claims an Action may not set (Auth0 silently drops them). */
const RESTRICTED = new Set([
  'acr', 'active', 'amr', 'at_hash', 'ats', 'auth_time', 'aud', 'authorization_details', 'azp', 'c_hash', 'client_id',
  'cnf', 'cty', 'dest', 'entitlements', 'events', 'exp', 'groups', 'gty', 'htm', 'htu', 'iat', 'internalService', 'iss',
  'jcard', 'jku', 'jti', 'jwe', 'jwk', 'kid', 'may_act', 'mky', 'nbf', 'nonce', 'object_id', 'org_id', 'org_name',
  'orig', 'origid', 'permissions', 'roles', 'rph', 's_hash', 'sid', 'sip_callid', 'sip_cseq_num', 'sip_date',
  'sip_from_tag', 'sip_via_branch', 'sub', 'sub_jwk', 'toe', 'txn', 'typ', 'uuid', 'vot', 'vtm', 'x5t#S256', 'scope',
]);

export async function loadPostLoginActions(paths: string[]): Promise<PostLoginAction[]> {
  const out: PostLoginAction[] = [];
  for (const path of paths) {
    const mod = (await import(pathToFileURL(path).href)) as { onExecutePostLogin?: PostLoginAction['onExecutePostLogin']; default?: { onExecutePostLogin?: PostLoginAction['onExecutePostLogin'] } };
    const fn = mod.onExecutePostLogin ?? mod.default?.onExecutePostLogin;
    if (typeof fn !== 'function') throw new Error(`post-login Action ${path} does not export onExecutePostLogin`);
    out.push({ path, onExecutePostLogin: fn });
  }
  return out;
}

/** Runs the Actions in order; the first access.deny stops the chain (as in Auth0). */
export async function runPostLoginActions(actions: PostLoginAction[], event: PostLoginEvent): Promise<ActionOutcome> {
  const outcome: ActionOutcome = { idClaims: {}, atClaims: {} };
  for (const action of actions) {
    let denied: string | undefined;
    const setter = (target: Record<string, unknown>) => ({
      setCustomClaim(name: string, value: unknown) {
        if (typeof name !== 'string' || RESTRICTED.has(name) || /^https?:\/\/[^/]*auth0\.com/i.test(name)) return;
        if (value === undefined) delete target[name];
        else target[name] = structuredClone(value);
      },
    });
    const api = {
      idToken: setter(outcome.idClaims),
      accessToken: {
        ...setter(outcome.atClaims),
        addScope() { /* not emulated */ },
        removeScope() { /* not emulated */ },
      },
      access: { deny(reason: string) { denied = String(reason); } },
      user: { setAppMetadata() {}, setUserMetadata() {} },
      multifactor: { enable() {} },
    };
    try {
      await action.onExecutePostLogin(structuredClone(event), api);
    } catch (err) {
      // An Action that throws fails the login, as on Auth0.
      outcome.denied = `post-login Action failed: ${err instanceof Error ? err.message : String(err)}`;
      return outcome;
    }
    if (denied !== undefined) {
      outcome.denied = denied;
      return outcome;
    }
  }
  return outcome;
}
