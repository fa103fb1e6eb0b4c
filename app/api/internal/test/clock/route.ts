// Browser tests only (app/api/internal/test/hooks.ts): moves the session clock
// (lib/core/clock.ts) of this process, so a test proves an idle timeout without waiting.
import { z } from 'zod';
import { setClockOffset } from '@/lib/core/clock';
import { badRequest, jsonBody, refuseTestHook } from '@/app/api/internal/test/hooks';

export const dynamic = 'force-dynamic';

const DAY = 24 * 60 * 60_000;
const body = z.object({ offsetMs: z.number().int().min(-DAY).max(7 * DAY) });

export async function POST(request: Request) {
  const refused = await refuseTestHook(request);
  if (refused) return refused;
  const parsed = body.safeParse(await jsonBody(request));
  if (!parsed.success) return badRequest('Send {"offsetMs": <whole milliseconds, at most 7 days>}.');
  setClockOffset(parsed.data.offsetMs);
  return Response.json({ offsetMs: parsed.data.offsetMs });
}
