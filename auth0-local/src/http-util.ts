import type Koa from 'koa';
import * as querystring from 'node:querystring';
import { readRaw } from './oidc.js';

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
