// Reading the caller's audit log: newest first, filtered, with keyset paging on
// (createdAt, id) so page 200 costs the same as page 1 (index AuditEvent(tenantId, createdAt, id)).
import 'server-only';
import { z } from 'zod';
import type { TenantContext } from '@/lib/core/context';
import { auditEventsPage, type AuditRow, type AuditWhere } from '@/lib/data/audit';
import { withTenant } from '@/lib/data/scope';
import { AUDIT_ACTIONS } from '@/lib/audit/actions';
import { toAuditEventV1 } from '@/lib/audit/event-v1';

/** Actions the filter offers: every action the app records (lib/audit/actions.ts). */
export { AUDIT_ACTIONS };

/** A calendar day, YYYY-MM-DD, that exists (no 2026-02-30). */
const day = z.string().refine((v) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || v.startsWith('0000')) return false; // the database has no year 0
  const date = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(v);
}, 'Use a real date like 2026-01-31');

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

/** Filters as they arrive in the query string; blank fields mean "any". */
export const auditFilterInput = z
  .object({
    action: z.preprocess(blankToUndefined, z.enum(AUDIT_ACTIONS, { error: 'Unknown action' }).optional()),
    actor: z.preprocess(blankToUndefined, z.string().trim().max(200, 'Actor: at most 200 characters').regex(/^[^\u0000]*$/, 'Actor: no NUL characters').optional()),
    from: z.preprocess(blankToUndefined, day.optional()),
    to: z.preprocess(blankToUndefined, day.optional()),
    cursor: z.preprocess(blankToUndefined, z.string().max(200).optional()),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { path: ['to'], message: 'The end date is before the start date' });
export type AuditFilter = z.infer<typeof auditFilterInput>;

export function encodeCursor(event: { createdAt: Date; id: string }): string {
  return Buffer.from(`${event.createdAt.toISOString()}|${event.id}`).toString('base64url');
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } | null {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  // Only the shape encodeCursor writes, years 0001-9999: an extended year such as -100000 (or
  // year 0) is a valid Date but not a time the database can compare with.
  if (!/^(?!0000)\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(at ?? '')) return null;
  const createdAt = new Date(at!);
  return id && !Number.isNaN(createdAt.getTime()) ? { createdAt, id } : null;
}

function whereFor(f: AuditFilter, after?: { createdAt: Date; id: string } | null): AuditWhere {
  const and: AuditWhere[] = [];
  if (f.action) and.push({ action: f.action });
  if (f.actor) and.push({ OR: [{ actor: f.actor }, { actorName: { contains: f.actor, mode: 'insensitive' } }] });
  // Dates are whole days in UTC; "to" includes its whole day.
  if (f.from) and.push({ createdAt: { gte: new Date(`${f.from}T00:00:00.000Z`) } });
  if (f.to) and.push({ createdAt: { lt: new Date(Date.parse(`${f.to}T00:00:00.000Z`) + 86_400_000) } });
  if (after) and.push({ OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] });
  return { AND: and };
}

export type { AuditRow };

export async function auditPage(ctx: TenantContext, filter: AuditFilter, pageSize = 50): Promise<{ events: AuditRow[]; next: string | null }> {
  const after = filter.cursor ? decodeCursor(filter.cursor) : null;
  const rows = await withTenant(ctx, (t) => auditEventsPage(t, whereFor(filter, after), pageSize + 1));
  const events = rows.slice(0, pageSize);
  return { events, next: rows.length > pageSize ? encodeCursor(events[events.length - 1]!) : null };
}

/** Every matching event, newest first, fetched in keyset batches (for exports). */
export async function* auditEvents(ctx: TenantContext, filter: AuditFilter, batch = 500): AsyncGenerator<AuditRow> {
  let cursor: string | undefined;
  for (;;) {
    const { events, next } = await auditPage(ctx, { ...filter, cursor }, batch);
    yield* events;
    if (!next) return;
    cursor = next;
  }
}

const CSV_COLUMNS = ['time', 'action', 'actor', 'actorName', 'target', 'details'] as const;

/** One CSV field: quoted when needed, and defused when a spreadsheet would run it as a formula. */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvHeader(): string {
  return `${CSV_COLUMNS.join(',')}\r\n`;
}

export function csvLine(e: AuditRow): string {
  return `${[e.createdAt.toISOString(), e.action, e.actor, e.actorName ?? '', e.target ?? '', JSON.stringify(e.details ?? {})].map(csvField).join(',')}\r\n`;
}

/** One event in the public v1 shape (lib/audit/event-v1.ts), as the stream gives it too. */
export function jsonLine(e: AuditRow, organization: { id: string; slug: string }): string {
  return `${JSON.stringify(toAuditEventV1(e, organization))}\n`;
}
