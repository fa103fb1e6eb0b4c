// All configuration, parsed once with zod. Every setting has a default that makes local
// mode (local Auth0 tenant + embedded PGlite) work with no settings at all; pointing
// AUTH0_DOMAIN at a real tenant makes its credentials required. Edge-safe: no Node APIs.
import { z } from 'zod';

const LOCAL_AUTH0_DOMAIN = 'http://localhost:4000';

const hostPattern = /^[a-z0-9.-]+(:\d{1,5})?$/;

const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    ROOT_DOMAIN: z
      .string()
      .toLowerCase()
      .regex(hostPattern, 'a host name with an optional port, such as example.com or localhost:3000')
      .default('localhost:3000'),
    APP_SCHEME: z.enum(['http', 'https']).optional(),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'a postgres:// or postgresql:// connection string')
      .optional(),
    PGLITE_DATA_DIR: z.string().min(1).default('.data/pglite'),
    AUTH0_DOMAIN: z
      .string()
      .regex(/^(https?:\/\/)?[a-z0-9.-]+(:\d{1,5})?\/?$/i, 'a tenant domain such as my-tenant.eu.auth0.com')
      .optional(),
    AUTH0_CLIENT_ID: z.string().min(1).optional(),
    AUTH0_CLIENT_SECRET: z.string().min(1).optional(),
    AUTH0_SECRET: z.string().min(32, 'at least 32 characters (openssl rand -hex 32)').optional(),
    AUTH0_M2M_CLIENT_ID: z.string().min(1).optional(),
    AUTH0_M2M_CLIENT_SECRET: z.string().min(1).optional(),
    AUTH0_DB_CONNECTION: z.string().min(1).default('Username-Password-Authentication'),
    TENANTRY_API_AUDIENCE: z.string().url('a URL, the identifier of the Tenantry API in Auth0').default('https://api.tenantry.local'),
    MEMBERSHIP_CACHE_SECONDS: z.coerce.number().int().min(0).max(300).default(5),
    TRUSTED_PROXY_HOPS: z.coerce.number({ error: 'a whole number from 0 to 10' }).int('a whole number from 0 to 10').min(0, 'a whole number from 0 to 10').max(10, 'a whole number from 0 to 10').default(1),
    TENANT_LOOKUP_TTL_MS: z.coerce.number({ error: 'milliseconds (1000 to 300000)' }).int().min(1000).max(300_000).default(30_000),
    TEST_HOOKS: z.enum(['1', '0'], { error: '1 or 0' }).optional(),
    AUTH0_TENANT_NAME: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]*$/i, 'the tenant name, the first label of the Auth0 domain (e.g. my-tenant)')
      .optional(),
    DOMAIN_VERIFICATION: z.enum(['dns', 'trust'], { error: 'dns or trust' }).optional(),
    SSO_ALLOW_PRIVATE_IDPS: z.enum(['true', 'false'], { error: 'true or false' }).optional(),
    DOMAIN_VERIFICATION_ALLOW_TRUST: z.enum(['true', 'false'], { error: 'true or false' }).optional(),
    WEBHOOKS_ALLOW_LOOPBACK: z.enum(['true', 'false'], { error: 'true or false' }).optional(),
    CRON_SECRET: z.string().min(16, 'at least 16 characters (openssl rand -hex 32)').optional(),
  })
  .superRefine((env, ctx) => {
    if (!env.AUTH0_DOMAIN) return; // local tenant: its seeded credentials are the defaults
    for (const key of ['AUTH0_CLIENT_ID', 'AUTH0_CLIENT_SECRET', 'AUTH0_SECRET', 'AUTH0_M2M_CLIENT_ID', 'AUTH0_M2M_CLIENT_SECRET'] as const) {
      if (!env[key]) ctx.addIssue({ code: 'custom', path: [key], message: `required when AUTH0_DOMAIN is set` });
    }
  });

export type RawEnv = Record<string, string | undefined>;

