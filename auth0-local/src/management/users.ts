// /users, /users/{id}, /users-by-email, /users/{id}/organizations.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { hashPassword, type Connection, type User } from '../store';
import { type ApiRouter, type Ctx, type Env, guarded, isoNow, param } from './context';
import { ApiError, badRequest, conflict, noContent, notFoundErrors, projectFields, queryRequired, queryString, sendJson } from './http';
import { sendOffset } from './pagination';
import { gravatar, orgJson, userJson } from './serialize';
import { body, freeMetadata, httpUrl } from './validation';

const DEFAULT_MIN_PASSWORD_LENGTH = 10;

const profile = {
  email: z.email().optional(),
  email_verified: z.boolean().optional(),
  verify_email: z.boolean().optional(),
  given_name: z.string().min(1).max(150).optional(),
  family_name: z.string().min(1).max(150).optional(),
  name: z.string().min(1).max(300).optional(),
  nickname: z.string().min(1).max(300).optional(),
  picture: httpUrl.optional(),
  blocked: z.boolean().optional(),
  password: z.string().min(1).optional(),
};

const createSchema = z.strictObject({
  connection: z.string().min(1),
  user_id: z.string().min(1).max(255).optional(),
  app_metadata: freeMetadata.optional(),
  user_metadata: freeMetadata.optional(),
  ...profile,
});

const updateSchema = z.strictObject({
  connection: z.string().min(1).optional(),
  client_id: z.string().optional(),
  app_metadata: freeMetadata.nullable().optional(),
  user_metadata: freeMetadata.nullable().optional(),
  ...profile,
});

function minPasswordLength(conn: Connection): number {
  const opts = conn.options as { password_complexity_options?: { min_length?: unknown } };
  const n = opts.password_complexity_options?.min_length;
  return typeof n === 'number' && n > 0 ? n : DEFAULT_MIN_PASSWORD_LENGTH;
}

function checkPassword(conn: Connection, password: string): void {
  if (password.length < minPasswordLength(conn)) {
    throw new ApiError(400, 'PasswordStrengthError: Password is too weak', 'invalid_password');
  }
}

/** Auth0 merges metadata one level deep: top-level keys are set, `null` removes a key. */
function mergeMetadata(current: Record<string, unknown>, patch: Record<string, unknown> | null): Record<string, unknown> {
  if (patch === null) return {};
  const out = { ...current };
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = v;
  }
  return out;
}

// ---- a small subset of Auth0's Lucene user search ----

