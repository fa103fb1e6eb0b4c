// Start command of the local Auth0 tenant:
//   tsx auth0-local/src/cli.ts [--port 4000] [--data .data/auth0-local] [--config file] [--rate-limits plan] [--reset] [--quiet]
// Environment: AUTH0_LOCAL_PORT, AUTH0_LOCAL_DATA_DIR, AUTH0_LOCAL_CONFIG, AUTH0_LOCAL_RATE_LIMITS.
import { existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_RATE_LIMIT_PLAN, parseRateLimitPlan } from './management/ratelimit.js';
import { createLocalTenant, type LocalTenant } from './server.js';
import { DEFAULT_CONFIG_FILE, readTenantConfig } from './seed.js';

function usage(): string {
  return `Usage: tsx auth0-local/src/cli.ts [options]

  --port <n>       port to listen on (default 4000, env AUTH0_LOCAL_PORT)
  --data <dir>     where state, keys and sessions persist (default .data/auth0-local, env AUTH0_LOCAL_DATA_DIR)
  --config <file>  seed file (default auth0-local/tenant.config.json, env AUTH0_LOCAL_CONFIG)
  --rate-limits <plan>
                   Management API rate limits of an Auth0 plan: free, essentials, enterprise
                   or off (default ${DEFAULT_RATE_LIMIT_PLAN}, env AUTH0_LOCAL_RATE_LIMITS)
  --reset          forget the saved state and sessions and seed again (keys are kept)
  --quiet          print only the issuer line
  -h, --help       this text`;
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

function banner(tenant: LocalTenant, configFile: string, dataDir: string): string {
  const config = readTenantConfig(configFile);
  const { store } = tenant;
  const clients = store.state.clients;
  const app = clients.find((c) => c.grant_types.includes('authorization_code'));
  const m2m = clients.find((c) => store.state.clientGrants.some((g) => g.client_id === c.client_id && g.audience === tenant.managementAudience));
  const passwords = new Map((config.users ?? []).filter((u) => u.password).map((u) => [u.email.toLowerCase(), u.password!]));
  const userRows = store.state.users.map((u) => {
    const orgs = store.orgsOfUser(u.user_id).map((o) => {
      const roles = store.memberRoleNames(o.id, u.user_id);
      return `${o.name}${roles.length ? ` (${roles.join(', ')})` : ''}`;
    });
    return [u.email, passwords.get(u.email) ?? '(changed or signed up)', orgs.join('; ') || '(personal)'];
  });
  // What the organization's security policy asks at sign-in (its metadata, read by the app's post-login Action).
  const policyOf = (m: Record<string, string>) => [m.mfa === 'required' ? 'MFA required' : '', m.sign_in === 'sso_only' ? 'SSO only' : ''].filter(Boolean).join(', ') || '-';
  const orgRows = store.state.organizations.map((o) => [o.name, o.id, o.display_name, policyOf(o.metadata)]);
  return [
    '',
    'Local Auth0 tenant is running',
    '',
    `  Issuer (AUTH0_DOMAIN):   ${tenant.issuer}`,
    `  App client id:           ${app?.client_id ?? '(none)'}`,
    `  M2M client id:           ${m2m?.client_id ?? '(none)'}`,
    `  Management API audience: ${tenant.managementAudience}`,
    `  Client secrets:          see ${configFile}`,
    `  Outbox (mail):           ${tenant.url}/outbox`,
    `  Rate limits:             ${typeof tenant.rateLimits === 'string' ? tenant.rateLimits : 'custom'} (Management API, per endpoint as on Auth0; --rate-limits)`,
    `  Data:                    ${dataDir}`,
    '',
    'Organizations',
    table([['name', 'id', 'display name', 'sign-in policy'], ...orgRows]),
    '',
    'Demo users',
    table([['email', 'password', 'organizations (roles)'], ...userRows]),
    '',
    'Stop with Ctrl+C.',
    '',
  ].join('\n');
}

async function main() {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      data: { type: 'string' },
      config: { type: 'string' },
      'rate-limits': { type: 'string' },
      reset: { type: 'boolean', default: false },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(usage());
    return;
  }
  const port = Number(values.port ?? process.env.AUTH0_LOCAL_PORT ?? 4000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid port: ${values.port ?? process.env.AUTH0_LOCAL_PORT}`);
  const dataDir = resolve(values.data ?? process.env.AUTH0_LOCAL_DATA_DIR ?? '.data/auth0-local');
  const configFile = resolve(values.config ?? process.env.AUTH0_LOCAL_CONFIG ?? DEFAULT_CONFIG_FILE);
  let rateLimits;
  try {
    rateLimits = parseRateLimitPlan(values['rate-limits'] ?? process.env.AUTH0_LOCAL_RATE_LIMITS ?? DEFAULT_RATE_LIMIT_PLAN);
  } catch (error) {
    console.error(`auth0-local: ${(error as Error).message}`);
    process.exit(2);
  }

  if (values.reset) {
    for (const p of [join(dataDir, 'state.json'), join(dataDir, 'oidc')]) if (existsSync(p)) rmSync(p, { recursive: true, force: true });
  }

  const tenant = await createLocalTenant({ port, dataDir, configFile, quiet: values.quiet, rateLimits });
  if (values.quiet) console.log(`auth0-local: issuer ${tenant.issuer} (rate limits: ${rateLimits})`);
  else console.log(banner(tenant, configFile, dataDir));

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    if (!values.quiet) console.log(`\nauth0-local: ${signal}, shutting down`);
    const force = setTimeout(() => process.exit(1), 5000);
    force.unref();
    tenant.close().then(() => process.exit(0), (err) => { console.error(err); process.exit(1); });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  const e = err as NodeJS.ErrnoException & { port?: number };
  if (e?.code === 'EADDRINUSE') console.error(`auth0-local: port ${e.port ?? ''} is already in use. Is another local tenant running? Pick one with --port.`);
  else console.error('auth0-local: failed to start:', err);
  process.exit(1);
});
