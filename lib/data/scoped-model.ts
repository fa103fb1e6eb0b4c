// A Prisma model delegate narrowed to one tenant: every read, update and delete gets the
// tenant in its `where`, every create gets it in its `data` (a different tenant there is a
// bug and throws). Built only by lib/data/scope.ts, so feature code cannot hold an
// unscoped delegate. Postgres row-level security (prisma/migrations/*_row_level_security)
// enforces the same rule a second time, in the database.

/** Methods that take a `where`: the tenant is added to it (Prisma accepts extra fields on unique lookups). */
const FILTERED = new Set(['findFirst', 'findFirstOrThrow', 'findMany', 'findUnique', 'findUniqueOrThrow', 'count', 'aggregate', 'groupBy', 'update', 'updateMany', 'delete', 'deleteMany']);
const CREATES = new Set(['create', 'createMany', 'createManyAndReturn']);

export class CrossTenantWrite extends Error {
  constructor(model: string) {
    super(`A ${model} write named another tenant than the one this transaction is scoped to.`);
    this.name = 'CrossTenantWrite';
  }
}

type Row = Record<string, unknown>;

function stamp(model: string, column: string, tenantId: string, data: unknown): Row {
  const row = { ...(data as Row) };
  if (row[column] !== undefined && row[column] !== tenantId) throw new CrossTenantWrite(model);
  row[column] = tenantId;
  return row;
}

function keepTenant(model: string, column: string, tenantId: string, data: unknown): unknown {
  const row = data as Row | undefined;
  if (row && row[column] !== undefined && row[column] !== tenantId) throw new CrossTenantWrite(model);
  return data;
}

function scopeArgs(model: string, method: string, column: string, tenantId: string, args: Row = {}): Row {
  if (FILTERED.has(method)) {
    const scoped: Row = { ...args, where: { ...(args.where as Row | undefined), [column]: tenantId } };
    if ('data' in args) scoped.data = keepTenant(model, column, tenantId, args.data);
    return scoped;
  }
  if (CREATES.has(method)) {
    const data = Array.isArray(args.data) ? args.data.map((d) => stamp(model, column, tenantId, d)) : stamp(model, column, tenantId, args.data);
    return { ...args, data };
  }
  if (method === 'upsert') {
    return {
      ...args,
      where: { ...(args.where as Row), [column]: tenantId },
      create: stamp(model, column, tenantId, args.create),
      update: keepTenant(model, column, tenantId, args.update),
    };
  }
  throw new Error(`${model}.${method} is not available on a tenant-scoped model.`);
}

/** `delegate` with `column` (tenantId, or id for the Organization row itself) pinned to `tenantId`. */
export function scopedModel<D extends object>(model: string, delegate: D, column: string, tenantId: string): D {
  return new Proxy(delegate, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof prop !== 'string' || typeof value !== 'function') return value;
      return (args?: Row) => (value as (a: Row) => unknown).call(target, scopeArgs(model, prop, column, tenantId, args));
    },
  });
}
