-- AlterTable
ALTER TABLE "SsoConnection" ALTER COLUMN "defaultRole" SET DEFAULT 'org_member';
