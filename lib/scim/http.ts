// Route handler plumbing for the SCIM endpoints: authenticate the bearer token for this
// host's organization, read JSON bodies, page parameters, and turn every failure into a
// SCIM error response.
import 'server-only';
import { authenticateScim, type ScimContext } from '@/lib/scim/auth';
import { badRequest, notFound, ScimError, scimErrorResponse } from '@/lib/scim/errors';
import { DEFAULT_COUNT, MAX_RESULTS } from '@/lib/scim/schemas';

const MAX_BODY_BYTES = 1_000_000;

type Handler<P> = (sc: ScimContext, request: Request, params: P) => Promise<Response>;

export function scimRoute<P = Record<string, never>>(handler: Handler<P>) {
  return async (request: Request, route: { params: Promise<P> }): Promise<Response> => {
    try {
      const sc = await authenticateScim(request);
      const params = await route.params;
      // No stored id holds a NUL (the database cannot store one): not found, not a database error.
      if (Object.values(params ?? {}).some((v) => typeof v === 'string' && v.includes('\u0000'))) throw notFound('Resource');
      return await handler(sc, request, params);
    } catch (error) {
      return scimErrorResponse(error);
    }
  };
}

/** The request body as a JSON object, or a SCIM 400. */
export async function readScimBody(request: Request): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await request.text();
  } catch {
    throw badRequest('invalidSyntax', 'The request body could not be read.');
  }
  if (text.length > MAX_BODY_BYTES) throw new ScimError(413, `The request body is larger than ${MAX_BODY_BYTES} bytes.`);
  if (!text.trim()) throw badRequest('invalidSyntax', 'The request body is empty; send a JSON object.');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw badRequest('invalidSyntax', 'The request body is not valid JSON.');
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw badRequest('invalidSyntax', 'The request body must be a JSON object.');
  // JSON can only carry a NUL as the escape \u0000 (not itself escaped): the database cannot store one.
  if (/(?:^|[^\\])(?:\\\\)*\\u0000/.test(text)) throw badRequest('invalidValue', 'Text in the request body must not contain NUL characters.');
  return body as Record<string, unknown>;
}

export interface ListParams {
  filter?: string;
  startIndex: number;
  count: number;
  attributes?: string;
  excludedAttributes?: string;
}

function integer(params: URLSearchParams, name: string): number | undefined {
  const raw = params.get(name);
  if (raw === null || raw.trim() === '') return undefined;
  if (!/^-?\d{1,9}$/.test(raw.trim())) throw badRequest('invalidValue', `${name} must be a whole number.`);
  return Number(raw);
}

/** filter, startIndex (1-based, default 1) and count (default 100, at most 200). */
export function listParams(url: string): ListParams {
  const params = new URL(url).searchParams;
  const startIndex = Math.max(1, integer(params, 'startIndex') ?? 1);
  const count = Math.min(MAX_RESULTS, Math.max(0, integer(params, 'count') ?? DEFAULT_COUNT));
  const filter = params.get('filter') ?? undefined;
  if (filter !== undefined && !filter.trim()) throw badRequest('invalidFilter', 'The filter is empty.');
  if (filter?.includes('\u0000')) throw badRequest('invalidFilter', 'The filter must not contain NUL characters.');
  return { filter, startIndex, count, ...projection(url) };
}

/** attributes / excludedAttributes, also allowed on single-resource reads. */
export function projection(url: string): { attributes?: string; excludedAttributes?: string } {
  const params = new URL(url).searchParams;
  const attributes = params.get('attributes')?.trim() || undefined;
  const excludedAttributes = params.get('excludedAttributes')?.trim() || undefined;
  return { attributes, excludedAttributes };
}
