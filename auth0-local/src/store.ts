// The local tenant's state: every entity Auth0 would keep for one tenant, in one JSON
// document persisted under .data/. Both the Authentication API (OIDC) side and the
// Management API side read and write it through this module only.
import { randomBytes, randomUUID, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { promisify } from 'node:util';

const scrypt = promisify(scryptCb) as (pw: string, salt: Buffer, len: number, opts: object) => Promise<Buffer>;

export type OrganizationUsage = 'deny' | 'allow' | 'require';
export type OrganizationRequireBehavior = 'no_prompt' | 'pre_login_prompt' | 'post_login_prompt';

export interface Identity { provider: string; user_id: string; connection: string; isSocial: boolean }
export interface User {
  user_id: string; // "auth0|<24 hex>", "samlp|<conn>|<nameid>", "oidc|<conn>|<sub>"
  email: string;
  email_verified: boolean;
  name: string;
  nickname: string;
  picture: string;
  given_name?: string;
  family_name?: string;
  connection: string; // connection *name*
  password_hash?: string; // scrypt, see hashPassword()
  blocked?: boolean;
  app_metadata: Record<string, unknown>;
  user_metadata: Record<string, unknown>;
  identities: Identity[];
  created_at: string;
  updated_at: string;
  last_login?: string;
  logins_count: number;
}
export interface Branding { logo_url?: string; colors?: { primary?: string; page_background?: string } }
export interface Organization {
  id: string; // org_ + 16 alphanumerics
  name: string;
  display_name: string;
  branding?: Branding;
  metadata: Record<string, string>;
  created_at: string;
}
export interface OrgEnabledConnection {
  org_id: string;
  connection_id: string;
  assign_membership_on_login: boolean;
  show_as_button: boolean;
  is_signup_enabled: boolean;
}
export interface Member { org_id: string; user_id: string; roles: string[] /* role ids */; created_at: string }
export interface Invitation {
  id: string; // uinv_ + 16
  organization_id: string;
  inviter: { name: string };
  invitee: { email: string };
  client_id: string;
  connection_id?: string;
  app_metadata?: Record<string, unknown>;
  user_metadata?: Record<string, unknown>;
  roles: string[];
  ticket_id: string; // 32 alphanumerics; the `invitation` parameter at /authorize
  created_at: string;
  expires_at: string;
}
export interface Permission { resource_server_identifier: string; permission_name: string }
export interface Role { id: string; name: string; description: string; permissions: Permission[] }
export interface ResourceServer {
  id: string;
  name: string;
  identifier: string;
  scopes: { value: string; description: string }[];
  enforce_policies: boolean;
  token_dialect: 'access_token' | 'access_token_authz';
  signing_alg: 'RS256';
  token_lifetime: number;
  /** Whether refresh tokens may be issued for this API (Auth0's default: false). */
  allow_offline_access?: boolean;
  is_system?: boolean;
}
export interface Client {
  client_id: string;
  client_secret: string;
  name: string;
  app_type: 'regular_web' | 'non_interactive' | 'spa';
  grant_types: string[];
  callbacks: string[];
  allowed_logout_urls: string[];
  initiate_login_uri?: string;
  /** OIDC Back-Channel Logout: where logout tokens go (Auth0 allows one URL). */
  oidc_logout?: { backchannel_logout_urls: string[]; backchannel_logout_initiators?: { mode: 'custom' | 'all'; selected_initiators?: string[] } };
  organization_usage: OrganizationUsage;
  organization_require_behavior: OrganizationRequireBehavior;
  /** Refresh-token rotation and expiration settings (stored and returned; rotation is not emulated). */
  refresh_token?: RefreshTokenSettings;
}
export interface RefreshTokenSettings {
  rotation_type: 'rotating' | 'non-rotating';
  expiration_type: 'expiring' | 'non-expiring';
  leeway?: number;
  token_lifetime?: number;
  infinite_token_lifetime?: boolean;
  idle_token_lifetime?: number;
  infinite_idle_token_lifetime?: boolean;
}
export interface ClientGrant {
  id: string;
  client_id: string;
  audience: string;
  scope: string[];
  /** Whether client-credentials requests with this grant may (allow), must (require) or may not (deny, the default) name an organization. */
  organization_usage?: OrganizationUsage;
  /** Any organization may be named, not only those associated through /organizations/{id}/client-grants. */
  allow_any_organization?: boolean;
}
/** An organization's machine-to-machine access: the client grant it is associated with. */
export interface OrgClientGrant { org_id: string; grant_id: string }
export interface Connection {
  id: string; // con_ + 16
  name: string;
  display_name?: string;
  strategy: string; // 'auth0' | 'samlp' | 'oidc' | ...
  options: Record<string, unknown>;
  enabled_clients: string[];
  realms: string[];
  is_domain_connection?: boolean;
  show_as_button?: boolean;
  metadata?: Record<string, string>;
}
/** A post-login (or other trigger) Action, as the Actions Management API keeps it. */
export interface ActionSecret { name: string; value: string; updated_at: string }
export interface ActionDependency { name: string; version: string }
export interface ActionVersion {
  id: string;
  number: number;
  code: string;
  runtime: string;
  secrets: ActionSecret[];
  dependencies: ActionDependency[];
  created_at: string;
}
export interface Action {
  id: string; // a UUID, as on Auth0
  name: string;
  supported_triggers: { id: string; version: string }[];
  /** The draft: what PATCH changes and the next deploy turns into a version. */
  code: string;
  runtime: string;
  secrets: ActionSecret[];
  dependencies: ActionDependency[];
  all_changes_deployed: boolean;
  /** Deployed versions, oldest first; the last one is the one that runs. */
  versions: ActionVersion[];
  created_at: string;
  updated_at: string;
}
export interface TriggerBinding { id: string; trigger_id: string; action_id: string; display_name: string; created_at: string; updated_at: string }
export interface OutboxMail {
  id: string;
  kind: 'invitation' | 'verify_email' | 'password_reset' | 'mfa_enrollment';
  to: string;
  subject: string;
  text: string;
  link?: string;
  created_at: string;
}
/**
 * A user's MFA factor as the Management API's authentication methods list shows it
 * (https://auth0.com/docs/secure/multi-factor-authentication/manage-mfa-auth0-apis/manage-authentication-methods-with-management-api).
 * Only the authenticator-app (OTP) factor and its recovery code are emulated.
 */
export interface AuthenticationMethod {
  /** `totp|dev_<id>` or `recovery-code|dev_<id>`; the part after `|` is the Guardian enrollment id. */
  id: string;
  user_id: string;
  type: 'totp' | 'recovery-code';
  confirmed: boolean;
  /** Base32 TOTP secret (totp only). */
  secret?: string;
  /** scrypt hash of the recovery code (recovery-code only): the code itself is shown once. */
  code_hash?: string;
  created_at: string;
  last_auth_at?: string;
  /** The last TOTP time step accepted: a code works once. */
  last_step?: number;
}
/** A single-use link the Management API hands out (password change, Guardian enrollment). */
export interface Ticket {
  id: string;
  kind: 'password_change' | 'guardian_enrollment';
  user_id: string;
  result_url?: string;
  mark_email_as_verified?: boolean;
  /** Guardian enrollment: the secret offered on the page, and wrong codes so far. */
  totp_secret?: string;
  failures?: number;
  /** Epoch seconds on the tenant clock. */
  expires_at: number;
}
export interface TenantSettings {
  friendly_name: string;
  /** "Allow Organization Names in Authentication API": org names at /authorize and org_name in tokens. */
  allow_organization_name_in_authentication_api: boolean;
}
export interface TenantState {
  settings: TenantSettings;
  users: User[];
  organizations: Organization[];
  enabledConnections: OrgEnabledConnection[];
  members: Member[];
  invitations: Invitation[];
  roles: Role[];
  resourceServers: ResourceServer[];
  clients: Client[];
  clientGrants: ClientGrant[];
  organizationClientGrants: OrgClientGrant[];
  connections: Connection[];
  outbox: OutboxMail[];
  actions: Action[];
  /** Per trigger, in execution order. */
  triggerBindings: TriggerBinding[];
  authenticationMethods: AuthenticationMethod[];
  tickets: Ticket[];
  /**
   * The tenant's MFA factors (Dashboard > Security > Multi-factor Auth, or
   * PUT /api/v2/guardian/factors/{name}): on or off. A new Auth0 tenant has them all off.
   */
  guardianFactors: Record<GuardianFactorName, boolean>;
}

/** The factor names of GET/PUT /api/v2/guardian/factors (GuardianFactorNameEnum). */
export const GUARDIAN_FACTORS = [
  'push-notification', 'sms', 'email', 'duo', 'otp', 'webauthn-roaming', 'webauthn-platform', 'recovery-code',
] as const;
export type GuardianFactorName = (typeof GUARDIAN_FACTORS)[number];

const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
export function randomAlnum(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (let i = 0; i < length; i++) out += ALNUM[bytes[i]! % ALNUM.length];
  return out;
}
export const newId = {
  org: () => `org_${randomAlnum(16)}`,
  role: () => `rol_${randomAlnum(16)}`,
  connection: () => `con_${randomAlnum(16)}`,
  invitation: () => `uinv_${randomAlnum(16)}`,
  ticket: () => randomAlnum(32),
  clientGrant: () => `cgr_${randomAlnum(16)}`,
  clientId: () => randomAlnum(32),
  clientSecret: () => randomBytes(48).toString('base64url'),
  resourceServer: () => randomBytes(12).toString('hex'),
  dbUser: () => `auth0|${randomBytes(12).toString('hex')}`,
  mail: () => `mail_${randomAlnum(12)}`,
  /** A Guardian enrollment (device) id, as Auth0 shapes them. */
  enrollment: () => `dev_${randomAlnum(16)}`,
  uuid: () => randomUUID(),
};

// scrypt is memory-hard and built into Node: no native addon to install.
const SCRYPT = { N: 16384, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, 32, SCRYPT);
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}
export async function verifyPassword(password: string, stored: string | undefined): Promise<boolean> {
  if (!stored) return false;
  const [algo, n, r, p, saltB64, keyB64] = stored.split('$');
  if (algo !== 'scrypt' || !saltB64 || !keyB64) return false;
  const expected = Buffer.from(keyB64, 'base64');
  const key = await scrypt(password, Buffer.from(saltB64, 'base64'), expected.length, {
    N: Number(n), r: Number(r), p: Number(p), maxmem: SCRYPT.maxmem,
  });
  return timingSafeEqual(key, expected);
}