function tokenize(q: string): string[] {
  return q.match(/(?:[^\s"]+|"[^"]*")+/g) ?? [];
}

function fieldValue(u: User, field: string): unknown {
  if (field === 'connection' || field === 'identities.connection') return u.connection;
  if (field.startsWith('app_metadata.')) return u.app_metadata?.[field.slice(13)];
  if (field.startsWith('user_metadata.')) return u.user_metadata?.[field.slice(14)];
  return (u as unknown as Record<string, unknown>)[field];
}

function matches(actual: unknown, wanted: string): boolean {
  if (actual === undefined || actual === null) return false;
  const a = String(actual).toLowerCase();
  const w = wanted.toLowerCase();
  if (w === '*') return true;
  if (w.endsWith('*')) return a.startsWith(w.slice(0, -1));
  return a === w;
}

export function userSearch(q: string): (u: User) => boolean {
  const terms = tokenize(q).filter((t) => t !== 'AND');
  if (terms.includes('OR') || terms.includes('NOT')) {
    throw badRequest('Query validation error: only AND of field:value terms is supported by the local tenant.', 'invalid_query_string');
  }
  const tests = terms.map((term) => {
    const m = /^([a-zA-Z_.]+):(.*)$/.exec(term);
    const unquote = (s: string) => s.replace(/^"(.*)"$/, '$1');
    if (!m) {
      const text = unquote(term).toLowerCase().replace(/\*$/, '');
      return (u: User) => u.email.includes(text) || u.name.toLowerCase().includes(text);
    }
    const field = m[1]!;
    const value = unquote(m[2]!);
    return (u: User) => matches(fieldValue(u, field), value);
  });
  return (u) => tests.every((t) => t(u));
}

export function registerUsers(router: ApiRouter, env: Env): void {
  const { store } = env;

  const find = (id: string): User => {
    const u = store.userById(id);
    if (!u) throw notFoundErrors.user();
    return u;
  };

  router.post('/users', guarded('create:users', async (ctx: Ctx) => {
    const input = await body(ctx, createSchema);
    const conn = store.connectionByName(input.connection);
    if (!conn) throw badRequest('The connection does not exist.', 'inexistent_connection');
    if (conn.strategy !== 'auth0') {
      throw badRequest(`Users cannot be created in a connection of strategy ${conn.strategy} on this tenant.`, 'operation_not_supported');
    }
    if (!input.email) throw badRequest("Payload validation error: 'Missing required property: email'.", 'invalid_body');
    if (!input.password) throw badRequest("Payload validation error: 'Missing required property: password'.", 'invalid_body');
    checkPassword(conn, input.password);
    const email = input.email.toLowerCase();
    const localId = input.user_id ?? randomBytes(12).toString('hex');
    const userId = `auth0|${localId}`;
    if (store.userByEmailAndConnection(email, conn.name) || store.userById(userId)) {
      throw conflict('The user already exists.', 'auth0_idp_error');
    }
    const password_hash = await hashPassword(input.password);
    const now = isoNow(env);
    const user: User = {
      user_id: userId,
      email,
      email_verified: input.email_verified ?? false,
      name: input.name ?? email,
      nickname: input.nickname ?? email.split('@')[0]!,
      picture: input.picture ?? gravatar(email),
      ...(input.given_name ? { given_name: input.given_name } : {}),
      ...(input.family_name ? { family_name: input.family_name } : {}),
      connection: conn.name,
      password_hash,
      ...(input.blocked !== undefined ? { blocked: input.blocked } : {}),
      app_metadata: input.app_metadata ?? {},
      user_metadata: input.user_metadata ?? {},
      identities: [{ provider: 'auth0', user_id: localId, connection: conn.name, isSocial: false }],
      created_at: now,
      updated_at: now,
      logins_count: 0,
    };
    // hashPassword awaited above: re-check the duplicate inside the write so two racing creates cannot both win.
    store.mutate((s) => {
      if (s.users.some((u) => u.user_id === userId || (u.email === email && u.connection === conn.name))) {
        throw conflict('The user already exists.', 'auth0_idp_error');
      }
      s.users.push(user);
    });
    sendJson(ctx, 201, userJson(user));
  }));

  router.get('/users', guarded('read:users', (ctx: Ctx) => {
    const q = queryString(ctx, 'q');
    const connection = queryString(ctx, 'connection');
    const test = q ? userSearch(q) : () => true;
    const list = store.state.users
      .filter((u) => test(u) && (!connection || u.connection === connection))
      .sort((a, b) => (a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : a.user_id < b.user_id ? -1 : 1))
      .map((u) => projectFields(ctx, userJson(u), ['user_id']));
    sendOffset(ctx, 'users', list, 'users');
  }));

  router.get('/users-by-email', guarded('read:users', (ctx: Ctx) => {
    // An exact, case-sensitive match: Auth0 stores database users' addresses lower-cased, so a
    // query in another case finds nobody.
    // https://auth0.com/docs/manage-users/user-search/retrieve-users-with-get-users-by-email-endpoint
    const email = queryRequired(ctx, 'email');
    ctx.body = store.state.users.filter((u) => u.email === email).map((u) => projectFields(ctx, userJson(u), ['user_id']));
  }));

  router.get('/users/:id', guarded('read:users', (ctx: Ctx) => {
    ctx.body = projectFields(ctx, userJson(find(param(ctx, 'id'))), ['user_id']);
  }));

  router.get('/users/:id/organizations', guarded('read:organizations', (ctx: Ctx) => {
    const user = find(param(ctx, 'id'));
    sendOffset(ctx, 'organizations', store.orgsOfUser(user.user_id).map(orgJson));
  }));

  router.patch('/users/:id', guarded('update:users', async (ctx: Ctx) => {
    const input = await body(ctx, updateSchema);
    const user = find(param(ctx, 'id'));
    const conn = store.connectionByName(user.connection);
    const email = input.email?.toLowerCase();
    if (email && email !== user.email && store.userByEmailAndConnection(email, user.connection)) {
      throw badRequest('The specified new email already exists', 'email_exists');
    }
    let password_hash: string | undefined;
    if (input.password !== undefined) {
      if (!conn || conn.strategy !== 'auth0') throw badRequest('Cannot update password of a user in a non-database connection.', 'operation_not_supported');
      checkPassword(conn, input.password);
      password_hash = await hashPassword(input.password);
    }
    const updated = store.mutate((s) => {
      const u = s.users.find((x) => x.user_id === user.user_id);
      if (!u) throw notFoundErrors.user();
      if (email !== undefined) {
        u.email = email;
        // Auth0 marks a changed email unverified unless the caller says otherwise.
        if (email !== user.email && input.email_verified === undefined) u.email_verified = false;
      }
      if (input.email_verified !== undefined) u.email_verified = input.email_verified;
      for (const k of ['given_name', 'family_name', 'name', 'nickname', 'picture'] as const) {
        if (input[k] !== undefined) u[k] = input[k];
      }
      if (input.blocked !== undefined) u.blocked = input.blocked;
      if (password_hash) u.password_hash = password_hash;
      if (input.app_metadata !== undefined) u.app_metadata = mergeMetadata(u.app_metadata ?? {}, input.app_metadata);
      if (input.user_metadata !== undefined) u.user_metadata = mergeMetadata(u.user_metadata ?? {}, input.user_metadata);
      u.updated_at = isoNow(env);
      return u;
    });
    ctx.body = userJson(updated);
  }));

  // https://auth0.com/docs/api/management/v2/users/delete-sessions-for-user (delete:sessions):
  // every session of the user ends; "Session deletion request accepted" is a 202 without body.
  // Refresh tokens are a separate resource (DELETE /users/{id}/refresh-tokens) and stay.
  router.delete('/users/:id/sessions', guarded('delete:sessions', async (ctx: Ctx) => {
    const user = find(param(ctx, 'id'));
    await env.endSessionsOfUser?.(user.user_id);
    // An empty string, not null: Koa turns a null body into 204.
    ctx.status = 202;
    ctx.body = '';
  }));

  router.delete('/users/:id', guarded('delete:users', (ctx: Ctx) => {
    const user = find(param(ctx, 'id'));
    store.mutate((s) => {
      s.users = s.users.filter((u) => u.user_id !== user.user_id);
      s.members = s.members.filter((m) => m.user_id !== user.user_id);
      s.authenticationMethods = s.authenticationMethods.filter((m) => m.user_id !== user.user_id);
      s.tickets = s.tickets.filter((t) => t.user_id !== user.user_id);
    });
    noContent(ctx);
  }));
}
