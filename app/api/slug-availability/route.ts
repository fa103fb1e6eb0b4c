// Live check of a subdomain while someone types it on the sign-up form.
import { checkSlug } from '@/lib/tenancy/provisioning';

export const dynamic = 'force-dynamic';

export async function GET(request: Request) {
  const slug = new URL(request.url).searchParams.get('slug')?.trim().toLowerCase() ?? '';
  if (!slug) return Response.json({ error: 'invalid_query', message: 'Pass ?slug=' }, { status: 400 });
  return Response.json(await checkSlug(slug), { headers: { 'cache-control': 'no-store' } });
}
