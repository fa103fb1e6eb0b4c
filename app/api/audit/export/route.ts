// The audit log for callers with audit:read, two ways:
//  - without `format`: the stream for collectors (SIEMs), NDJSON of tenantry.audit/v1 events,
//    oldest first, paged by `cursor` and `limit`; the next cursor is in Audit-Next-Cursor
//    (lib/audit/stream.ts);
//  - with format=csv|jsonl: a download for people, newest first, the same filters as the
//    page, streamed in keyset batches so a large log never sits in memory.
import { z } from 'zod';
import { tenantApi, HttpError, methodNotAllowed } from '@/lib/handlers/api';
import type { TenantContext } from '@/lib/core/context';
import { auditEvents, auditFilterInput, csvHeader, csvLine, jsonLine } from '@/lib/admin/audit-log';
import { auditStream, HAS_MORE_HEADER, NEXT_CURSOR_HEADER, streamParams, streamQuery } from '@/lib/audit/stream';

export const dynamic = 'force-dynamic';

const formatInput = z.enum(['csv', 'jsonl'], { error: 'format must be csv or jsonl' });
const STREAM_ONLY = ['cursor', 'limit'];

export const GET = tenantApi('audit:read', async (ctx, request) => {
  const params = new URL(request.url).searchParams;
  return params.has('format') ? download(ctx, params) : stream(ctx, params);
});

function invalidQuery(issues: readonly z.core.$ZodIssue[], message: string): HttpError {
  const fields: Record<string, string[]> = {};
  for (const issue of issues) {
    const names = issue.code === 'unrecognized_keys' ? issue.keys : [issue.path.join('.') || '_'];
    for (const name of names) (fields[name] ??= []).push(issue.code === 'unrecognized_keys' ? 'Not a parameter of the stream (filters are for format=csv|jsonl downloads)' : issue.message);
  }
  return new HttpError(400, 'invalid_query', message, fields);
}

async function stream(ctx: TenantContext, params: URLSearchParams): Promise<Response> {
  const query = streamQuery.safeParse(streamParams(params));
  if (!query.success) throw invalidQuery(query.error.issues, 'The cursor or limit is not valid.');
  const page = await auditStream(ctx, query.data.cursor, query.data.limit);
  return new Response(page.events.map((e) => `${JSON.stringify(e)}\n`).join(''), {
    headers: {
      'content-type': 'application/x-ndjson; charset=utf-8',
      [NEXT_CURSOR_HEADER]: page.next,
      [HAS_MORE_HEADER]: String(page.more),
    },
  });
}

function download(ctx: TenantContext, search: URLSearchParams): Response {
  const params = Object.fromEntries(search);
  const format = formatInput.safeParse(params.format);
  const filter = auditFilterInput.safeParse({ action: params.action, actor: params.actor, from: params.from, to: params.to });
  const streamOnly = STREAM_ONLY.filter((name) => search.has(name));
  if (!format.success || !filter.success || streamOnly.length) {
    const fields: Record<string, string[]> = {};
    if (!format.success) fields.format = format.error.issues.map((i) => i.message);
    for (const issue of filter.error?.issues ?? []) (fields[issue.path.join('.')] ??= []).push(issue.message);
    for (const name of streamOnly) fields[name] = ['cursor and limit page the stream: leave out format'];
    throw new HttpError(400, 'invalid_query', 'Some filters are not valid.', fields);
  }
  const encoder = new TextEncoder();
  const events = auditEvents(ctx, filter.data);
  const csv = format.data === 'csv';
  const organization = { id: ctx.tenant.tenantId, slug: ctx.tenant.slug };
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      if (csv) controller.enqueue(encoder.encode(csvHeader()));
    },
    async pull(controller) {
      try {
        const { value, done } = await events.next();
        if (done) return controller.close();
        controller.enqueue(encoder.encode(csv ? csvLine(value) : jsonLine(value, organization)));
      } catch (error) {
        console.error('audit export failed:', error);
        controller.error(error);
      }
    },
  });
  const stamp = new Date().toISOString().slice(0, 10);
  return new Response(body, {
    headers: {
      'content-type': csv ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
      'content-disposition': `attachment; filename="audit-${ctx.tenant.slug}-${stamp}.${format.data}"`,
      'cache-control': 'no-store',
    },
  });
}

export const POST = methodNotAllowed(['GET']);
