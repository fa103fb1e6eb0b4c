// Serves the built app with a fresh local tenant and database (used by the bench and the
// browser tests): SERVE_APP_PORT and SERVE_DATA_DIR choose where.
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { config } from '@/lib/config';
import { migrateDatabase, startLocalTenantIfNeeded, stopOnExit, waitFor } from './stack';
import { importTenantsFromAuth0 } from '@/lib/tenancy/provisioning';
import { provisioningClient, registerBackchannelLogout } from '@/lib/management/provision';
import { closeDatabase } from '@/lib/data/connection';
import { registerSeededApiKeys } from './demo-workspace';

async function main() {
  const port = process.env.SERVE_APP_PORT ?? '3000';
  const dataDir = process.env.SERVE_DATA_DIR ?? '.data/serve';
  rmSync(dataDir, { recursive: true, force: true });
  await migrateDatabase();
  const tenant = await startLocalTenantIfNeeded(['--data', `${dataDir}/auth0-local`, '--quiet']);
  if (!tenant) throw new Error(`Something else is already listening at ${config().auth0.origin}; stop it first.`);
  await importTenantsFromAuth0();
  // The seeded machine client (browser tests, bench) is an API key of the organizations it may name.
  await registerSeededApiKeys();
  // The local tenant's seed sends back-channel logout to port 3000: point it at this app.
  // (The app's own M2M grant has no client scopes: the tenant's provisioning application does it.)
  await registerBackchannelLogout(provisioningClient(config().auth0.origin, process.env).api, config().auth0.clientId, config().apexOrigin);
  // SERVE_SEED: a module whose seed() adds rows before the app opens the database (embedded
  // PGlite allows one process at a time), e.g. the bench's 5,000 members.
  if (process.env.SERVE_SEED) await ((await import(pathToFileURL(resolve(process.env.SERVE_SEED)).href)) as { seed(): Promise<void> }).seed();
  await closeDatabase();
  // SERVE_NODE_ARGS: extra node flags for the app, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the bench.
  const nodeArgs = (process.env.SERVE_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const app = spawn(process.execPath, [...nodeArgs, '--require', './lib/http/refuse-trace.cjs', 'node_modules/next/dist/bin/next', 'start', '--port', port], { stdio: 'inherit', env: process.env });
  stopOnExit([app, tenant]);
  app.on('exit', (code) => process.exit(code ?? 1));
  await waitFor(`http://localhost:${port}/api/health`, 'The app');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
