// The internal route's process-wide cache: how long it keeps an answer, what it never keeps,
// and forgetTenant (called when an organization is deleted, lib/admin/organization.ts).
import { afterEach, beforeEach, expect, it, vi } from 'vitest';

const rows = new Map<string, { id: string; slug: string; auth0OrgId: string }>();
const findTenantBySlug = vi.fn(async (slug: string) => rows.get(slug) ?? null);
vi.mock('@/lib/tenancy/organizations', () => ({ findTenantBySlug }));

const { tenantBySlug, forgetTenant, DIRECTORY_TTL_MS } = await import('@/lib/tenancy/tenant-directory');

beforeEach(() => {
  vi.useFakeTimers();
  rows.clear();
  findTenantBySlug.mockClear();
});
afterEach(() => {
  forgetTenant('acme');
  vi.useRealTimers();
});

const acme = { id: 'ten_acme', slug: 'acme', auth0OrgId: 'org_acme' };

it('keeps a tenant for DIRECTORY_TTL_MS, then reads the database again', async () => {
  rows.set('acme', acme);
  expect(await tenantBySlug('acme')).toEqual({ slug: 'acme', auth0OrgId: 'org_acme', tenantId: 'ten_acme' });
  rows.delete('acme');
  vi.advanceTimersByTime(DIRECTORY_TTL_MS - 1);
  expect(await tenantBySlug('acme')).not.toBeNull();
  vi.advanceTimersByTime(1);
  expect(await tenantBySlug('acme')).toBeNull();
  expect(findTenantBySlug).toHaveBeenCalledTimes(2);
});

it('forgetTenant drops the entry at once', async () => {
  rows.set('acme', acme);
  await tenantBySlug('acme');
  rows.delete('acme');
  forgetTenant('acme');
  expect(await tenantBySlug('acme')).toBeNull();
});

it('keeps neither an unknown slug nor an organization still being provisioned', async () => {
  expect(await tenantBySlug('acme')).toBeNull();
  rows.set('acme', { ...acme, auth0OrgId: 'pending:ten_acme' });
  expect((await tenantBySlug('acme'))?.auth0OrgId).toBe('pending:ten_acme');
  rows.set('acme', acme);
  expect((await tenantBySlug('acme'))?.auth0OrgId).toBe('org_acme');
  expect(findTenantBySlug).toHaveBeenCalledTimes(3);
});
