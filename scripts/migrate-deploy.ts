// `npm start`'s migration step. `npm run build` bundles this file into build/migrate.mjs
// (scripts/bundle-migrate.ts), which production runs with plain node: no tsx and no other
// devDependency. Applies migrations only; writing them stays `npm run db:migration`.
import { config, ConfigError } from '@/lib/config';
import { openAdapter } from '@/lib/db/adapter';
import { migrateAndDescribe } from '@/lib/db/migrate';

async function main() {
  const adapter = await openAdapter(config().database);
  try {
    console.log(await migrateAndDescribe(adapter));
  } finally {
    await adapter.close();
  }
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : `db: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
