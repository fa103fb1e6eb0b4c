// Audit log export for admins with audit:read: CSV or JSON Lines, the same filters as the
// page, streamed in keyset batches so a large log never sits in memory.
import { z } from 'zod';
import { tenantApi, HttpError, methodNotAllowed } from '@/lib/handlers/api';
import { auditEvents, auditFilterInput, csvHeader, csvLine, jsonLine } from '@/lib/admin/audit-log';

export const dynamic = 'force-dynamic';

const formatInput = z.enum(['csv', 'jsonl'], { error: 'format must be csv or jsonl' });

export const GET = tenantApi('audit:read', async (ctx, request) => {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const format = formatInput.safeParse(params.format ?? 'csv');
  const filter = auditFilterInput.safeParse({ action: params.action, actor: params.actor, from: params.from, to: params.to });
  if (!format.success || !filter.success) {
    const fields: Record<string, string[]> = {};
    if (!format.success) fields.format = format.error.issues.map((i) => i.message);
    for (const issue of filter.error?.issues ?? []) (fields[issue.path.join('.')] ??= []).push(issue.message);
    throw new HttpError(400, 'invalid_query', 'Some filters are not valid.', fields);
  }
  const encoder = new TextEncoder();
  const events = auditEvents(ctx, filter.data);
  const csv = format.data === 'csv';
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      if (csv) controller.enqueue(encoder.encode(csvHeader()));
    },
    async pull(controller) {
      try {
        const { value, done } = await events.next();
        if (done) return controller.close();
        controller.enqueue(encoder.encode(csv ? csvLine(value) : jsonLine(value)));
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
});

export const POST = methodNotAllowed(['GET']);
