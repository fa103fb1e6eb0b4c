// The Actions part of the Management API: create, list, read and update an Action (a draft),
// deploy it (a new immutable version, the one that runs), and bind deployed Actions to a
// trigger. The login runs the deployed versions bound to post-login (../actions.ts).
// Docs: https://auth0.com/docs/api/management/v2/actions/post-action, .../get-actions,
// .../get-action, .../patch-action, .../post-deploy-action, .../get-bindings, .../patch-bindings
// Scopes as documented: read:actions (GET), create:actions (create, deploy), update:actions
// (PATCH action, PATCH bindings).
import { z } from 'zod';
import { ActionBuildError, loadActionCode } from '../actions';
import { newId, type Action, type ActionSecret, type ActionVersion, type TenantState, type TriggerBinding } from '../store';
import { type ApiRouter, type Ctx, type Env, guarded, isoNow, param } from './context';
import { ApiError, badRequest, conflict, notFound, queryBool, queryInt, queryString, sendJson } from './http';
import { body } from './validation';

/** The trigger ids Auth0 knows (ActionTriggerTypeEnum); only post-login runs on this tenant. */
const TRIGGERS = [
  'post-login', 'credentials-exchange', 'pre-user-registration', 'post-user-registration', 'post-change-password',
  'send-phone-message', 'custom-phone-provider', 'custom-email-provider', 'password-reset-post-challenge',
  'custom-token-exchange', 'event-stream', 'password-hash-migration', 'login-post-identifier',
  'signup-post-identifier', 'post-credential-validation',
] as const;
/** The current post-login trigger version (https://auth0.com/docs/customize/actions/explore-triggers/signup-and-login-triggers/login-trigger). */
const DEFAULT_TRIGGER_VERSION = 'v3';
/** Auth0's default Actions runtime ("defaults to node22"). */
const DEFAULT_RUNTIME = 'node22';

const trigger = z.object({ id: z.enum(TRIGGERS), version: z.string().min(1).optional() });
const dependency = z.strictObject({ name: z.string().min(1), version: z.string().min(1), registry_url: z.string().optional() });
const secret = z.strictObject({ name: z.string().min(1).max(255), value: z.string().optional() });
const editable = {
  name: z.string().min(1).max(255),
  // "At this time, an action can only target a single trigger at a time."
  supported_triggers: z.array(trigger).min(1).max(1),
  code: z.string().max(100 * 1024),
  dependencies: z.array(dependency),
  runtime: z.enum(['node18', 'node22']),
  secrets: z.array(secret),
};
const createSchema = z.strictObject({
  ...editable,
  code: editable.code.optional(),
  dependencies: editable.dependencies.optional(),
  runtime: editable.runtime.optional(),
  secrets: editable.secrets.optional(),
  deploy: z.boolean().optional(),
});
const updateSchema = z.strictObject({
  name: editable.name.optional(),
  supported_triggers: editable.supported_triggers.optional(),
  code: editable.code.optional(),
  dependencies: editable.dependencies.optional(),
  runtime: editable.runtime.optional(),
  secrets: editable.secrets.optional(),
});
const bindingsSchema = z.strictObject({
  bindings: z.array(z.strictObject({
    ref: z.strictObject({ type: z.enum(['action_id', 'action_name', 'binding_id']), value: z.string().min(1) }),
    display_name: z.string().min(1).max(255).optional(),
    secrets: z.array(secret).optional(),
  })).max(20),
});

// ---- wire shapes (secret values are never returned) ----

const secretsJson = (list: ActionSecret[]) => list.map((s) => ({ name: s.name, updated_at: s.updated_at }));
const triggersJson = (a: Action) => a.supported_triggers.map((t) => ({ id: t.id, version: t.version }));

function actionBaseJson(a: Action) {
  return { id: a.id, name: a.name, supported_triggers: triggersJson(a), all_changes_deployed: a.all_changes_deployed, created_at: a.created_at, updated_at: a.updated_at };
}

function versionJson(a: Action, v: ActionVersion) {
  return {
    id: v.id, action_id: a.id, code: v.code, dependencies: v.dependencies, deployed: v === a.versions.at(-1),
    runtime: v.runtime, secrets: secretsJson(v.secrets), status: 'built', number: v.number, errors: [],
    action: actionBaseJson(a), built_at: v.created_at, created_at: v.created_at, updated_at: v.created_at,
    supported_triggers: triggersJson(a),
  };
}

export function actionJson(a: Action) {
  const deployed = a.versions.at(-1);
  return {
    ...actionBaseJson(a),
    code: a.code, dependencies: a.dependencies, runtime: a.runtime, secrets: secretsJson(a.secrets),
    ...(deployed ? { deployed_version: versionJson(a, deployed) } : {}),
    status: 'built', built_at: a.updated_at,
  };
}