export interface AppConfig {
  nodeEnv: 'development' | 'production' | 'test';
  /** Apex host with port, e.g. "example.com" or "localhost:3000". */
  rootDomain: string;
  scheme: 'http' | 'https';
  /** Origin of the apex, e.g. "https://example.com". */
  apexOrigin: string;
  database: { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string };
  auth0: {
    /** Origin of the Auth0 tenant, e.g. "https://tenant.auth0.com" or "http://localhost:4000". */
    origin: string;
    /** Issuer as it appears in tokens (origin + "/"). */
    issuer: string;
    clientId: string;
    clientSecret: string;
    secret: string;
    m2mClientId: string;
    m2mClientSecret: string;
    dbConnection: string;
    apiAudience: string;
    /** Tenant name in SAML service-provider ids (urn:auth0:<tenantName>:<connection>). */
    tenantName: string;
  };
  membershipCacheSeconds: number;
  /**
   * How many proxies in front of the app append to X-Forwarded-For (lib/http/client-ip.ts): the
   * client address for IP allowlists is the entry this many from the right. 0: no proxy is
   * trusted, so no address is known and an organization with an allowlist is refused.
   */
  trustedProxyHops: number;
  /**
   * How long middleware keeps a tenant lookup (lib/middleware/tenant-lookup.ts): the bound on
   * how late an IP allowlist change (and a deleted organization) reaches each instance.
   */
  tenantLookupTtlMs: number;
  /** Test-only internal routes (the test clock, setting a policy): the browser tests only, never a deployment. */
  testHooks: boolean;
  /**
   * How claimed email domains are verified: "dns" checks the TXT record; "trust" also lets
   * an admin mark a domain verified by hand (local development only: refused at start-up
   * unless the local tenant runs on localhost, or DOMAIN_VERIFICATION_ALLOW_TRUST=true).
   */
  domainVerification: 'dns' | 'trust';
  /**
   * Whether an admin's OIDC issuer may be on this machine or a private network. The app
   * fetches its discovery document, so in production this is off (no requests to internal
   * services on an admin's behalf).
   */
  allowPrivateIdps: boolean;
  webhooks: {
    /**
     * Local development and tests only: webhook endpoints may be http:// URLs on this machine
     * (loopback addresses, never private networks). Refused at start-up unless the app itself
     * runs on localhost.
     */
    allowLoopback: boolean;
    /** Vercel Cron's bearer secret for /api/internal/webhooks/drain; without it the route refuses every call. */
    cronSecret: string | null;
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}\nSee .env.local.example for every setting.`);
    this.name = 'ConfigError';
  }
}

/** Parse a set of environment variables. Throws ConfigError naming each bad setting. */
export function parseConfig(raw: RawEnv): AppConfig {
  // Treat empty strings as unset: `FOO=` in an env file means "not configured".
  const cleaned = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined && v !== ''));
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`));
  }
  const env = result.data;
  const host = env.ROOT_DOMAIN;
  const isLocalHost = /^(localhost|127\.0\.0\.1)(:|$)/.test(host) || host.endsWith('.localhost') || host.includes('.localhost:');
  const scheme = env.APP_SCHEME ?? (isLocalHost ? 'http' : 'https');
  const domain = env.AUTH0_DOMAIN ?? LOCAL_AUTH0_DOMAIN;
  const origin = (/^https?:\/\//i.test(domain) ? domain : `https://${domain}`).replace(/\/$/, '').toLowerCase();
  const auth0Host = new URL(origin).hostname;
  // "trust" lets any admin mark any domain verified, and a verified domain routes its people to
  // that organization's SSO: only for the local tenant on this machine, where nobody else can
  // reach the app. Anywhere else only when forced on purpose.
  const localOnly = isLocalHost && isLoopbackHost(auth0Host);
  if (env.DOMAIN_VERIFICATION === 'trust' && !localOnly && env.DOMAIN_VERIFICATION_ALLOW_TRUST !== 'true') {
    throw new ConfigError([
      'DOMAIN_VERIFICATION: "trust" (domains verified by hand, without DNS) is only for the local Auth0 tenant on localhost. ' +
        'Use "dns" here, or set DOMAIN_VERIFICATION_ALLOW_TRUST=true if this deployment is reachable by no one you do not trust.',
    ]);
  }
  // The test hooks move the session clock and write policies with no sign-in: only where
  // nobody else can reach the app (the browser tests, on localhost with the local tenant).
  if (env.TEST_HOOKS === '1' && !localOnly) {
    throw new ConfigError(['TEST_HOOKS: the browser tests\' hooks are only for the local Auth0 tenant on localhost. Unset it.']);
  }
  // A webhook URL makes the server connect where an admin says: to this machine only when the
  // app runs on localhost (development, tests), never in a deployment.
  if (env.WEBHOOKS_ALLOW_LOOPBACK === 'true' && !isLocalHost) {
    throw new ConfigError(['WEBHOOKS_ALLOW_LOOPBACK: only for local development and tests (ROOT_DOMAIN on localhost). Webhook endpoints must be public https:// URLs anywhere else.']);
  }
  // A tenant's name is its domain's first label (my-tenant.eu.auth0.com); a local tenant
  // (no domain, or localhost) is called "local".
  const tenantName = env.AUTH0_TENANT_NAME ?? (!env.AUTH0_DOMAIN || !auth0Host.includes('.') || /^[\d.]+$/.test(auth0Host) ? 'local' : auth0Host.split('.')[0]!);
  return {
    nodeEnv: env.NODE_ENV,
    rootDomain: host,
    scheme,
    apexOrigin: `${scheme}://${host}`,
    database: env.DATABASE_URL ? { kind: 'postgres', url: env.DATABASE_URL } : { kind: 'pglite', dataDir: env.PGLITE_DATA_DIR },
    auth0: {
      origin,
      issuer: `${origin}/`,
      // Defaults are the local tenant's seeded credentials (auth0-local/tenant.config.json).
      clientId: env.AUTH0_CLIENT_ID ?? 'tenantry-local-app',
      clientSecret: env.AUTH0_CLIENT_SECRET ?? 'local-app-secret-not-for-production-0000000000',
      secret: env.AUTH0_SECRET ?? 'local-session-secret-not-for-production-000000000000',
      m2mClientId: env.AUTH0_M2M_CLIENT_ID ?? 'tenantry-local-m2m',
      m2mClientSecret: env.AUTH0_M2M_CLIENT_SECRET ?? 'local-m2m-secret-not-for-production-0000000000',
      dbConnection: env.AUTH0_DB_CONNECTION,
      apiAudience: env.TENANTRY_API_AUDIENCE,
      tenantName,
    },
    membershipCacheSeconds: env.MEMBERSHIP_CACHE_SECONDS,
    trustedProxyHops: env.TRUSTED_PROXY_HOPS,
    tenantLookupTtlMs: env.TENANT_LOOKUP_TTL_MS,
    testHooks: env.TEST_HOOKS === '1',
    // Trusting by hand is only a default for the local tenant on localhost (checked above).
    domainVerification: env.DOMAIN_VERIFICATION ?? (!env.AUTH0_DOMAIN && localOnly ? 'trust' : 'dns'),
    // On by default only with a local Auth0 tenant, whose test IdPs run on this machine.
    allowPrivateIdps: env.SSO_ALLOW_PRIVATE_IDPS ? env.SSO_ALLOW_PRIVATE_IDPS === 'true' : isLoopbackHost(auth0Host),
    webhooks: { allowLoopback: env.WEBHOOKS_ALLOW_LOOPBACK === 'true', cronSecret: env.CRON_SECRET ?? null },
  };
}

function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname.endsWith('.localhost') || hostname === '127.0.0.1' || hostname === '[::1]';
}

let cached: AppConfig | undefined;
/** The process's configuration, parsed on first use. A bad setting stops the app with a clear message. */
export function config(): AppConfig {
  cached ??= parseConfig(process.env);
  return cached;
}
