-- Row-level security: the second wall around tenant data (the first is lib/data, where every
-- query runs in withTenant). Each transaction of the app says whose data it is with
-- set_config('app.tenant_id', <tenant id>, true); a tenant table shows and accepts only that
-- tenant's rows. A query that forgets the tenant sees nothing.

-- The role the app's queries run as (lib/db/adapter.ts). Not a superuser and without
-- BYPASSRLS: those ignore row-level security even when it is forced. NOLOGIN: the app
-- connects as its usual user and switches to it (SET ROLE), so the connecting user must be
-- a member; migrations keep running as the owner. Roles belong to the whole server, so it
-- may exist already (another database on the same server).
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tenantry_app') THEN
    CREATE ROLE tenantry_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOINHERIT;
  END IF;
END
$$;
GRANT tenantry_app TO CURRENT_USER;
GRANT USAGE ON SCHEMA public TO tenantry_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON "Organization", "Membership", "Project", "SsoConnection", "OrganizationDomain", "ScimToken", "ScimUser", "ScimGroup", "AuditEvent", "SessionRevocation" TO tenantry_app;
-- Tables added by later migrations are the app's too (it is the owner who creates them).
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO tenantry_app;

-- One tenant's rows: reads, and writes that stay in the tenant (WITH CHECK).
ALTER TABLE "Membership" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "Membership" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_rows ON "Membership" USING ("orgId" = current_setting('app.tenant_id', true)) WITH CHECK ("orgId" = current_setting('app.tenant_id', true));

ALTER TABLE "Project" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "Project" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_rows ON "Project" USING ("orgId" = current_setting('app.tenant_id', true)) WITH CHECK ("orgId" = current_setting('app.tenant_id', true));

ALTER TABLE "SsoConnection" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "SsoConnection" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_rows ON "SsoConnection" USING ("orgId" = current_setting('app.tenant_id', true)) WITH CHECK ("orgId" = current_setting('app.tenant_id', true));

ALTER TABLE "OrganizationDomain" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "OrganizationDomain" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_rows ON "OrganizationDomain" USING ("orgId" = current_setting('app.tenant_id', true)) WITH CHECK ("orgId" = current_setting('app.tenant_id', true));

ALTER TABLE "ScimToken" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "ScimToken" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_rows ON "ScimToken" USING ("orgId" = current_setting('app.tenant_id', true)) WITH CHECK ("orgId" = current_setting('app.tenant_id', true));

ALTER TABLE "ScimUser" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "ScimUser" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_rows ON "ScimUser" USING ("orgId" = current_setting('app.tenant_id', true)) WITH CHECK ("orgId" = current_setting('app.tenant_id', true));

ALTER TABLE "ScimGroup" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "ScimGroup" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_rows ON "ScimGroup" USING ("orgId" = current_setting('app.tenant_id', true)) WITH CHECK ("orgId" = current_setting('app.tenant_id', true));

ALTER TABLE "AuditEvent" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "AuditEvent" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_rows ON "AuditEvent" USING ("orgId" = current_setting('app.tenant_id', true)) WITH CHECK ("orgId" = current_setting('app.tenant_id', true));

-- The Organization row is the tenant itself (its id is the tenant id).
ALTER TABLE "Organization" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "Organization" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_rows ON "Organization" USING ("id" = current_setting('app.tenant_id', true)) WITH CHECK ("id" = current_setting('app.tenant_id', true));

-- Reads across tenants, each for one purpose named in `app.scope` by lib/data/directory.ts.
-- Read-only (FOR SELECT): no scope lets a row be written.
-- Tenant resolution and registration (host, Auth0 organization, slug), and the names of the
-- organizations a person belongs to.
CREATE POLICY tenant_registry ON "Organization" FOR SELECT USING (current_setting('app.scope', true) IN ('tenant-registry', 'user-memberships'));
-- Home-realm discovery and domain verification: verified domains only.
CREATE POLICY domain_owner ON "OrganizationDomain" FOR SELECT USING (current_setting('app.scope', true) = 'domain-owner' AND "verifiedAt" IS NOT NULL);
-- Naming a new enterprise connection (names are unique in the whole Auth0 tenant).
CREATE POLICY connection_names ON "SsoConnection" FOR SELECT USING (current_setting('app.scope', true) = 'connection-names');
-- The organization switcher: one person's own memberships.
CREATE POLICY user_memberships ON "Membership" FOR SELECT USING (current_setting('app.scope', true) = 'user-memberships' AND "userId" = current_setting('app.user_id', true));
