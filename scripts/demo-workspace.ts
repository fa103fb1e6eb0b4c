// The local tenant's demo organizations start as a living workspace on `npm run dev`: the
// members its seed put in each Auth0 organization are registered with their roles (so the
// members page shows them before anyone signs in or presses "Sync from Auth0"), and an
// organization without projects gets a few samples. Safe to run on every start: it only adds
// what is missing and never revives a removed member (their row stays, marked removed).
import { readFileSync } from 'node:fs';
import { apiKeyForClient, recordApiKey } from '@/lib/data/api-keys';
import { organizationBySlug } from '@/lib/data/directory';
import { addMissingMembers } from '@/lib/data/memberships';
import { withTenant } from '@/lib/data/scope';
import { listMembers } from '@/lib/management/members';

export const SAMPLE_PROJECTS = [
  { name: 'Website relaunch', description: 'New marketing site: copy, design and the move to the new CMS.' },
  { name: 'Customer onboarding', description: 'Checklist and welcome emails for new customers.' },
  { name: 'Security review', description: 'Yearly review: access rights, SSO settings and the audit log.' },
];

export interface DemoSeeded { slug: string; members: number; projects: number }

/** Seeds the organizations named by `slugs` that are registered here (others are skipped). */
export async function seedDemoWorkspace(slugs: readonly string[]): Promise<DemoSeeded[]> {
  const seeded: DemoSeeded[] = [];
  for (const slug of [...slugs].sort()) {
    const org = await organizationBySlug(slug);
    if (!org) continue;
    const members = await listMembers(org.auth0OrgId);
    seeded.push(await withTenant(org.id, async (t) => {
      const added = await addMissingMembers(t, members);
      let projects = 0;
      if ((await t.projects.count()) === 0) {
        const author = members.find((m) => m.roles.includes('org_admin'))?.email?.toLowerCase() ?? 'demo';
        projects = (await t.projects.createMany({ data: SAMPLE_PROJECTS.map((p) => ({ ...p, tenantId: t.tenantId, createdBy: author })), skipDuplicates: true })).count;
      }
      return { slug, members: added, projects };
    }));
  }
  return seeded;
}

interface SeededGrant { client_id: string; audience: string; scope: string[]; organizations?: string[] }

/**
 * The local tenant's seeded machine client of the Tenantry API (tenantry-local-api-client,
 * associated with acme and globex) registered as an API key of each organization it may name,
 * with its grant's scopes. The app honours a machine token only through a key; this keeps the
 * browser tests' and the benchmark's machine caller working without creating a key first.
 * Local tenant only (the caller decides); adds what is missing, never revives a revoked key.
 */
export async function registerSeededApiKeys(configFile = 'auth0-local/tenant.config.json'): Promise<string[]> {
  const seed = JSON.parse(readFileSync(configFile, 'utf8')) as { client_grants?: SeededGrant[]; resource_servers?: { identifier: string }[] };
  const apis = new Set((seed.resource_servers ?? []).map((r) => r.identifier));
  const registered: string[] = [];
  for (const grant of seed.client_grants ?? []) {
    if (!apis.has(grant.audience)) continue;
    for (const slug of grant.organizations ?? []) {
      const org = await organizationBySlug(slug);
      if (!org) continue;
      const added = await withTenant(org.id, async (t) => {
        if (await apiKeyForClient(t, grant.client_id)) return false;
        await recordApiKey(t, { auth0ClientId: grant.client_id, name: 'Seeded API client (local tenant)', permissions: grant.scope, createdBy: 'seed', createdByName: 'Local tenant seed', expiresAt: null });
        return true;
      });
      if (added) registered.push(`${slug}: ${grant.client_id}`);
    }
  }
  return registered;
}
