// npm run dev: migrations, the local Auth0 tenant (unless AUTH0_DOMAIN names another),
// the tenant registry, the demo workspace (local tenant only), then `next dev` on http://localhost:3000.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { config, ConfigError } from '@/lib/config';
import { migrateDatabase, startLocalTenantIfNeeded, stopOnExit } from './stack';
import { importTenantsFromAuth0 } from '@/lib/tenancy/provisioning';
import { closeDatabase } from '@/lib/data/connection';
import { registerSeededApiKeys, seedDemoWorkspace } from './demo-workspace';

/** The demo organizations of the local tenant's seed; none for a real Auth0 tenant. */
function demoOrganizations(auth0Origin: string): string[] {
  const { protocol, hostname } = new URL(auth0Origin);
  if (protocol !== 'http:' || hostname !== 'localhost') return [];
  const seed = JSON.parse(readFileSync('auth0-local/tenant.config.json', 'utf8')) as { organizations?: { name: string }[] };
  return (seed.organizations ?? []).map((o) => o.name);
}

async function main() {
  const cfg = config();
  await migrateDatabase();
  const tenant = await startLocalTenantIfNeeded();
  const imported = await importTenantsFromAuth0();
  if (imported.length) console.log(`tenants: registered ${imported.join(', ')}`);
  try {
    const demo = demoOrganizations(cfg.auth0.origin);
    for (const d of await seedDemoWorkspace(demo)) {
      if (d.members || d.projects) console.log(`demo: ${d.slug}: ${d.members} members registered, ${d.projects} sample projects`);
    }
    if (demo.length) for (const key of await registerSeededApiKeys()) console.log(`demo: API key registered for ${key}`);
  } catch (error) {
    // The demo data is a convenience: never a reason not to start.
    console.warn('demo: not seeded:', error instanceof Error ? error.message : error);
  }
  await closeDatabase(); // PGlite allows one process: hand the data directory to Next
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
