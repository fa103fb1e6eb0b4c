// npm run auth0:test-idps — starts the throw-away SAML and OIDC identity providers the tests
// use, on fixed ports, so a developer can try enterprise SSO by hand against the local tenant:
// create a connection under Settings > Single sign-on with the values printed here, then
// "Try sign-in". Both IdPs sign in any email typed on their page. Development only.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startOidcIdp, startSamlIdp } from './index.js';

const SAML_PORT = Number(process.env.TEST_SAML_IDP_PORT ?? 4010);
const OIDC_PORT = Number(process.env.TEST_OIDC_IDP_PORT ?? 4011);

async function main() {
  const [saml, oidc] = await Promise.all([startSamlIdp({ port: SAML_PORT }), startOidcIdp({ port: OIDC_PORT })]);
  const dir = resolve('.data/test-idps');
  mkdirSync(dir, { recursive: true });
  const certFile = join(dir, 'saml-idp-signing.pem');
  const metadataFile = join(dir, 'saml-idp-metadata.xml');
  writeFileSync(certFile, saml.certificatePem);
  writeFileSync(metadataFile, saml.metadataXml);
  console.log(`Test identity providers (development only; any email signs in)

SAML IdP
  Sign-in URL:          ${saml.signInUrl}
  Signing certificate:  ${certFile}
  Metadata XML:         ${metadataFile}
  (A new certificate is made on every start: paste it again after a restart.)

OpenID Connect IdP
  Issuer:               ${oidc.issuer}
  Discovery URL:        ${oidc.discoveryUrl}
  Client id:            ${oidc.clientId}
  Client secret:        ${oidc.clientSecret}

Stop with Ctrl+C.`);
  const stop = async () => {
    await Promise.allSettled([saml.close(), oidc.close()]);
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
