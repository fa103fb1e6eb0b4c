// Auth0's two list styles (auth0-reference §4.3):
// - offset: page / per_page / include_totals -> { start, limit, total, <key> } or a bare array;
//   capped at 1000 records (400 invalid_paging); a page past the end is empty, never an error.
// - checkpoint: from / take -> { <key>, next? }; `next` is an opaque cursor fed back as `from`.
import type { Context } from 'koa';
import { badRequest, queryBool, queryInt, queryString } from './http';

export const MAX_PER_PAGE = 100;
export const OFFSET_RECORD_CAP = 1000;

export interface OffsetPage<T> {
  start: number;
  limit: number;
  total: number;
  items: T[];
  includeTotals: boolean;
}

export function offsetPage<T>(ctx: Context, items: T[]): OffsetPage<T> {
  const page = queryInt(ctx, 'page', { min: 0, def: 0 });
  const perPage = queryInt(ctx, 'per_page', { min: 1, max: MAX_PER_PAGE, def: 50 });
  const includeTotals = queryBool(ctx, 'include_totals', false);
  const start = page * perPage;
  if (start >= OFFSET_RECORD_CAP) {
    throw badRequest(`Requesting page exceeds the allowed maximum of ${OFFSET_RECORD_CAP} records`, 'invalid_paging');
  }
  const end = Math.min(start + perPage, OFFSET_RECORD_CAP);
  return { start, limit: perPage, total: items.length, items: items.slice(start, end), includeTotals };
}

/**
 * Write an offset-paginated list. `shape` picks the wrapper Auth0 uses for the endpoint:
 * most carry `total`; users add `length`; invitations have no total.
 */
export function sendOffset<T>(ctx: Context, key: string, items: T[], shape: 'total' | 'users' | 'no_total' = 'total'): void {
  const p = offsetPage(ctx, items);
  if (!p.includeTotals) {
    ctx.body = p.items;
    return;
  }
  const head: Record<string, unknown> = { start: p.start, limit: p.limit };
  if (shape === 'users') head.length = p.items.length;
  if (shape !== 'no_total') head.total = p.total;
  ctx.body = { ...head, [key]: p.items };
}

export function wantsCheckpoint(ctx: Context): boolean {
  return queryString(ctx, 'from') !== undefined || queryString(ctx, 'take') !== undefined;
}

const encodeCursor = (key: string) => Buffer.from(JSON.stringify({ k: key }), 'utf8').toString('base64url');
function decodeCursor(cursor: string): string {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { k?: unknown };
    if (typeof parsed.k === 'string') return parsed.k;
  } catch {
    /* fall through */
  }
  throw badRequest(`Query validation error: 'Invalid value for from' on property from.`, 'invalid_query_string');
}

/**
 * Write a checkpoint page. `items` must already be sorted by `keyOf` (ascending, unique):
 * the cursor is the key of the last item returned, so deletions between pages skip nothing.
 */
export function sendCheckpoint<T, U>(ctx: Context, key: string, items: T[], keyOf: (t: T) => string, render: (t: T) => U): void {
  const take = queryInt(ctx, 'take', { min: 1, max: MAX_PER_PAGE, def: 50 });
  const from = queryString(ctx, 'from');
  let rest = items;
  if (from) {
    const after = decodeCursor(from);
    rest = items.filter((t) => keyOf(t) > after);
  }
  const page = rest.slice(0, take);
  const body: Record<string, unknown> = { [key]: page.map(render) };
  if (rest.length > take && page.length > 0) body.next = encodeCursor(keyOf(page[page.length - 1]!));
  ctx.body = body;
}

/** Lists that support both styles (organizations, members, connections, client grants). */
export function sendList<T, U>(
  ctx: Context,
  key: string,
  items: T[],
  keyOf: (t: T) => string,
  render: (t: T) => U,
): void {
  const sorted = [...items].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
  if (wantsCheckpoint(ctx)) sendCheckpoint(ctx, key, sorted, keyOf, render);
  else sendOffset(ctx, key, sorted.map(render));
}
