// Auth0 role ids by name (org_admin, ...), read once per process.
import 'server-only';
import { call } from '@/lib/management/client';

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
