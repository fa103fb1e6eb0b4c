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
  transaction: {
    protocol: 'oidc-basic-profile' | 'oauth2-refresh-token'; requested_scopes: string[]; organization?: { id: string; name: string };
    /** The `acr_values` of the authorization request, when it had them (step-up). */
    acr_values?: string[];
  };
  resource_server?: { identifier: string };
  stats: { logins_count: number };
  tenant: { id: string };
  /** How the user authenticated in this transaction: `pwd`, `federated`, then `mfa` once done. */
  authentication?: { methods: AuthenticationMethodRef[] };
  /** The deployed version's secrets, by name (added per Action when it runs). */
  secrets?: Record<string, string>;
}

export interface AuthenticationMethodRef { name: string; timestamp: string }

type OnExecutePostLogin = (event: PostLoginEvent, api: unknown) => unknown;

/**
 * What an Action asked of MFA. `enable`: api.multifactor.enable (enrol when the user has no
 * factor, else challenge); `challenge`: api.authentication.challengeWith / challengeWithAny.
 */
export interface MfaRequest {
  kind: 'enable' | 'challenge';
  /** Factor types accepted (`otp`); `any` for enable. */
  factors: string[];
  allowRememberBrowser: boolean;
}

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
  /** MFA the user must still pass before tokens are issued. */
  mfa?: MfaRequest;
  /** After a challenge request the chain stops; the Actions from this index run once it is met. */
  resumeAt?: number;
}

// Auth0's factor types for challengeWith; only the authenticator app (`otp`) is emulated here.
// https://auth0.com/docs/customize/actions/explore-triggers/signup-and-login-triggers/login-trigger/post-login-api-object
const AUTH0_FACTOR_TYPES = new Set(['otp', 'recovery-code', 'email', 'phone', 'push-notification', 'webauthn-platform', 'webauthn-roaming']);
const EMULATED_FACTOR_TYPES = new Set(['otp']);
const MULTIFACTOR_PROVIDERS = new Set(['any', 'duo', 'google-authenticator', 'guardian', 'none']);

function factorTypesOf(factors: unknown[], method: string): string[] {
  const types = factors.map((f) => (f && typeof f === 'object' ? (f as { type?: unknown }).type : undefined));
  for (const t of types) {
    if (typeof t !== 'string' || !AUTH0_FACTOR_TYPES.has(t)) throw new TypeError(`${method}: unknown factor type ${JSON.stringify(t)}`);
  }
  const usable = (types as string[]).filter((t) => EMULATED_FACTOR_TYPES.has(t));
  if (!usable.length) throw new Error(`${method}: the local tenant emulates only the otp factor (asked for ${types.join(', ')})`);
  return usable;
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

/**
 * Runs the Actions in order; the first access.deny or throw stops the chain and fails the login
 * (as in Auth0). A challenge request also stops it: "subsequent Actions will not be run until
 * that challenge has been fulfilled" (post-login API object), so the login flow runs the rest,
 * `from` its `resumeAt`, with `prior` claims, once the user passed MFA. Once `mfa` is among
 * event.authentication.methods, MFA requests are already met in this transaction and ignored.
 */
export async function runPostLoginActions(
  actions: PostLoginAction[], event: PostLoginEvent,
  opts: { from?: number; prior?: Pick<ActionOutcome, 'idClaims' | 'atClaims'>; mfaSatisfied?: boolean } = {},
): Promise<ActionOutcome> {
  const outcome: ActionOutcome = { idClaims: { ...opts.prior?.idClaims }, atClaims: { ...opts.prior?.atClaims } };
  const mfaDone = opts.mfaSatisfied ?? !!event.authentication?.methods.some((m) => m.name === 'mfa');
  for (let index = opts.from ?? 0; index < actions.length; index++) {
    const action = actions[index]!;
    let denied: string | undefined;
    let challenged = false;
    const requireMfa = (request: MfaRequest) => {
      if (mfaDone) return;
      // A challenge outranks enable: it names the factors and stops the chain.
      if (request.kind === 'challenge' || outcome.mfa?.kind !== 'challenge') outcome.mfa = request;
      if (request.kind === 'challenge') challenged = true;
    };
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
      multifactor: {
        enable(provider: unknown, options?: { allowRememberBrowser?: unknown }) {
          if (typeof provider !== 'string' || !MULTIFACTOR_PROVIDERS.has(provider)) {
            throw new TypeError(`api.multifactor.enable: unknown provider ${JSON.stringify(provider)}`);
          }
          if (provider === 'duo') throw new Error('api.multifactor.enable: the local tenant does not emulate Duo');
          if (provider === 'none') {
            if (outcome.mfa?.kind === 'enable') delete outcome.mfa;
            return;
          }
          requireMfa({ kind: 'enable', factors: ['any'], allowRememberBrowser: options?.allowRememberBrowser === true });
        },
      },
      authentication: {
        challengeWith(factor: unknown, options?: { additionalFactors?: unknown }) {
          const additional = options?.additionalFactors;
          if (additional !== undefined && !Array.isArray(additional)) throw new TypeError('api.authentication.challengeWith: additionalFactors must be an array');
          requireMfa({ kind: 'challenge', factors: factorTypesOf([factor, ...(additional ?? [])], 'api.authentication.challengeWith'), allowRememberBrowser: false });
        },
        challengeWithAny(factors: unknown) {
          if (!Array.isArray(factors) || !factors.length) throw new TypeError('api.authentication.challengeWithAny: factors must be a non-empty array');
          requireMfa({ kind: 'challenge', factors: factorTypesOf(factors, 'api.authentication.challengeWithAny'), allowRememberBrowser: false });
        },
      },
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
    if (challenged) {
      outcome.resumeAt = index + 1;
      return outcome;
    }
  }
  return outcome;
}