function bindingJson(state: TenantState, b: TriggerBinding) {
  const a = state.actions.find((x) => x.id === b.action_id)!;
  return { id: b.id, trigger_id: b.trigger_id, display_name: b.display_name, action: actionJson(a), created_at: b.created_at, updated_at: b.updated_at };
}

// ---- changes shared with the seed (which binds the configured Action files at start) ----

/** Secrets as given: a value sets it; an entry without a value keeps the current value. */
function mergeSecrets(current: ActionSecret[], given: z.infer<typeof secret>[], nowIso: string): ActionSecret[] {
  return given.map((s) => {
    if (s.value !== undefined) return { name: s.name, value: s.value, updated_at: nowIso };
    const kept = current.find((c) => c.name === s.name);
    if (!kept) throw badRequest(`Payload validation error: 'Missing required property: value' on property secrets (${s.name}).`);
    return kept;
  });
}

export function newAction(input: { name: string; code: string; trigger: string; runtime?: string; secrets?: ActionSecret[] }, nowIso: string): Action {
  return {
    id: newId.uuid(), name: input.name, supported_triggers: [{ id: input.trigger, version: DEFAULT_TRIGGER_VERSION }],
    code: input.code, runtime: input.runtime ?? DEFAULT_RUNTIME, secrets: input.secrets ?? [], dependencies: [],
    all_changes_deployed: false, versions: [], created_at: nowIso, updated_at: nowIso,
  };
}

/**
 * A new immutable version from the draft. Auth0 builds every version; code that does not load
 * as a CommonJS Action (TypeScript, ESM `export`, a syntax error, no onExecutePostLogin) cannot
 * run there, so this tenant refuses to deploy it and nothing changes.
 */
export function deployAction(a: Action, nowIso: string): ActionVersion {
  try {
    if (a.supported_triggers[0]?.id === 'post-login') loadActionCode(a.code, a.name);
  } catch (err) {
    if (err instanceof ActionBuildError) throw badRequest(`The action could not be built: ${err.message}`, 'invalid_body');
    throw err;
  }
  const version: ActionVersion = {
    id: newId.uuid(), number: a.versions.length + 1, code: a.code, runtime: a.runtime,
    secrets: structuredClone(a.secrets), dependencies: structuredClone(a.dependencies), created_at: nowIso,
  };
  a.versions.push(version);
  a.all_changes_deployed = true;
  a.updated_at = nowIso;
  return version;
}

/** Appends a binding of `a` to the trigger unless it is bound already. */
export function bindAction(state: TenantState, a: Action, triggerId: string, nowIso: string): void {
  if (state.triggerBindings.some((b) => b.trigger_id === triggerId && b.action_id === a.id)) return;
  state.triggerBindings.push({ id: newId.uuid(), trigger_id: triggerId, action_id: a.id, display_name: a.name, created_at: nowIso, updated_at: nowIso });
}

// ---- routes ----

const actionNotFound = () => notFound('The action does not exist.', 'not_found');

function triggerParam(ctx: Ctx): string {
  const id = param(ctx, 'triggerId');
  if (!(TRIGGERS as readonly string[]).includes(id)) {
    throw new ApiError(400, `Path validation error: 'No enum match for: "${id}"' on property triggerId.`, 'invalid_uri');
  }
  return id;
}

