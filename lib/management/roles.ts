// Auth0 role ids by name (org_admin, ...), read once per process.
import 'server-only';
import { call } from '@/lib/management/client';
import { DomainError } from '@/lib/core/errors';

let cached: Promise<Map<string, string>> | undefined;

export function roleIdsByName(): Promise<Map<string, string>> {
  cached ??= call(async (api) => {
    const map = new Map<string, string>();
    let page = await api.roles.list({ per_page: 100 });
    for (;;) {
      for (const role of page.data) if (role.id && role.name) map.set(role.name, role.id);
      if (!page.hasNextPage()) break;
      page = await page.getNextPage();
    }
    return map;
  }).catch((error) => {
    cached = undefined;
    throw error;
  });
  return cached;
}

/** Auth0 role ids for these role names, in order; `missing(name)` is thrown for a name Auth0 lacks. */
export async function roleIdsOf(names: readonly string[], missing: (name: string) => Error): Promise<string[]> {
  const ids = await roleIdsByName();
  return names.map((name) => {
    const id = ids.get(name);
    if (!id) {
      cached = undefined; // read again next time: someone may run the provisioning meanwhile
      throw missing(name);
    }
    return id;
  });
}

/** A Tenantry role Auth0 does not have: the tenant was not provisioned. */
export class MissingRole extends DomainError {
  constructor(readonly role: string) {
    super(`The role ${role} is missing in Auth0. Run npm run auth0:provision.`);
    this.name = 'MissingRole';
  }
}

export const missingRole = (name: string): MissingRole => new MissingRole(name);

/** Role names for Auth0 role ids (an id Auth0 does not know stays as it is). */
export async function roleNamesOf(ids: readonly string[]): Promise<string[]> {
  const byId = new Map([...(await roleIdsByName())].map(([name, id]) => [id, name]));
  return ids.map((id) => byId.get(id) ?? id);
}
