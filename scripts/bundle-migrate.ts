// Part of `npm run build` (a build has the devDependencies: esbuild, tsx): bundles the
// migration runner (scripts/migrate-deploy.ts) into build/migrate.mjs, one plain ES module
// `npm start` runs with node. Our code and its small libraries are inlined; the database
// drivers stay imports, resolved from node_modules at run time (PGlite loads its wasm and
// data files from its own package folder). All of them are "dependencies":
// scripts/production-dependencies.test.ts checks it.
import * as esbuild from 'esbuild';
import { fileURLToPath } from 'node:url';

export const MIGRATION_RUNNER = 'build/migrate.mjs';

/** Loaded at run time from node_modules, not inlined. */
export const RUNTIME_PACKAGES = ['@electric-sql/pglite', 'pglite-prisma-adapter', '@prisma/adapter-pg', 'pg'];

export const migrationRunnerBuild: esbuild.BuildOptions = {
  entryPoints: [fileURLToPath(new URL('./migrate-deploy.ts', import.meta.url))],
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)),
  // The schema engine (wasm) only writes migrations, which this runner never does.
  external: [...RUNTIME_PACKAGES, '@prisma/schema-engine-wasm', '@prisma/schema-engine-wasm/*'],
  // Inlined CommonJS may call require(): give the module one.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  logLevel: 'warning',
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await esbuild.build({ ...migrationRunnerBuild, outfile: MIGRATION_RUNNER });
  console.log(`Built ${MIGRATION_RUNNER}`);
}