export function registerActions(router: ApiRouter, env: Env): void {
  const { store } = env;
  const find = (id: string): Action => {
    const a = store.state.actions.find((x) => x.id === id);
    if (!a) throw actionNotFound();
    return a;
  };
  const nameTaken = (state: TenantState, name: string, except?: string) => state.actions.some((a) => a.name === name && a.id !== except);
  const paging = (ctx: Ctx) => ({ page: queryInt(ctx, 'page', { min: 0, def: 0 }), perPage: queryInt(ctx, 'per_page', { min: 1, max: 100, def: 20 }) });

  router.get('/actions/actions', guarded('read:actions', (ctx: Ctx) => {
    const triggerId = queryString(ctx, 'triggerId');
    const actionName = queryString(ctx, 'actionName');
    const deployedOnly = queryBool(ctx, 'deployed', false);
    const { page, perPage } = paging(ctx);
    const list = store.state.actions.filter((a) =>
      (!triggerId || a.supported_triggers.some((t) => t.id === triggerId)) &&
      (!actionName || a.name === actionName) &&
      (!deployedOnly || a.versions.length > 0));
    ctx.body = { actions: list.slice(page * perPage, (page + 1) * perPage).map(actionJson), total: list.length, page, per_page: perPage };
  }));

  router.post('/actions/actions', guarded('create:actions', async (ctx: Ctx) => {
    const input = await body(ctx, createSchema);
    const nowIso = isoNow(env);
    const created = store.mutate((s) => {
      if (nameTaken(s, input.name)) throw conflict(`An action with the name ${input.name} already exists.`, 'conflict');
      const a = newAction({ name: input.name, code: input.code ?? '', trigger: input.supported_triggers[0]!.id, runtime: input.runtime, secrets: mergeSecrets([], input.secrets ?? [], nowIso) }, nowIso);
      a.supported_triggers = input.supported_triggers.map((t) => ({ id: t.id, version: t.version ?? DEFAULT_TRIGGER_VERSION }));
      a.dependencies = input.dependencies?.map((d) => ({ name: d.name, version: d.version })) ?? [];
      if (input.deploy) deployAction(a, nowIso);
      s.actions.push(a);
      return a;
    });
    sendJson(ctx, 201, actionJson(created));
  }));

  router.get('/actions/actions/:id', guarded('read:actions', (ctx: Ctx) => {
    ctx.body = actionJson(find(param(ctx, 'id')));
  }));

  router.patch('/actions/actions/:id', guarded('update:actions', async (ctx: Ctx) => {
    const input = await body(ctx, updateSchema);
    const id = find(param(ctx, 'id')).id;
    const nowIso = isoNow(env);
    const updated = store.mutate((s) => {
      const a = s.actions.find((x) => x.id === id)!;
      if (input.name !== undefined && nameTaken(s, input.name, id)) throw conflict(`An action with the name ${input.name} already exists.`, 'conflict');
      if (input.name !== undefined) a.name = input.name;
      if (input.supported_triggers) a.supported_triggers = input.supported_triggers.map((t) => ({ id: t.id, version: t.version ?? DEFAULT_TRIGGER_VERSION }));
      if (input.code !== undefined) a.code = input.code;
      if (input.runtime !== undefined) a.runtime = input.runtime;
      if (input.dependencies) a.dependencies = input.dependencies.map((d) => ({ name: d.name, version: d.version }));
      if (input.secrets) a.secrets = mergeSecrets(a.secrets, input.secrets, nowIso);
      // "updating it will not affect any user flows until the action is deployed"
      a.all_changes_deployed = false;
      a.updated_at = nowIso;
      return a;
    });
    ctx.body = actionJson(updated);
  }));

  router.post('/actions/actions/:id/deploy', guarded('create:actions', (ctx: Ctx) => {
    const id = find(param(ctx, 'id')).id;
    const nowIso = isoNow(env);
    const result = store.mutate((s) => {
      const a = s.actions.find((x) => x.id === id)!;
      return versionJson(a, deployAction(a, nowIso));
    });
    sendJson(ctx, 202, result);
  }));

  router.get('/actions/triggers/:triggerId/bindings', guarded('read:actions', (ctx: Ctx) => {
    const triggerId = triggerParam(ctx);
    const { page, perPage } = paging(ctx);
    const list = store.state.triggerBindings.filter((b) => b.trigger_id === triggerId);
    ctx.body = { bindings: list.slice(page * perPage, (page + 1) * perPage).map((b) => bindingJson(store.state, b)), total: list.length, page, per_page: perPage };
  }));

  // Replaces the trigger's bindings with the given list, in execution order.
  router.patch('/actions/triggers/:triggerId/bindings', guarded('update:actions', async (ctx: Ctx) => {
    const triggerId = triggerParam(ctx);
    const input = await body(ctx, bindingsSchema);
    const nowIso = isoNow(env);
    const result = store.mutate((s) => {
      const current = s.triggerBindings.filter((b) => b.trigger_id === triggerId);
      const next: TriggerBinding[] = input.bindings.map((entry) => {
        const { type, value } = entry.ref;
        let existing: TriggerBinding | undefined;
        let action: Action | undefined;
        if (type === 'binding_id') {
          existing = current.find((b) => b.id === value);
          action = existing && s.actions.find((a) => a.id === existing!.action_id);
        } else {
          action = s.actions.find((a) => (type === 'action_id' ? a.id === value : a.name === value));
          existing = action && current.find((b) => b.action_id === action!.id);
        }
        if (!action) throw badRequest(`Binding ref ${type} ${value} does not match any action.`);
        if (!action.supported_triggers.some((t) => t.id === triggerId)) throw badRequest(`Action ${action.name} does not support the ${triggerId} trigger.`);
        // "Once an action is created and deployed, it must be attached (i.e. bound) to a trigger"
        if (action.versions.length === 0) throw badRequest(`Action ${action.name} has not been deployed; deploy it before binding it.`);
        if (entry.secrets?.length) action.secrets = mergeSecrets(action.secrets, entry.secrets, nowIso);
        const display = entry.display_name ?? existing?.display_name ?? action.name;
        return existing
          ? { ...existing, display_name: display, updated_at: existing.display_name === display ? existing.updated_at : nowIso }
          : { id: newId.uuid(), trigger_id: triggerId, action_id: action.id, display_name: display, created_at: nowIso, updated_at: nowIso };
      });
      if (new Set(next.map((b) => b.action_id)).size !== next.length) throw badRequest('An action can be bound to a trigger only once.');
      s.triggerBindings = [...s.triggerBindings.filter((b) => b.trigger_id !== triggerId), ...next];
      return next.map((b) => bindingJson(s, b));
    });
    ctx.body = { bindings: result };
  }));
}
