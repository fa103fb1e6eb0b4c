// The one way to reach tenant data: withTenant(tenant, async (t) => ...). It opens an
// interactive transaction, tells Postgres whose data it is (`app.tenant_id`, read by the
// row-level security policies) and hands the work a TenantData whose models are all
// pinned to that tenant (lib/data/scoped-model.ts). A query without the tenant cannot be
// written through it, and the database refuses one that slips past (RLS, forced).
import 'server-only';
import { AsyncLocalStorage } from 'node:async_hooks';
import { db } from '@/lib/db/client';
import { openTransactionWith, type OpeningSettings } from '@/lib/db/adapter';
import type { Prisma } from '@/lib/db/generated/client';
import { scopedModel } from '@/lib/data/scoped-model';

export { CrossTenantWrite } from '@/lib/data/scoped-model';

type Tx = Prisma.TransactionClient;

/**
 * Whose data: an authorized context (TenantContext, ScimContext: anything with the resolved
 * tenant), or a bare tenant id for system paths that act for a tenant without a caller in it
 * (provisioning, just-in-time admission, tests and scripts).
 */
export type TenantRef = { tenant: { tenantId: string } } | string;

export function tenantIdOf(tenant: TenantRef): string {
  const id = typeof tenant === 'string' ? tenant : tenant.tenant.tenantId;
  if (!id) throw new Error('withTenant needs a tenant id.');
  return id;
}

function models(tx: Tx, tenantId: string) {
  return {
    memberships: scopedModel('Membership', tx.membership, 'tenantId', tenantId),
    projects: scopedModel('Project', tx.project, 'tenantId', tenantId),
    ssoConnections: scopedModel('SsoConnection', tx.ssoConnection, 'tenantId', tenantId),
    domains: scopedModel('OrganizationDomain', tx.organizationDomain, 'tenantId', tenantId),
    scimTokens: scopedModel('ScimToken', tx.scimToken, 'tenantId', tenantId),
    scimUsers: scopedModel('ScimUser', tx.scimUser, 'tenantId', tenantId),
    scimGroups: scopedModel('ScimGroup', tx.scimGroup, 'tenantId', tenantId),
    auditEvents: scopedModel('AuditEvent', tx.auditEvent, 'tenantId', tenantId),
    webhookEndpoints: scopedModel('WebhookEndpoint', tx.webhookEndpoint, 'tenantId', tenantId),
    webhookDeliveries: scopedModel('WebhookDelivery', tx.webhookDelivery, 'tenantId', tenantId),
    apiKeys: scopedModel('ApiKey', tx.apiKey, 'tenantId', tenantId),
    /** The tenant's own Organization row (its id is the tenant id). */
    organization: scopedModel('Organization', tx.organization, 'id', tenantId),
  };
}

/** One tenant's data inside one transaction. Only withTenant makes one. */
export type TenantData = Readonly<ReturnType<typeof models>> & { readonly tenantId: string };

// The transaction each TenantData runs in, for the few lib/data helpers that need it
// (row locks, session revocations written with the change they belong to). For lib/data
// only, like acrossTenants: feature code gets models pinned to its tenant, never this.
const transactions = new WeakMap<TenantData, Tx>();
export function transactionOf(t: TenantData): Tx {
  const tx = transactions.get(t);
  if (!tx) throw new Error('Not a TenantData made by withTenant.');
  return tx;
}

// Every tenant query runs in a transaction, and PGlite runs one at a time: under load a
// transaction may wait its turn longer than Prisma's default 2 s before it starts.
/** Longest a tenant transaction may run before Prisma rolls it back (lib/data/audit.ts relies on it). */
export const TRANSACTION_TIMEOUT_MS = 10_000;
const TRANSACTION_LIMITS = { maxWait: 10_000, timeout: TRANSACTION_TIMEOUT_MS };

// The current withTenant, so a nested call for the same tenant joins it instead of opening
// a second transaction (PGlite has one connection: a nested transaction would wait forever).
const current = new AsyncLocalStorage<TenantData>();

export async function withTenant<T>(tenant: TenantRef, work: (t: TenantData) => Promise<T>): Promise<T> {
  const tenantId = tenantIdOf(tenant);
  const outer = current.getStore();
  if (outer) {
    if (outer.tenantId !== tenantId) throw new Error('withTenant for another tenant inside a tenant transaction.');
    return work(outer);
  }
  const client = await db();
  // The tenant is set by the statement that opens the transaction (lib/db/adapter.ts: one
  // round trip fewer); when it could not be, here. `true`: local to this transaction, so the
  // pooled connection carries nothing over.
  const settings: OpeningSettings = { values: { 'app.tenant_id': tenantId }, applied: false };
  return openTransactionWith(settings, () => client.$transaction(async (tx) => {
    if (!settings.applied) await tx.$queryRaw`SELECT set_config('app.tenant_id', ${tenantId}, true)`;
    const t: TenantData = Object.freeze({ ...models(tx, tenantId), tenantId });
    transactions.set(t, tx);
    return current.run(t, () => work(t));
  }, TRANSACTION_LIMITS));
}


/**
 * Reads that cross tenants on purpose (lib/data/directory.ts only): the transaction names its
 * purpose in `app.scope`, and only the policies written for that purpose let rows through.
 */
export async function acrossTenants<T>(purpose: string, settings: Record<string, string>, work: (tx: Tx) => Promise<T>): Promise<T> {
  if (current.getStore()) throw new Error('A cross-tenant read inside a tenant transaction.');
  const client = await db();
  const opening: OpeningSettings = { values: { 'app.scope': purpose, ...settings }, applied: false };
  return openTransactionWith(opening, () => client.$transaction(async (tx) => {
    if (!opening.applied) {
      for (const [name, value] of Object.entries(opening.values)) await tx.$queryRaw`SELECT set_config(${name}, ${value}, true)`;
    }
    return work(tx);
  }, TRANSACTION_LIMITS));
}
