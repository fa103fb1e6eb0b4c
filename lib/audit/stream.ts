// The audit log as a stream for pull-based collectors (SIEMs): oldest first, in pages, each
// ending with a cursor for the next. Keyset paging on (createdAt, id), so a page costs the same
// however far in, nothing is skipped or repeated when events share a time, and a collector that
// polls with its last cursor gets exactly the events recorded since (lib/data/audit.ts holds
// back the few seconds that open transactions could still add to).
import 'server-only';
import { z } from 'zod';
import type { TenantContext } from '@/lib/core/context';
import { auditStreamPage, type StreamPosition } from '@/lib/data/audit';
import { withTenant } from '@/lib/data/scope';
import { toAuditEventV1, type AuditEventV1 } from '@/lib/audit/event-v1';

/** The stream's response headers: where to continue, and whether more is ready now. */
export const NEXT_CURSOR_HEADER = 'Audit-Next-Cursor';
export const HAS_MORE_HEADER = 'Audit-Has-More';

export const STREAM_LIMIT_DEFAULT = 500;
export const STREAM_LIMIT_MAX = 1000;

/** Before the first event: where a collector without a cursor starts. */
const START: StreamPosition = { createdAt: new Date(0), id: '' };

const CURSOR_VERSION = 's1';
// Only what encodeCursor writes: a UTC time with milliseconds, years 0001-9999 (the database's
// range), and an id of the characters ids are made of (or none, for the start).
const CURSOR_SHAPE = /^s1\|((?!0000)\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)\|([A-Za-z0-9_-]{0,64})$/;

/** The opaque cursor (base64url) of the position just after `p`. */
export function encodeStreamCursor(p: StreamPosition): string {
  return Buffer.from(`${CURSOR_VERSION}|${p.createdAt.toISOString()}|${p.id}`).toString('base64url');
}

/** The position a cursor names; null for anything encodeStreamCursor did not write. */
export function decodeStreamCursor(cursor: string): StreamPosition | null {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(cursor)) return null;
  const match = CURSOR_SHAPE.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) return null;
  const createdAt = new Date(match[1]!);
  if (Number.isNaN(createdAt.getTime()) || createdAt.toISOString() !== match[1]) return null; // no 2026-02-30
  const position = { createdAt, id: match[2]! };
  // One spelling per position: base64url with other padding bits decodes the same; refuse it.
  return encodeStreamCursor(position) === cursor ? position : null;
}

/** A parameter given at most once (absent: undefined). */
const single = (name: string) => z.array(z.string()).max(1, `Give ${name} once`).optional().transform((v) => v?.[0]);

/** The stream's query string: an optional cursor and page size, nothing else. */
export const streamQuery = z
  .object({
    cursor: single('cursor')
      .pipe(z.string().optional())
      .transform((v, issue) => {
        if (v === undefined) return null;
        const position = decodeStreamCursor(v);
        if (!position) {
          issue.addIssue({ code: 'custom', message: 'Not a cursor from this API: pass the Audit-Next-Cursor header of the previous page, or no cursor to start from the beginning' });
          return z.NEVER;
        }
        return position;
      }),
    limit: single('limit')
      .pipe(z.string().regex(/^\d{1,4}$/, `A whole number from 1 to ${STREAM_LIMIT_MAX}`).optional())
      .transform((v) => (v === undefined ? STREAM_LIMIT_DEFAULT : Number(v)))
      .pipe(z.number().min(1, `A whole number from 1 to ${STREAM_LIMIT_MAX}`).max(STREAM_LIMIT_MAX, `A whole number from 1 to ${STREAM_LIMIT_MAX}`)),
  })
  .strict();

/** The query string as streamQuery reads it: every value of every name. */
export function streamParams(params: URLSearchParams): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, value] of params) (out[name] ??= []).push(value);
  return out;
}

export interface StreamPage {
  events: AuditEventV1[];
  /** Where the next page starts: the last event's position, or the same cursor when there was none. */
  next: string;
  /** More events are ready now (the page was full). */
  more: boolean;
}

/** The next `limit` events of the caller's organization after `after` (null: from the first). */
export async function auditStream(ctx: TenantContext, after: StreamPosition | null, limit: number): Promise<StreamPage> {
  const rows = await withTenant(ctx, (t) => auditStreamPage(t, after, limit + 1));
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const organization = { id: ctx.tenant.tenantId, slug: ctx.tenant.slug };
  return {
    events: page.map((row) => toAuditEventV1(row, organization)),
    next: encodeStreamCursor(last ?? after ?? START),
    more: rows.length > limit,
  };
}
