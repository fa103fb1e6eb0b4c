import type Koa from 'koa';
import * as querystring from 'node:querystring';

/** Reads a form (or JSON) body into a flat string record. */
export async function readForm(ctx: Koa.Context): Promise<Record<string, string>> {
  const raw = await readRaw(ctx.req, 64 * 1024);
  let parsed: Record<string, unknown> = {};
  if (/^application\/json/i.test(ctx.get('content-type'))) {
    try { parsed = raw.trim() ? JSON.parse(raw) as Record<string, unknown> : {}; } catch { parsed = {}; }
  } else {
    parsed = querystring.parse(raw) as Record<string, unknown>;
  }
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(parsed ?? {})) {
    if (Array.isArray(v)) out[k] = String(v[0] ?? '');
    else if (v !== undefined && v !== null) out[k] = String(v);
  }
  return out;
}

export function html(ctx: Koa.Context, status: number, body: string): void {
  ctx.status = status;
  ctx.type = 'html';
  ctx.set('cache-control', 'no-store');
  ctx.body = body;
}

/** The raw request body as text, refused beyond `limit` bytes. */
export async function readRaw(req: NodeJS.ReadableStream & { readable?: boolean }, limit = 256 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buf.length;
    if (size > limit) throw new Error('request entity too large');
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}
