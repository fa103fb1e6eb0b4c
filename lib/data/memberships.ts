// Memberships, the admin side: the organization's member list and the changes admins, SCIM
// and provisioning make to it. (Admission on sign-in lives in lib/data/admission.ts.)
// Every function takes a TenantData, so it reads and writes one tenant's rows only.
import 'server-only';
import { transactionOf, type TenantData } from '@/lib/data/scope';
import { Prisma } from '@/lib/db/generated/client';

export const memberFields = { userId: true, email: true, name: true, roles: true, source: true, lastLoginAt: true, createdAt: true } as const;

/** One page of active members by email (page clamped to what exists), optionally filtered by name or email. */
export async function memberPage(t: TenantData, options: { q?: string; page: number; pageSize: number }) {
  if (options.q && searchable(options.q)) return searchPage(t, { ...options, q: options.q });
  const where = {
    removedAt: null,
    ...(options.q ? { OR: [{ email: { contains: options.q, mode: 'insensitive' as const } }, { name: { contains: options.q, mode: 'insensitive' as const } }] } : {}),
  };
  const total = await t.memberships.count({ where });
  const { page, pages } = clampPage(total, options);
  const rows = await t.memberships.findMany({
    where,
    orderBy: [{ email: 'asc' }, { userId: 'asc' }],
    skip: (page - 1) * options.pageSize,
    take: options.pageSize,
    select: memberFields,
  });
  return { rows, total, page, pages };
}

function clampPage(total: number, options: { page: number; pageSize: number }) {
  const pages = Math.max(1, Math.ceil(total / options.pageSize));
  return { page: Math.min(Math.max(Math.floor(options.page), 1), pages), pages };
}

// A search the index can serve has three characters in a row that are not LIKE's wildcards
// or escape (shorter ones read the tenant's rows in email order, as before).
function searchable(q: string): boolean {
  const chars = Array.from(q);
  return chars.some((_, i) => i + 3 <= chars.length && chars.slice(i, i + 3).every((c) => !'%_\\'.includes(c)));
}

/**
 * The search through MembershipTrigram: of the search text's three-letter pieces, the one
 * fewest of the tenant's members have (each counted only up to a bound, so common pieces
 * cost little); the members with it, by `=` on the index, which row-level security lets the
 * planner use (ILIKE it cannot: see migration members_search_index), fetched by id; then the
 * same ILIKE match Prisma's `contains` made. The page carries the count of all matches.
 * Exported for the test that checks the plan.
 */
export function memberSearchSql(tenantId: string, q: string, select: 'count' | { limit: number; offset: number }): Prisma.Sql {
  const pattern = `%${q}%`;
  // LIKE's wildcards and escape stay out of the pieces looked up; ILIKE still applies them.
  const rarest = Prisma.sql`(
    SELECT p FROM unnest(membership_trigrams(${q})) AS p,
      LATERAL (SELECT count(*) AS n FROM (SELECT FROM "MembershipTrigram" c WHERE c."tenantId" = ${tenantId} AND c.trigram = p LIMIT ${RAREST_PROBE}) AS probe) AS used
    WHERE p !~ '[%_\\\\]' ORDER BY used.n, p LIMIT 1)`;
  // An array, not IN (...): the planner then looks the members up by primary key rather than
  // guessing from ILIKE's selectivity that a pass over the whole table is cheaper.
  const matching = Prisma.sql`
    FROM "Membership" m
    WHERE m."tenantId" = ${tenantId} AND m."removedAt" IS NULL
      AND m.id = ANY (ARRAY(SELECT g."membershipId" FROM "MembershipTrigram" g WHERE g."tenantId" = ${tenantId} AND g.trigram = ${rarest}))
      AND (m.email ILIKE ${pattern} OR m.name ILIKE ${pattern})`;
  if (select === 'count') return Prisma.sql`SELECT count(*)::int AS total ${matching}`;
  return Prisma.sql`SELECT m."userId", m.email, m.name, m.roles, m.source, m."lastLoginAt", m."createdAt", (count(*) OVER ())::int AS total ${matching}
    ORDER BY m.email ASC, m."userId" ASC LIMIT ${select.limit} OFFSET ${select.offset}`;
}

// How far each piece's members are counted when choosing the rarest: past this, a piece is
// common and which common one is used matters little.
const RAREST_PROBE = 100;

type MemberRow = { userId: string; email: string | null; name: string | null; roles: string[]; source: string; lastLoginAt: Date | null; createdAt: Date };

