// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  // Database drivers stay plain Node modules: PGlite loads its wasm and data files from
  // its own package folder, which bundling would break.
  serverExternalPackages: ['@electric-sql/pglite', 'pglite-prisma-adapter', '@prisma/adapter-pg', 'pg'],
  poweredByHeader: false,
  // forbidden() renders app/forbidden.tsx with a 403.
  experimental: { authInterrupts: true },
  // Tenant subdomains of localhost are allowed to load dev assets.
  allowedDevOrigins: ['*.localhost'],
  // The local Auth0 tenant is a separate process and never part of the app's build.
  outputFileTracingExcludes: { '*': ['auth0-local/**', 'e2e/**', '.data/**'] },
  typescript: { tsconfigPath: 'tsconfig.json' },
};

export default nextConfig;