export function emptyState(): TenantState {
  return {
    settings: { friendly_name: 'Tenantry local tenant', allow_organization_name_in_authentication_api: false },
    users: [], organizations: [], enabledConnections: [], members: [], invitations: [], roles: [],
    resourceServers: [], clients: [], clientGrants: [], organizationClientGrants: [], connections: [], outbox: [],
    actions: [], triggerBindings: [], authenticationMethods: [], tickets: [],
    guardianFactors: Object.fromEntries(GUARDIAN_FACTORS.map((name) => [name, false])) as Record<GuardianFactorName, boolean>,
  };
}

/**
 * A state file written before the tenant kept its MFA factors: its MFA worked, as the seed's
 * One-time Password and Recovery Code factors do now, so those stay on (no reset needed).
 */
function withFactorsOfOlderState(saved: Partial<TenantState>): TenantState {
  const state = { ...emptyState(), ...saved };
  if (saved.guardianFactors) return state;
  return { ...state, guardianFactors: { ...state.guardianFactors, otp: true, 'recovery-code': true } };
}

/**
 * Holds the state in memory and writes it to `file` (atomically, after each mutation).
 * `file: null` keeps it in memory only (tests).
 */
export class TenantStore {
  state: TenantState;
  constructor(private readonly file: string | null, initial?: TenantState) {
    if (initial) this.state = initial;
    else if (file && existsSync(file)) this.state = withFactorsOfOlderState(JSON.parse(readFileSync(file, 'utf8')) as Partial<TenantState>);
    else this.state = emptyState();
  }