async function searchPage(t: TenantData, options: { q: string; page: number; pageSize: number }) {
  const tx = transactionOf(t);
  const pageAt = (page: number) => tx.$queryRaw<(MemberRow & { total: number })[]>(memberSearchSql(t.tenantId, options.q, { limit: options.pageSize, offset: (page - 1) * options.pageSize }));
  const wanted = Math.max(Math.floor(options.page), 1);
  let found = await pageAt(wanted);
  let total = found[0]?.total ?? 0;
  // Past the last page (or nothing at all): how many there are, then the last page.
  if (found.length === 0 && wanted > 1) {
    const [counted] = await tx.$queryRaw<{ total: number }[]>(memberSearchSql(t.tenantId, options.q, 'count'));
    total = counted?.total ?? 0;
    if (total > 0) found = await pageAt(clampPage(total, options).page);
  }
  const { page, pages } = clampPage(total, { ...options, page: wanted });
  return { rows: found.map(({ total: _total, ...row }) => row), total, page, pages };
}

export function activeMember(t: TenantData, userId: string) {
  return t.memberships.findFirst({ where: { userId, removedAt: null }, select: memberFields });
}

/** An active member with this address (any case), if there is one. */
export function activeMemberByEmail(t: TenantData, email: string) {
  return t.memberships.findFirst({ where: { removedAt: null, email: { equals: email, mode: 'insensitive' } }, select: { userId: true } });
}

/** Sets an active member's roles; false when they are not an active member. */
export async function setRoles(t: TenantData, userId: string, roles: string[]): Promise<boolean> {
  const { count } = await t.memberships.updateMany({ where: { userId, removedAt: null }, data: { roles } });
  return count > 0;
}

/** Marks an active member removed; false when they are not an active member. */
export async function markRemoved(t: TenantData, userId: string): Promise<boolean> {
  const { count } = await t.memberships.updateMany({ where: { userId, removedAt: null }, data: { removedAt: new Date() } });
  return count > 0;
}

/** Adds (or re-adds) a person with these roles. */
/** Undoes markRemoved (a later step of the same change failed). */
export async function restoreRemoved(t: TenantData, userId: string): Promise<void> {
  await t.memberships.updateMany({ where: { userId, removedAt: { not: null } }, data: { removedAt: null } });
}

/** The person renamed themself: the mirror shows the new name. */
export async function setMemberName(t: TenantData, userId: string, name: string): Promise<void> {
  await t.memberships.updateMany({ where: { userId }, data: { name } });
}

export function addMember(t: TenantData, member: { userId: string; email?: string | null; name?: string | null; roles: string[]; source: string }) {
  return t.memberships.upsert({
    where: { tenantId_userId: { tenantId: t.tenantId, userId: member.userId } },
    create: { tenantId: t.tenantId, ...member },
    update: { roles: member.roles, removedAt: null, email: member.email, name: member.name, source: member.source },
  });
}

/**
 * Makes the rows match Auth0's member list: new people are added (source "auth0"), active
 * members get Auth0's roles; removed rows stay removed. Returns who changed.
 */
export async function syncMembers(t: TenantData, seen: { userId: string; email?: string; name?: string; roles: string[] }[]) {
  const existing = new Map((await t.memberships.findMany({ select: { userId: true, removedAt: true, roles: true } })).map((r) => [r.userId, r]));
  const added: string[] = [];
  const updated: string[] = [];
  for (const m of seen) {
    const row = existing.get(m.userId);
    if (!row) {
      await t.memberships.create({ data: { tenantId: t.tenantId, userId: m.userId, email: m.email?.toLowerCase(), name: m.name, roles: m.roles, source: 'auth0' } });
      added.push(m.userId);
    } else if (!row.removedAt && [...row.roles].sort().join() !== [...m.roles].sort().join()) {
      await t.memberships.update({ where: { tenantId_userId: { tenantId: t.tenantId, userId: m.userId } }, data: { roles: m.roles } });
      updated.push(m.userId);
    }
  }
  return { added, updated };
}

/** Of these addresses, the ones an admin sent an invitation to (from the audit log). */
export async function invitedEmails(t: TenantData, emails: string[]): Promise<Set<string>> {
  if (emails.length === 0) return new Set();
  const events = await t.auditEvents.findMany({ where: { action: 'invitation.created', target: { in: emails } }, select: { target: true } });
  return new Set(events.map((e) => e.target!));
}

/** Adds the people who have no row yet (source "auth0"); existing rows, removed ones included, stay as they are. */
export async function addMissingMembers(t: TenantData, people: { userId: string; email?: string; name?: string; roles: string[] }[]): Promise<number> {
  const { count } = await t.memberships.createMany({
    data: people.map((m) => ({ tenantId: t.tenantId, userId: m.userId, email: m.email?.toLowerCase(), name: m.name, roles: m.roles, source: 'auth0' })),
    skipDuplicates: true,
  });
  return count;
}
