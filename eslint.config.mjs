// ESLint: typescript-eslint and the Next.js rules, plus the import boundaries that keep one
// home per concern (README "Architecture"). `npm run lint`; `npm test` runs it first.
// lib/lint/boundaries.test.ts proves each boundary rule fails a file that crosses it.
import tseslint from 'typescript-eslint';
import nextPlugin from '@next/eslint-plugin-next';

const TESTS = ['**/*.test.ts', '**/*.test.tsx', 'e2e/**', 'lib/testing/**', 'auth0-local/testing/**', 'auth0-local/test/**'];

/** An import-path rule: `regex` is matched against the import string as written. */
const only = (regex, message) => ({ regex, message });

// Each boundary: what may not be imported, and by whom it may.
const PRISMA = only('(^|/)db/(client|generated)(/|$)|^@prisma/client(/|$)', 'Query tenant data through lib/data (every query scoped by tenant); only lib/data and lib/db reach the Prisma client.');
const AUTH0_SDK = only('^auth0(/|$)|(^|/)management/client$', 'Call the Management API through the gateway in lib/management (operations in the app\'s own words); only lib/management and lib/auth touch the Auth0 SDK.');
const NEXTJS_AUTH0 = only('^@auth0/nextjs-auth0(/|$)', 'The Auth0 Next.js SDK is configured once in lib/auth (lib/auth/auth0.ts).');
const LOCAL_TENANT = only('(^|/)auth0-local(/|$)', 'The local Auth0 tenant is a separate program: app code talks to it only over HTTP, as to Auth0. Test support may import it.');
const TEST_SUPPORT = only('(^|/)lib/testing(/|$)|^vitest(/|$)|^@playwright/test$', 'Test support stays out of production code.');

// lib/data's own helpers: a transaction without a tenant (acrossTenants) or the raw one
// under a TenantData (transactionOf) are for lib/data's named functions, not features.
const DATA_INTERNALS = { name: '@/lib/data/scope', importNames: ['acrossTenants', 'transactionOf'], message: 'Cross-tenant reads are named functions in lib/data/directory.ts; feature code gets only tenant-pinned models.' };

const restrict = (...groups) => ({ 'no-restricted-imports': ['error', { patterns: groups, paths: [DATA_INTERNALS] }] });
const restrictOutsideData = (...groups) => ({ 'no-restricted-imports': ['error', { patterns: groups }] });

export default tseslint.config(
  { ignores: ['node_modules/**', '.next/**', '.data/**', 'lib/db/generated/**', 'next-env.d.ts', 'lib/auth/post-login-action.cjs', 'test-results/**', 'playwright-report/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['app/**/*.{ts,tsx}', 'lib/**/*.{ts,tsx}', 'middleware.ts'],
    plugins: { '@next/next': nextPlugin },
    rules: { ...nextPlugin.configs.recommended.rules, ...nextPlugin.configs['core-web-vitals'].rules },
  },
  // CommonJS preloads (node --require) have no other way to load a module.
  { files: ['**/*.cjs'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  // Boundaries for the app's production code, from the strictest home outwards.
  {
    files: ['app/**/*.{ts,tsx}', 'lib/**/*.{ts,tsx}', 'middleware.ts', 'scripts/**/*.ts'],
    ignores: TESTS,
    rules: restrict(PRISMA, AUTH0_SDK, NEXTJS_AUTH0, LOCAL_TENANT, TEST_SUPPORT),
  },
  { files: ['lib/data/**/*.ts', 'lib/db/**/*.ts'], ignores: TESTS, rules: restrictOutsideData(AUTH0_SDK, NEXTJS_AUTH0, LOCAL_TENANT, TEST_SUPPORT) },
  { files: ['lib/management/**/*.ts'], ignores: TESTS, rules: restrict(PRISMA, NEXTJS_AUTH0, LOCAL_TENANT, TEST_SUPPORT) },
  { files: ['lib/auth/**/*.ts'], ignores: TESTS, rules: restrict(PRISMA, LOCAL_TENANT, TEST_SUPPORT) },
  // Scripts run beside the app (dev server, local tenant, provisioning, bench): they may start
  // the local tenant and use the gateway's provisioning client, never query Prisma directly.
  { files: ['scripts/**/*.ts'], rules: restrict(PRISMA, NEXTJS_AUTH0) },
  // Test support and tests may reach anything they need to set up a world. They also send
  // deliberately ill-typed bodies to prove a refusal and read raw JSON answers: `any` is
  // allowed there (production code has none).
  { files: TESTS, rules: { 'no-restricted-imports': 'off', '@typescript-eslint/no-explicit-any': 'off' } },
);
