// npm run auth0:provision: set up an Auth0 tenant for Tenantry, or check that it still is (see
// README, "A real Auth0 tenant"). Runs as the provisioning M2M application
// (AUTH0_PROVISION_CLIENT_ID / _SECRET; the local tenant's own by default), never as the app's.
import { ConfigError, parseConfig } from '@/lib/config';
import { readPostLoginActionArtifact } from '@/lib/auth/post-login-action-build';
import { provisionAuth0, provisioningClient } from '@/lib/management/provision';

async function main() {
  const env = process.env;
  // The app's own credentials may not exist yet (this run may create them): parse the rest.
  const placeholders = { AUTH0_CLIENT_ID: 'x', AUTH0_CLIENT_SECRET: 'x', AUTH0_SECRET: 'x'.repeat(32), AUTH0_M2M_CLIENT_ID: 'x', AUTH0_M2M_CLIENT_SECRET: 'x' };
  const cfg = parseConfig({ ...placeholders, ...env });
  const host = new URL(cfg.auth0.origin).host;
  const { api, provisioner } = provisioningClient(cfg.auth0.origin, env);
  console.log(`Provisioning ${cfg.auth0.origin} for ${cfg.apexOrigin}`);
  const report = await provisionAuth0({
    api, provisionerClientId: provisioner.id, managementAudience: `https://${host}/api/v2/`, apiAudience: cfg.auth0.apiAudience,
    appOrigin: cfg.apexOrigin, rootDomain: cfg.rootDomain, scheme: cfg.scheme,
    appClientId: env.AUTH0_CLIENT_ID || undefined, m2mClientId: env.AUTH0_M2M_CLIENT_ID || undefined,
    actionCode: readPostLoginActionArtifact(),
  });
  for (const line of report.created) console.log(`  created    ${line}`);
  for (const line of report.updated) console.log(`  updated    ${line}`);
  for (const line of report.unchanged) console.log(`  unchanged  ${line}`);
  for (const line of report.skipped) console.log(`  skipped    ${line}`);
  if (report.created.length + report.updated.length === 0) console.log('Nothing to do: the tenant is as Tenantry needs it.');

  const settings: Record<string, string> = {
    ...(env.AUTH0_DOMAIN ? { AUTH0_DOMAIN: env.AUTH0_DOMAIN } : {}),
    ...report.env,
    TENANTRY_API_AUDIENCE: cfg.auth0.apiAudience,
    ROOT_DOMAIN: cfg.rootDomain,
  };
  console.log('\nEnvironment for the app (Vercel: Project Settings > Environment Variables):');
  for (const [key, value] of Object.entries(settings)) console.log(`  ${key}=${value}`);
  if (!report.env.AUTH0_CLIENT_SECRET) console.log('  AUTH0_CLIENT_SECRET=<the application\'s secret, from the dashboard; not printed>');
  if (!report.env.AUTH0_M2M_CLIENT_SECRET) console.log('  AUTH0_M2M_CLIENT_SECRET=<the M2M application\'s secret, from the dashboard; not printed>');
  console.log('  AUTH0_SECRET=<a new random value: openssl rand -hex 32>');
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : `auth0:provision: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
