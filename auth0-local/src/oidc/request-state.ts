// What the /oauth/token shim and oidc-provider's hooks tell each other about one token request.
// It rides on Koa's ctx.state, which oidc-provider leaves to the application.
import type { Organization } from '../store.js';

export interface TokenRequestState {
  /** The `organization` of a client-credentials request (the shim takes it out of the body). */
  auth0LocalOrganization?: string;
  /** That organization, once the client grant allowed it: its id goes into the token. */
  auth0LocalOrg?: Organization;
  /** The `scope` Auth0 answers in the token response ('' leaves it out). */
  auth0LocalScope?: string;
}

export function tokenRequestState(ctx: { state: unknown }): TokenRequestState {
  return ctx.state as TokenRequestState;
}
