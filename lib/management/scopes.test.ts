// The Management API scopes are derived from the calls the code makes: a call to a method that
// is not listed (or a listed method nobody calls) fails here, and the grants that exist in the
// local tenant's seed and in the README must be exactly the derived ones.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, test } from 'vitest';
import { APP_METHODS, APP_SCOPES, METHOD_SCOPES, PROVISION_FILES, PROVISION_METHODS, PROVISION_SCOPES, scopesFor } from '@/lib/management/scopes';

const ROOT = join(import.meta.dirname, '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

/** `api.<method>(` call sites, per file, in the files that use the Management API client. */
function managementCalls(): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const path of [...sourceFiles(join(ROOT, 'lib')), ...sourceFiles(join(ROOT, 'app'))]) {
    const file = relative(ROOT, path);
    const text = readFileSync(path, 'utf8');
    if (!text.includes('@/lib/management/client') && !PROVISION_FILES.includes(file)) continue;
    for (const m of text.matchAll(/\bapi\s*\.\s*([a-zA-Z]+(?:\s*\.\s*[a-zA-Z]+)*)\s*\(/g)) {
      const method = m[1]!.replace(/\s+/g, '');
      if (!out.has(file)) out.set(file, new Set());
      out.get(file)!.add(method);
    }
  }
  return out;
}

const sorted = (xs: Iterable<string>) => [...new Set(xs)].sort();

describe('Management API scopes', () => {
  const calls = managementCalls();
  const called = (provision: boolean) => sorted([...calls].filter(([file]) => PROVISION_FILES.includes(file) === provision).flatMap(([, m]) => [...m]));

  test('every method the app calls is in APP_METHODS, and nothing else is (lib/management/scopes.ts)', () => {
    expect(calls.size).toBeGreaterThan(5); // the scan finds the call sites at all
    expect(called(false)).toEqual(sorted(APP_METHODS));
  });

  test('every method provisioning calls is in PROVISION_METHODS, and nothing else is', () => {
    expect(called(true)).toEqual(sorted(PROVISION_METHODS));
  });

  test('only the gateway (lib/management) reaches the Management API: features import none of its transport', () => {
    expect([...calls.keys()].filter((file) => !file.startsWith('lib/management/'))).toEqual([]);
    const transport = new Set(['call', 'callWith', 'management']);
    const reaching = [...sourceFiles(join(ROOT, 'lib')), ...sourceFiles(join(ROOT, 'app'))]
      .map((path) => relative(ROOT, path))
      .filter((file) => !file.startsWith('lib/management/'))
      .filter((file) => {
        const text = readFileSync(join(ROOT, file), 'utf8');
        return [...text.matchAll(/import\s*\{([^}]*)\}\s*from\s*'@\/lib\/management\/client'/g)].some((m) =>
          m[1]!.split(',').some((name) => transport.has(name.trim().split(/\s+as\s+/)[0]!)),
        ) || /from\s*'auth0'/.test(text);
      });
    expect(reaching).toEqual([]);
  });

  test('each listed method has its scopes; an unknown one is an error', () => {
    for (const m of [...APP_METHODS, ...PROVISION_METHODS]) expect(METHOD_SCOPES[m]?.length).toBeGreaterThan(0);
    expect(() => scopesFor(['organizations.somethingNew'])).toThrow(/add it to METHOD_SCOPES/);
  });

  test('the app reads and writes connection options, so it holds both *_connections_options scopes', () => {
    expect(APP_SCOPES).toEqual(expect.arrayContaining(['read:connections_options', 'update:connections_options']));
  });

  test('the local tenant seeds exactly the derived grants', () => {
    const config = JSON.parse(readFileSync(join(ROOT, 'auth0-local/tenant.config.json'), 'utf8')) as { client_grants: { client_id: string; audience: string; scope: string[] }[] };
    const grant = (id: string) => sorted(config.client_grants.find((g) => g.client_id === id && g.audience === '$MANAGEMENT_API')!.scope);
    expect(grant('tenantry-local-m2m')).toEqual([...APP_SCOPES]);
    expect(grant('tenantry-local-provisioner')).toEqual([...PROVISION_SCOPES]);
  });

  test('the README lists the provisioning scopes exactly', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const block = /<!-- provision-scopes -->\s*```\s*([^`]*)```/.exec(readme);
    expect(block, 'README: the fenced list after <!-- provision-scopes -->').toBeTruthy();
    expect(sorted(block![1]!.split(/\s+/).filter(Boolean))).toEqual([...PROVISION_SCOPES]);
  });
});
