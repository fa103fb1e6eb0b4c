// Every audit action the app records, and what kind of thing each one acts on. The one list:
// recordAudit only takes these names (a new action is added here or it does not compile), the
// audit log page filters by them, and the public event schema (event-v1.ts) names its target
// type from here.

/** What an action's `target` string identifies; null when the action has no target. */
export const AUDIT_ACTION_TARGETS = {
  'member.login': 'user',
  'member.joined': 'user',
  'member.added': 'user',
  'member.roles_changed': 'user',
  'member.removed': 'user',
  'member.signed_out': 'user',
  'member.left': 'user',
  'member.account_deleted': 'user',
  'member.account_deletion_failed': 'user',
  'members.synced': null,
  'invitation.created': 'email',
  'invitation.resent': 'email',
  'invitation.revoked': 'email',
  'organization.created': 'organization',
  'organization.updated': 'organization',
  'organization.deleted': 'organization',
  'organization.signed_out': null,
  'project.created': 'project',
  'project.updated': 'project',
  'project.deleted': 'project',
  'sso.connection_created': 'sso_connection',
  'sso.connection_updated': 'sso_connection',
  'sso.connection_enabled': 'sso_connection',
  'sso.connection_disabled': 'sso_connection',
  'sso.connection_deleted': 'sso_connection',
  'sso.domain_added': 'domain',
  'sso.domain_verified': 'domain',
  'sso.domain_routed': 'domain',
  'sso.domain_removed': 'domain',
  'scim.enabled': null,
  'scim.disabled': null,
  'scim.token.created': 'scim_token',
  'scim.token.revoked': 'scim_token',
  'scim.user.created': 'user',
  'scim.user.updated': 'user',
  'scim.user.deactivated': 'user',
  'scim.user.reactivated': 'user',
  'scim.user.deleted': 'user',
  'scim.group.created': 'scim_group',
  'scim.group.updated': 'scim_group',
  'scim.group.deleted': 'scim_group',
  'security_policy.updated': null,
  'webhook.endpoint_created': 'webhook_endpoint',
  'webhook.endpoint_enabled': 'webhook_endpoint',
  'webhook.endpoint_disabled': 'webhook_endpoint',
  'webhook.endpoint_deleted': 'webhook_endpoint',
  'webhook.secret_rotated': 'webhook_endpoint',
  'webhook.test_sent': 'webhook_endpoint',
  'webhook.delivery_replayed': 'webhook_endpoint',
  'api_key.created': 'api_key',
  'api_key.secret_rotated': 'api_key',
  'api_key.revoked': 'api_key',
} as const satisfies Record<string, AuditTargetType | null>;

/**
 * user: an Auth0 user id; email: an invited address; organization: its slug; project: its id;
 * sso_connection: the connection's name; domain: the email domain; scim_token, scim_group: their id;
 * webhook_endpoint, api_key: their id.
 */
export const AUDIT_TARGET_TYPES = ['user', 'email', 'organization', 'project', 'sso_connection', 'domain', 'scim_token', 'scim_group', 'webhook_endpoint', 'api_key'] as const;
export type AuditTargetType = (typeof AUDIT_TARGET_TYPES)[number];

export type AuditAction = keyof typeof AUDIT_ACTION_TARGETS;
export const AUDIT_ACTIONS = Object.keys(AUDIT_ACTION_TARGETS) as [AuditAction, ...AuditAction[]];

/**
 * Who acted: a person (user), an API client with a client-credentials token (machine), a
 * directory-sync token (scim), or Tenantry itself (system).
 */
export const AUDIT_ACTOR_TYPES = ['user', 'machine', 'scim', 'system'] as const;
export type AuditActorType = (typeof AUDIT_ACTOR_TYPES)[number];

export function isAuditAction(action: string): action is AuditAction {
  return Object.hasOwn(AUDIT_ACTION_TARGETS, action);
}
