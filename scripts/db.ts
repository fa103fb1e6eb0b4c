// npm run db:migrate | db:migration -- <name> | db:reset
// Works against embedded PGlite (no DATABASE_URL) and a real Postgres (DATABASE_URL).
import { rmSync } from 'node:fs';
import { config, ConfigError } from '@/lib/config';
import { openAdapter } from '@/lib/db/adapter';
import { createMigration, migrateAndDescribe } from '@/lib/db/migrate';

async function main() {
  const [command, name] = process.argv.slice(2);
  const cfg = config();
  if (command === 'reset') {
    if (cfg.database.kind === 'postgres') {
      const host = new URL(cfg.database.url).hostname;
      if (!['localhost', '127.0.0.1', '::1'].includes(host)) {
        throw new Error(`db:reset refuses to wipe a database on ${host}: it only resets local databases.`);
      }
      const adapter = await openAdapter(cfg.database);
      const conn = await adapter.factory.connect();
      await conn.executeScript('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
      await conn.dispose();
      await adapter.close();
    } else {
      rmSync(cfg.database.dataDir, { recursive: true, force: true });
    }
    console.log('Database emptied; applying migrations.');
  }
  const adapter = await openAdapter(cfg.database);
  try {
    if (command === 'migration') {
      if (!name) throw new Error('Usage: npm run db:migration -- <name>   (e.g. add_projects)');
      const folder = await createMigration(adapter.factory, name);
      console.log(folder ? `Wrote ${folder}/migration.sql` : 'The schema matches the migrations: nothing to write.');
      return;
    }
    if (command !== 'migrate' && command !== 'reset') throw new Error(`Unknown command "${command}". Use migrate, migration <name> or reset.`);
    console.log(await migrateAndDescribe(adapter));
  } finally {
    await adapter.close();
  }
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : `db: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
