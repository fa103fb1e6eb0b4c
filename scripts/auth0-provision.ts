// npm run auth0:provision: prepare an Auth0 tenant for Tenantry (see README, "A real Auth0 tenant").
import { config, ConfigError } from '@/lib/config';
import { provisionAuth0 } from '@/lib/management/provision';

async function main() {
  const cfg = config();
  console.log(`Provisioning ${cfg.auth0.origin} for ${cfg.apexOrigin}`);
  const report = await provisionAuth0({ appOrigin: cfg.apexOrigin, rootDomain: cfg.rootDomain, scheme: cfg.scheme });
  for (const line of report.created) console.log(`  created    ${line}`);
  for (const line of report.updated) console.log(`  updated    ${line}`);
  for (const line of report.unchanged) console.log(`  unchanged  ${line}`);
  for (const line of report.skipped) console.log(`  skipped    ${line}`);
  console.log('Next: deploy lib/auth/post-login-action.ts as a post-login Action (README).');
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : `auth0:provision: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
