-- CreateTable
CREATE TABLE "MembershipTrigram" (
    "tenantId" TEXT NOT NULL,
    "membershipId" TEXT NOT NULL,
    "trigram" TEXT NOT NULL,

    CONSTRAINT "MembershipTrigram_pkey" PRIMARY KEY ("membershipId","trigram")
);

-- CreateIndex
CREATE INDEX "MembershipTrigram_tenantId_trigram_membershipId_idx" ON "MembershipTrigram"("tenantId", "trigram", "membershipId");

-- CreateIndex
CREATE INDEX "Membership_tenantId_email_userId_idx" ON "Membership"("tenantId", "email", "userId");

-- AddForeignKey
ALTER TABLE "MembershipTrigram" ADD CONSTRAINT "MembershipTrigram_membershipId_fkey" FOREIGN KEY ("membershipId") REFERENCES "Membership"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written: the search index's contents, kept by the database.
-- Every distinct three-character piece of a value, lower-cased. The app asks for the pieces of
-- the search text with the same function, so index and query always cut text alike.
CREATE FUNCTION membership_trigrams(source text) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(DISTINCT substr(s, i, 3)), '{}')
  FROM (SELECT lower(coalesce(source, '')) AS s) AS l, generate_series(1, length(s) - 2) AS i
$$;

-- Runs as the writer (the app role under row-level security): the rows it writes carry the
-- member's own tenant, which the policy below checks like any other write.
CREATE FUNCTION membership_trigrams_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF NEW.email IS NOT DISTINCT FROM OLD.email AND NEW.name IS NOT DISTINCT FROM OLD.name AND NEW."tenantId" = OLD."tenantId" THEN
      RETURN NULL;
    END IF;
    DELETE FROM "MembershipTrigram" WHERE "membershipId" = OLD.id;
  END IF;
  INSERT INTO "MembershipTrigram" ("tenantId", "membershipId", "trigram")
    SELECT DISTINCT NEW."tenantId", NEW.id, t FROM unnest(membership_trigrams(NEW.email) || membership_trigrams(NEW.name)) AS t;
  RETURN NULL;
END
$$;

CREATE TRIGGER membership_trigrams AFTER INSERT OR UPDATE OF email, name, "tenantId" ON "Membership"
  FOR EACH ROW EXECUTE FUNCTION membership_trigrams_sync();

INSERT INTO "MembershipTrigram" ("tenantId", "membershipId", "trigram")
  SELECT DISTINCT m."tenantId", m.id, t FROM "Membership" m, unnest(membership_trigrams(m.email) || membership_trigrams(m.name)) AS t;

-- Tenant data like the rest (see row_level_security).
GRANT SELECT, INSERT, DELETE ON "MembershipTrigram" TO tenantry_app;
ALTER TABLE "MembershipTrigram" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "MembershipTrigram" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_rows ON "MembershipTrigram" USING ("tenantId" = current_setting('app.tenant_id', true)) WITH CHECK ("tenantId" = current_setting('app.tenant_id', true));
