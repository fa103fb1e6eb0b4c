// Builds the post-login Action (post-login-action.ts) into the CommonJS file Auth0 runs.
//
// How the build happens: the built file, post-login-action.cjs, is committed beside its
// source. Nothing builds at dev, test or provision time (so all three work offline and run
// byte for byte what is reviewed in git); `npm run auth0:build-action` rewrites it after a
// change, and post-login-action.test.ts rebuilds it in memory and fails when the committed
// file differs. esbuild (already installed with tsx) strips the types and inlines imports.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const POST_LOGIN_ACTION_SOURCE = fileURLToPath(new URL('./post-login-action.ts', import.meta.url));
export const POST_LOGIN_ACTION_ARTIFACT = fileURLToPath(new URL('./post-login-action.cjs', import.meta.url));
/** The Action's name on the tenant (Auth0 action names are unique per tenant). */
export const POST_LOGIN_ACTION_NAME = 'tenantry-post-login';

const BANNER = '// Generated from lib/auth/post-login-action.ts by `npm run auth0:build-action`. Do not edit.\n' +
  '// Deployed to Auth0 as a post-login Action by `npm run auth0:provision`; run as-is by the local tenant.';

/** The CommonJS source Auth0 runs, built from the TypeScript source. */
export async function buildPostLoginAction(): Promise<string> {
  // Loaded on demand: only the build script and the staleness test need esbuild.
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    entryPoints: [POST_LOGIN_ACTION_SOURCE],
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node22',
    write: false,
    logLevel: 'silent',
    banner: { js: BANNER },
  });
  return result.outputFiles[0]!.text;
}

/** The committed built Action, as deployed. */
export function readPostLoginActionArtifact(): string {
  return readFileSync(POST_LOGIN_ACTION_ARTIFACT, 'utf8');
}
