-- CreateTable
CREATE TABLE "ManagementApiToken" (
    "id" TEXT NOT NULL,
    "ciphertext" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ManagementApiToken_pkey" PRIMARY KEY ("id")
);

-- Not tenant data: no row-level security. The app role reads and writes it (the default
-- privileges of the row-level-security migration cover tables its owner creates; say it
-- outright in case another role ran this one).
GRANT SELECT, INSERT, UPDATE, DELETE ON "ManagementApiToken" TO tenantry_app;
