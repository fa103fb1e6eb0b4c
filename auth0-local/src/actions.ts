// Post-login Actions as Auth0 runs them: the code of the deployed version of each Action bound
// to the post-login trigger (through the Actions Management API, management/actions.ts), run
// at every login and again on refresh-token exchange, as Auth0 does.
//
// Auth0 runs an Action as CommonJS JavaScript in its own sandbox: the code sees `exports` and
// `module`, must set `exports.onExecutePostLogin`, and has none of the app's modules. This
// tenant does the same with node:vm, so TypeScript or ESM (`export ...`) fails here as it fails
// on Auth0, and what passes here is the very file deployed there.
// Event: https://auth0.com/docs/customize/actions/explore-triggers/signup-and-login-triggers/login-trigger/post-login-event-object
// API:   https://auth0.com/docs/customize/actions/explore-triggers/signup-and-login-triggers/login-trigger/post-login-api-object
import { builtinModules, createRequire } from 'node:module';
import vm from 'node:vm';
import type { ActionVersion, TenantState } from './store.js';

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
  /** The deployed version's secrets, by name (added per Action when it runs). */
  secrets?: Record<string, string>;
}

type OnExecutePostLogin = (event: PostLoginEvent, api: unknown) => unknown;

export interface PostLoginAction {
  /** The Action's name on the tenant. */
  name: string;
  secrets: Record<string, string>;
  onExecutePostLogin: OnExecutePostLogin;
}

export interface ActionOutcome {
  denied?: string;
  idClaims: Record<string, unknown>;
  atClaims: Record<string, unknown>;
}

/** The code does not load as an Auth0 Action (Auth0 fails the build of such a version). */
export class ActionBuildError extends Error {}

/** Claims an Action may not set (Auth0 silently drops them). */
const RESTRICTED = new Set([
  'acr', 'active', 'amr', 'at_hash', 'ats', 'auth_time', 'aud', 'authorization_details', 'azp', 'c_hash', 'client_id',
  'cnf', 'cty', 'dest', 'entitlements', 'events', 'exp', 'groups', 'gty', 'htm', 'htu', 'iat', 'internalService', 'iss',
  'jcard', 'jku', 'jti', 'jwe', 'jwk', 'kid', 'may_act', 'mky', 'nbf', 'nonce', 'object_id', 'org_id', 'org_name',
  'orig', 'origid', 'permissions', 'roles', 'rph', 's_hash', 'sid', 'sip_callid', 'sip_cseq_num', 'sip_date',
  'sip_from_tag', 'sip_via_branch', 'sub', 'sub_jwk', 'toe', 'txn', 'typ', 'uuid', 'vot', 'vtm', 'x5t#S256', 'scope',
]);

const hostRequire = createRequire(import.meta.url);
const BUILTINS = new Set(builtinModules);

/**
 * Loads Action code the way Auth0's runtime does: a CommonJS module evaluated in a fresh
 * context with `exports`, `module` and `require` (Node built-ins only: this tenant installs no
 * npm dependencies), whose `onExecutePostLogin` export is the handler.
 */
export function loadActionCode(code: string, name: string): OnExecutePostLogin {
  const module = { exports: {} as Record<string, unknown> };
  const require = (id: string) => {
    if (BUILTINS.has(id) || id.startsWith('node:')) return hostRequire(id);
    throw new Error(`Cannot find module '${id}' (the local tenant installs no Action dependencies)`);
  };
  const context = vm.createContext({
    module, exports: module.exports, require, console,
    setTimeout, clearTimeout, setInterval, clearInterval, URL, URLSearchParams, TextEncoder, TextDecoder, Buffer,
  });
  try {
    new vm.Script(code, { filename: `${name}.js` }).runInContext(context, { timeout: 5_000 });
  } catch (err) {
    throw new ActionBuildError(`Action ${name} failed to load: ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`);
  }
  const handler = (module.exports as { onExecutePostLogin?: unknown }).onExecutePostLogin;
  if (typeof handler !== 'function') throw new ActionBuildError(`Action ${name} does not export onExecutePostLogin`);
  return handler as OnExecutePostLogin;
}

// Deployed versions never change: compile each once.
const compiled = new Map<string, OnExecutePostLogin>();
function handlerFor(version: ActionVersion, name: string): OnExecutePostLogin {
  let fn = compiled.get(version.id);
  if (!fn) {
    fn = loadActionCode(version.code, name);
    compiled.set(version.id, fn);
  }
  return fn;
}

/** The deployed versions of the Actions bound to post-login, in binding order. */
export function boundPostLoginActions(state: TenantState): PostLoginAction[] {
  const out: PostLoginAction[] = [];
  for (const binding of state.triggerBindings.filter((b) => b.trigger_id === 'post-login')) {
    const action = state.actions.find((a) => a.id === binding.action_id);
    const version = action?.versions.at(-1);
    if (!action || !version) continue;
    out.push({
      name: action.name,
      secrets: Object.fromEntries(version.secrets.map((s) => [s.name, s.value])),
      onExecutePostLogin: handlerFor(version, action.name),
    });
  }
  return out;
}

/** Runs the Actions in order; the first access.deny or throw stops the chain and fails the login (as in Auth0). */
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
      await action.onExecutePostLogin({ ...structuredClone(event), secrets: { ...action.secrets } }, api);
    } catch (err) {
      // An Action that throws fails the login, as on Auth0.
      outcome.denied = `post-login Action ${action.name} failed: ${err instanceof Error ? err.message : String(err)}`;
      return outcome;
    }
    if (denied !== undefined) {
      outcome.denied = denied;
      return outcome;
    }
  }
  return outcome;
}
