// npm run dev: migrations, the local Auth0 tenant (unless AUTH0_DOMAIN names another),
// the tenant registry, then `next dev` on http://localhost:3000.
import { spawn } from 'node:child_process';
import { config, ConfigError } from '@/lib/config';
import { migrateDatabase, startLocalTenantIfNeeded, stopOnExit } from './stack';
import { importTenantsFromAuth0 } from '@/lib/tenancy/provisioning';
import { closeDb } from '@/lib/db/client';

async function main() {
  const cfg = config();
  await migrateDatabase();
  const tenant = await startLocalTenantIfNeeded();
  const imported = await importTenantsFromAuth0();
  if (imported.length) console.log(`tenants: registered ${imported.join(', ')}`);
  await closeDb(); // PGlite allows one process: hand the data directory to Next
  const port = new URL(cfg.apexOrigin).port || '3000';
  const next = spawn(process.execPath, ['--require', './lib/http/refuse-trace.cjs', 'node_modules/next/dist/bin/next', 'dev', '--port', port], { stdio: 'inherit', env: process.env });
  stopOnExit([next, tenant]);
  console.log(`\nTenantry: ${cfg.apexOrigin}  (tenants: ${cfg.scheme}://<slug>.${cfg.rootDomain}, e.g. ${cfg.scheme}://acme.${cfg.rootDomain})\n`);
  next.on('exit', (code) => process.exit(code ?? 0));
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
