// Audit events of SCIM calls: the actor is "scim:<token name>" and the details name the
// token; written (by the one writer, recordAudit) in the same transaction as the change.
import { recordAudit, type AuditDetails } from '@/lib/data/audit';
import type { AuditAction } from '@/lib/audit/actions';
import type { TenantData } from '@/lib/data/scope';
import type { ScimContext } from '@/lib/scim/auth';

export function scimAudit(sc: ScimContext) {
  return (t: TenantData, action: AuditAction, target: string | null, details: AuditDetails = {}) =>
    recordAudit(t, { type: 'scim', id: sc.actor, name: sc.actorName, client: sc.client }, action, target, { ...details, tokenId: sc.token.id });
}