  /** Run a change and persist it. Keep every write inside one call so a failure leaves nothing half-done. */
  mutate<T>(change: (state: TenantState) => T): T {
    const draft = structuredClone(this.state);
    const result = change(draft);
    this.state = draft;
    this.save();
    return result;
  }

  save(): void {
    if (!this.file) return;
    mkdirSync(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.state, null, 1));
    renameSync(tmp, this.file);
  }

  // ---- queries shared by both APIs ----
  userById(id: string) { return this.state.users.find((u) => u.user_id === id); }
  /** Auth0 matches emails case-insensitively at login; we store them lower-cased. */
  usersByEmail(email: string) { const e = email.toLowerCase(); return this.state.users.filter((u) => u.email === e); }
  userByEmailAndConnection(email: string, connection: string) {
    return this.usersByEmail(email).find((u) => u.connection === connection);
  }
  orgById(id: string) { return this.state.organizations.find((o) => o.id === id); }
  orgByName(name: string) { return this.state.organizations.find((o) => o.name === name); }
  client(id: string) { return this.state.clients.find((c) => c.client_id === id); }
  connectionById(id: string) { return this.state.connections.find((c) => c.id === id); }
  connectionByName(name: string) { return this.state.connections.find((c) => c.name === name); }
  resourceServer(identifier: string) { return this.state.resourceServers.find((r) => r.identifier === identifier); }
  member(orgId: string, userId: string) {
    return this.state.members.find((m) => m.org_id === orgId && m.user_id === userId);
  }
  orgsOfUser(userId: string) {
    return this.state.members
      .filter((m) => m.user_id === userId)
      .map((m) => this.orgById(m.org_id))
      .filter((o): o is Organization => !!o);
  }
  enabledConnection(orgId: string, connectionId: string) {
    return this.state.enabledConnections.find((e) => e.org_id === orgId && e.connection_id === connectionId);
  }
  /** Names of the roles the user holds as a member of the org (what event.authorization.roles carries). */
  memberRoleNames(orgId: string, userId: string): string[] {
    const m = this.member(orgId, userId);
    if (!m) return [];
    return m.roles.map((id) => this.state.roles.find((r) => r.id === id)?.name).filter((n): n is string => !!n);
  }
  /** RBAC permissions for an org login to `audience`: the union over the member's roles. */
  memberPermissions(orgId: string, userId: string, audience: string): string[] {
    const m = this.member(orgId, userId);
    if (!m) return [];
    const out = new Set<string>();
    for (const roleId of m.roles) {
      const role = this.state.roles.find((r) => r.id === roleId);
      for (const p of role?.permissions ?? []) if (p.resource_server_identifier === audience) out.add(p.permission_name);
    }
    return [...out].sort();
  }
  invitationByTicket(ticket: string) { return this.state.invitations.find((i) => i.ticket_id === ticket); }
  authenticationMethodsOf(userId: string) { return this.state.authenticationMethods.filter((m) => m.user_id === userId); }
}
