// Audit events of SCIM calls: the actor is "scim:<token name>", written in the same
// transaction as the change.
import type { Prisma } from '@/lib/db/generated/client';
import type { ScimContext } from '@/lib/scim/auth';

type Tx = Pick<Prisma.TransactionClient, 'auditEvent'>;

export function scimAudit(sc: ScimContext) {
  return (tx: Tx, action: string, target: string | null, details: Prisma.InputJsonObject = {}) =>
    tx.auditEvent.create({
      data: { orgId: sc.tenant.tenantId, actor: sc.actor, actorName: sc.actorName, action, target, details: { ...details, tokenId: sc.token.id } },
    });
}
