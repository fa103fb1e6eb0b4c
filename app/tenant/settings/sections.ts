// The settings area's sections and the permission each one needs.
import type { Permission } from '@/lib/core/permissions';

export const SETTINGS_SECTIONS: { href: string; label: string; permission: Permission }[] = [
  { href: '/settings/members', label: 'Members', permission: 'members:manage' },
  { href: '/settings/invitations', label: 'Invitations', permission: 'members:manage' },
  { href: '/settings/organization', label: 'Organization', permission: 'org:manage' },
  { href: '/settings/security', label: 'Security', permission: 'org:manage' },
  { href: '/settings/api-keys', label: 'API keys', permission: 'org:manage' },
  { href: '/settings/sso', label: 'Single sign-on', permission: 'sso:manage' },
  { href: '/settings/scim', label: 'Provisioning (SCIM)', permission: 'sso:manage' },
  { href: '/settings/webhooks', label: 'Webhooks', permission: 'org:manage' },
  { href: '/settings/audit', label: 'Audit log', permission: 'audit:read' },
];
