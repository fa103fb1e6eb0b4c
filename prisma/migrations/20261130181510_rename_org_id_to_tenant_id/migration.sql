-- One word, one meaning: the column holding Tenantry's tenant id (Organization.id) is
-- "tenantId" everywhere; "auth0OrgId" is Auth0's organization id. Renamed in place, so no
-- row is touched: Postgres carries the rename into the indexes' columns, the foreign keys and
-- the row-level security policies (which name the column). Index and constraint names follow,
-- so the schema matches what Prisma would name them.

ALTER TABLE "AuditEvent" RENAME COLUMN "orgId" TO "tenantId";
ALTER TABLE "Membership" RENAME COLUMN "orgId" TO "tenantId";
ALTER TABLE "Project" RENAME COLUMN "orgId" TO "tenantId";
ALTER TABLE "SsoConnection" RENAME COLUMN "orgId" TO "tenantId";
ALTER TABLE "OrganizationDomain" RENAME COLUMN "orgId" TO "tenantId";
ALTER TABLE "ScimToken" RENAME COLUMN "orgId" TO "tenantId";
ALTER TABLE "ScimUser" RENAME COLUMN "orgId" TO "tenantId";
ALTER TABLE "ScimGroup" RENAME COLUMN "orgId" TO "tenantId";

ALTER TABLE "Membership" RENAME CONSTRAINT "Membership_orgId_fkey" TO "Membership_tenantId_fkey";
ALTER TABLE "Project" RENAME CONSTRAINT "Project_orgId_fkey" TO "Project_tenantId_fkey";
ALTER TABLE "SsoConnection" RENAME CONSTRAINT "SsoConnection_orgId_fkey" TO "SsoConnection_tenantId_fkey";
ALTER TABLE "OrganizationDomain" RENAME CONSTRAINT "OrganizationDomain_orgId_fkey" TO "OrganizationDomain_tenantId_fkey";
ALTER TABLE "ScimToken" RENAME CONSTRAINT "ScimToken_orgId_fkey" TO "ScimToken_tenantId_fkey";
ALTER TABLE "ScimUser" RENAME CONSTRAINT "ScimUser_orgId_fkey" TO "ScimUser_tenantId_fkey";
ALTER TABLE "ScimGroup" RENAME CONSTRAINT "ScimGroup_orgId_fkey" TO "ScimGroup_tenantId_fkey";

ALTER INDEX "AuditEvent_orgId_createdAt_id_idx" RENAME TO "AuditEvent_tenantId_createdAt_id_idx";
ALTER INDEX "Membership_orgId_userId_key" RENAME TO "Membership_tenantId_userId_key";
ALTER INDEX "Project_orgId_createdAt_idx" RENAME TO "Project_tenantId_createdAt_idx";
ALTER INDEX "Project_orgId_name_key" RENAME TO "Project_tenantId_name_key";
ALTER INDEX "SsoConnection_orgId_idx" RENAME TO "SsoConnection_tenantId_idx";
ALTER INDEX "OrganizationDomain_orgId_domain_key" RENAME TO "OrganizationDomain_tenantId_domain_key";
ALTER INDEX "ScimToken_orgId_idx" RENAME TO "ScimToken_tenantId_idx";
ALTER INDEX "ScimUser_orgId_userName_key" RENAME TO "ScimUser_tenantId_userName_key";
ALTER INDEX "ScimUser_orgId_externalId_key" RENAME TO "ScimUser_tenantId_externalId_key";
ALTER INDEX "ScimUser_orgId_userId_key" RENAME TO "ScimUser_tenantId_userId_key";
ALTER INDEX "ScimGroup_orgId_displayName_key" RENAME TO "ScimGroup_tenantId_displayName_key";
ALTER INDEX "ScimGroup_orgId_externalId_key" RENAME TO "ScimGroup_tenantId_externalId_key";
