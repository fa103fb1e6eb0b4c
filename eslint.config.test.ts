// The import boundaries in eslint.config.mjs, proved: each rule refuses a file that crosses
// it and lets the one home of the concern through. If a rule is deleted or its pattern stops
// matching, the matching "refuses" case fails.
import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';

const eslint = new ESLint({ cwd: process.cwd() });

async function restrictedImports(filePath: string, specifier: string, names?: string[]): Promise<string[]> {
  const code = names ? `import { ${names.join(', ')} } from '${specifier}';\nexport { ${names.join(', ')} };\n` : `import x from '${specifier}';\nexport default x;\n`;
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

const cases: { what: string; specifier: string; refused: string[]; allowed: string[] }[] = [
  {
    what: 'the Prisma client',
    specifier: '@/lib/db/client',
    refused: ['lib/admin/members.ts', 'lib/scim/users.ts', 'lib/auth/authorize.ts', 'app/api/health/route.ts', 'middleware.ts', 'scripts/dev.ts'],
    allowed: ['lib/data/projects.ts', 'lib/db/migrate.ts', 'lib/admin/members.test.ts', 'lib/testing/world.ts'],
  },
  { what: 'the generated Prisma types', specifier: '@/lib/db/generated/client', refused: ['lib/sso/connections.ts', 'lib/management/members.ts'], allowed: ['lib/data/audit.ts'] },
  { what: 'Prisma by package name', specifier: '@prisma/client', refused: ['lib/tenancy/provisioning.ts'], allowed: ['lib/db/client.ts'] },
  { what: 'a relative path to the Prisma client', specifier: '../db/client', refused: ['lib/scim/tokens.ts'], allowed: ['lib/data/scim-tokens.ts'] },
  { what: 'the Management API SDK', specifier: 'auth0', refused: ['lib/admin/invitations.ts', 'lib/data/projects.ts', 'app/tenant/page.tsx'], allowed: ['lib/management/client.ts', 'lib/auth/bearer.ts'] },
  { what: 'the raw Management API transport', specifier: '@/lib/management/client', refused: ['lib/admin/organization.ts', 'lib/sso/just-in-time.ts', 'app/select-organization/page.tsx'], allowed: ['lib/management/members.ts'] },
  { what: 'the Auth0 Next.js SDK', specifier: '@auth0/nextjs-auth0/server', refused: ['app/tenant/page.tsx', 'lib/tenancy/current.ts', 'middleware.ts'], allowed: ['lib/auth/auth0.ts'] },
  { what: 'the local Auth0 tenant', specifier: '@/auth0-local/src/server', refused: ['lib/sso/connections.ts', 'app/page.tsx', 'lib/auth/auth0.ts'], allowed: ['lib/testing/world.ts', 'lib/sso/connections.test.ts'] },
  { what: 'test support', specifier: '@/lib/testing/database', refused: ['lib/admin/members.ts', 'app/tenant/page.tsx'], allowed: ['lib/admin/members.test.ts'] },
  { what: 'vitest', specifier: 'vitest', refused: ['lib/admin/members.ts'], allowed: ['lib/testing/world.ts'] },
];

describe('import boundaries (eslint.config.mjs)', () => {
  it('lib/data keeps its cross-tenant and raw-transaction helpers to itself; withTenant is for everyone', async () => {
    for (const name of ['acrossTenants', 'transactionOf']) {
      expect(await restrictedImports('lib/sso/domains.ts', '@/lib/data/scope', [name]), name).toHaveLength(1);
      expect(await restrictedImports('app/tenant/page.tsx', '@/lib/data/scope', [name]), name).toHaveLength(1);
      expect(await restrictedImports('lib/data/directory.ts', '@/lib/data/scope', [name]), name).toEqual([]);
    }
    expect(await restrictedImports('lib/sso/domains.ts', '@/lib/data/scope', ['withTenant'])).toEqual([]);
  });
  it('features may import the Management API errors they show', async () => {
    expect(await restrictedImports('lib/tenancy/provisioning.ts', '@/lib/management/errors', ['ManagementApiError'])).toEqual([]);
  });

  for (const c of cases) {
    it(`${c.what}: refused in ${c.refused.join(', ')}; allowed in ${c.allowed.join(', ')}`, async () => {
      for (const file of c.refused) expect(await restrictedImports(file, c.specifier), file).toHaveLength(1);
      for (const file of c.allowed) expect(await restrictedImports(file, c.specifier), file).toEqual([]);
    });
  }
});
