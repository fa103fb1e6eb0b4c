-- DropIndex
DROP INDEX "AuditEvent_tenantId_createdAt_id_idx";

-- AlterTable
ALTER TABLE "AuditEvent" ADD COLUMN     "actorEmail" TEXT,
ADD COLUMN     "actorType" TEXT NOT NULL DEFAULT 'user',
ADD COLUMN     "ip" TEXT,
ADD COLUMN     "userAgent" TEXT;

-- CreateIndex
CREATE INDEX "AuditEvent_tenantId_createdAt_id_idx" ON "AuditEvent"("tenantId", "createdAt", "id");

-- Hand-written: the actor type of events recorded before the column existed. SCIM calls were
-- recorded as "scim:<token name>"; Auth0 user ids always hold a "|" (auth0|…, samlp|…) and
-- client ids never do, so the rest are machines.
UPDATE "AuditEvent" SET "actorType" = CASE
  WHEN "actor" LIKE 'scim:%' THEN 'scim'
  WHEN position('|' in "actor") > 0 THEN 'user'
  ELSE 'machine'
END;
