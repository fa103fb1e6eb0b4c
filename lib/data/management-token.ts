// The Management API token every instance shares (lib/management/token.ts seals and opens
// it; this module only keeps it). Not tenant data, so not behind withTenant or row-level
// security: one row per M2M client and audience, naming no tenant.
import 'server-only';
import { db } from '@/lib/db/client';

export interface StoredManagementToken {
  ciphertext: string;
  expiresAt: Date;
}

export async function readManagementToken(id: string): Promise<StoredManagementToken | null> {
  return (await db()).managementApiToken.findUnique({ where: { id }, select: { ciphertext: true, expiresAt: true } });
}

/**
 * Runs `refresh` as the one refresher of `id` across every instance (a transaction-scoped
 * advisory lock), with the row as it is once the lock is held, and stores what it returns
 * (null: the row is good, keep it). Returns undefined without running `refresh` when the
 * lock is busy: another instance is refreshing, and the caller waits for its row.
 */
export async function refreshManagementTokenAlone(
  id: string,
  refresh: (current: StoredManagementToken | null) => Promise<StoredManagementToken | null>,
  limits: { startWithinMs: number; finishWithinMs: number },
): Promise<{ stored: StoredManagementToken | null } | undefined> {
  return (await db()).$transaction(
    async (tx) => {
      const [lock] = await tx.$queryRaw<{ held: boolean }[]>`SELECT pg_try_advisory_xact_lock(hashtext(${`management-api-token:${id}`})) AS held`;
      if (!lock?.held) return undefined;
      const current = await tx.managementApiToken.findUnique({ where: { id }, select: { ciphertext: true, expiresAt: true } });
      const next = await refresh(current);
      if (!next) return { stored: current };
      await tx.managementApiToken.upsert({ where: { id }, create: { id, ...next }, update: next });
      return { stored: next };
    },
    // The transaction spans one call to Auth0's /oauth/token (bounded by its own timeout).
    { maxWait: limits.startWithinMs, timeout: limits.finishWithinMs },
  );
}

/** Deletes the row if it still holds `ciphertext` (a token Auth0 refused; a newer row stays). */
export async function forgetManagementToken(id: string, ciphertext: string): Promise<void> {
  await (await db()).managementApiToken.deleteMany({ where: { id, ciphertext } });
}
