// Audit events. Written in the same transaction as the change they describe.
import type { Prisma } from '@/lib/db/generated/client';
import type { TenantContext } from '@/lib/auth/context';

type Tx = Pick<Prisma.TransactionClient, 'auditEvent'>;

export function auditFor(ctx: TenantContext) {
  return (tx: Tx, action: string, target: string | null, details: Prisma.InputJsonObject = {}) =>
    tx.auditEvent.create({
      data: {
        orgId: ctx.tenant.tenantId,
        actor: ctx.principal.id,
        actorName: ctx.principal.name ?? ctx.principal.email ?? null,
        action,
        target,
        details,
      },
    });
}
