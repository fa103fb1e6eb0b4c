// The SCIM schemas Tenantry serves (SCIMMY's core User and Group, the User with the
// enterprise extension Entra ID sends), and the discovery documents built from them:
// /ServiceProviderConfig, /Schemas and /ResourceTypes (RFC 7644 §4).
import 'server-only';
import { Resources, Schemas, Types } from 'scimmy';
import { notFound } from '@/lib/scim/errors';

let extended = false;
/** SCIMMY's User schema with the enterprise extension (optional), set up once per process. */
export function userSchema(): typeof Schemas.User {
  if (!extended) {
    const hasExtension = (() => {
      try {
        return !!Schemas.User.definition.attribute(Schemas.EnterpriseUser.id);
      } catch {
        return false;
      }
    })();
    // (SCIMMY's typings ask for an instance; at run time it takes the class.)
    if (!hasExtension) Schemas.User.extend(Schemas.EnterpriseUser as unknown as Types.Schema, false);
    extended = true;
  }
  return Schemas.User;
}

export function groupSchema(): typeof Schemas.Group {
  return Schemas.Group;
}

export const LIST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const MAX_RESULTS = 200;
export const DEFAULT_COUNT = 100;

export function listResponse(resources: unknown[], totalResults: number, startIndex: number) {
  return { schemas: [LIST_SCHEMA], totalResults, startIndex, itemsPerPage: resources.length, Resources: resources };
}

export function serviceProviderConfig(baseUrl: string) {
  return new Schemas.ServiceProviderConfig(
    {
      documentationUri: `${baseUrl.replace(/\/scim\/v2$/, '')}/settings/scim`,
      patch: { supported: true },
      bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
      filter: { supported: true, maxResults: MAX_RESULTS },
      changePassword: { supported: false },
      sort: { supported: false },
      etag: { supported: false },
      authenticationSchemes: [
        {
          type: 'oauthbearertoken',
          name: 'Bearer token',
          description: 'A SCIM token an organization admin creates on the Provisioning (SCIM) settings page, sent as Authorization: Bearer <token>.',
          specUri: 'https://www.rfc-editor.org/rfc/rfc6750',
          primary: true,
        },
      ],
    },
    `${baseUrl}/ServiceProviderConfig`,
  );
}

function definitions(): Types.SchemaDefinition[] {
  return [userSchema().definition, Schemas.EnterpriseUser.definition, groupSchema().definition];
}

export function schemaDocuments(baseUrl: string) {
  return definitions().map((d) => d.describe(`${baseUrl}/Schemas`));
}

export function schemaDocument(baseUrl: string, id: string) {
  const found = definitions().find((d) => d.id === id);
  if (!found) throw notFound('Schema');
  return found.describe(`${baseUrl}/Schemas`);
}

function resourceTypes() {
  userSchema();
  return [Resources.User.describe(), Resources.Group.describe()];
}

export function resourceTypeDocuments(baseUrl: string) {
  return resourceTypes().map((rt) => new Schemas.ResourceType(rt, `${baseUrl}/ResourceTypes`));
}

export function resourceTypeDocument(baseUrl: string, id: string) {
  const found = resourceTypes().find((rt) => rt.id === id);
  if (!found) throw notFound('Resource type');
  return new Schemas.ResourceType(found, `${baseUrl}/ResourceTypes`);
}
