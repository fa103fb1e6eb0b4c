// What an org admin gives their identity provider about us: Auth0 is the SAML service
// provider, so the ids and URLs are the Auth0 tenant's, per connection. Computed from
// configuration only; the same code serves the local tenant and a real one.
import { config } from '@/lib/config';
import { spMetadataXml } from '@/lib/sso/metadata';

export interface ServiceProviderDetails {
  entityId: string;
  acsUrl: string;
  metadataUrl: string;
  metadataXml: string;
}

export function serviceProvider(connectionName: string): ServiceProviderDetails {
  const { origin, tenantName } = config().auth0;
  const name = encodeURIComponent(connectionName);
  const entityId = `urn:auth0:${tenantName}:${connectionName}`;
  const acsUrl = `${origin}/login/callback?connection=${name}`;
  return { entityId, acsUrl, metadataUrl: `${origin}/samlp/metadata?connection=${name}`, metadataXml: spMetadataXml({ entityId, acsUrl }) };
}

/** Where an OIDC identity provider must send people back to (its allowed redirect URI). */
export function oidcRedirectUri(): string {
  return `${config().auth0.origin}/login/callback`;
}
