// Throw-away identity providers for tests of enterprise SSO against the local tenant. (The
// rest of this folder, the tenant, sign-ins and the Management API harness, is imported by
// file: see "Tests" in auth0-local/README.md.) See the header of each file for how to use them:
//   startSamlIdp()  – saml-idp.ts: a SAML 2.0 IdP (HTTP-Redirect in, signed HTTP-POST response out)
//   startOidcIdp()  – oidc-idp.ts: an upstream OpenID Connect provider (authorization code flow)
export { startSamlIdp, type BuildResponseOptions, type SamlAuthnRequestInfo, type SamlIdp, type SamlIdpOptions } from './saml-idp.js';
export { oidcSubjectFor, startOidcIdp, type OidcIdp, type OidcIdpOptions } from './oidc-idp.js';
