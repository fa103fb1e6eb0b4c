-- AlterTable
ALTER TABLE "SsoConnection" ALTER COLUMN "defaultRole" SET DEFAULT 'org_member';

-- Rows that took the old default ("member", not a role) get the role it stood for.
UPDATE "SsoConnection" SET "defaultRole" = 'org_member' WHERE "defaultRole" = 'member';
