// SAML metadata: reading an identity provider's (sign-in URL and signing certificate) and
// writing ours (the service provider the admin registers with their IdP).
import { DOMParser } from '@xmldom/xmldom';

const MD = 'urn:oasis:names:tc:SAML:2.0:metadata';
const DS = 'http://www.w3.org/2000/09/xmldsig#';
const HTTP_REDIRECT = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect';
const HTTP_POST = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST';

export interface IdpMetadata {
  entityId: string | null;
  signInUrl: string;
  /** Base64 DER of the signing certificate, as metadata carries it. */
  certificate: string;
}

export class MetadataError extends Error {}

/** Elements named `local` in `ns`, below `parent`, in document order. */
function children(parent: Element | Document, ns: string, local: string): Element[] {
  return Array.from(parent.getElementsByTagNameNS(ns, local) as unknown as ArrayLike<Element>);
}

/**
 * Reads EntityDescriptor / IDPSSODescriptor: the HTTP-Redirect SingleSignOnService (what
 * Auth0 sends AuthnRequests to) and the signing KeyDescriptor's X509Certificate.
 */
export function parseIdpMetadata(xml: string): IdpMetadata {
  if (!xml.trim()) throw new MetadataError('The metadata is empty.');
  const problems: string[] = [];
  const doc = new DOMParser({
    errorHandler: { warning: () => {}, error: (m: string) => problems.push(m), fatalError: (m: string) => problems.push(m) },
  }).parseFromString(xml, 'text/xml');
  if (problems.length || !doc?.documentElement) throw new MetadataError('This is not valid XML. Paste the whole metadata document your identity provider offers.');
  const root = doc.documentElement;
  const entity = root.namespaceURI === MD && root.localName === 'EntityDescriptor' ? root : children(doc, MD, 'EntityDescriptor')[0];
  if (!entity) throw new MetadataError('This XML is not SAML metadata: it has no EntityDescriptor.');
  const idp = children(entity, MD, 'IDPSSODescriptor')[0];
  if (!idp) throw new MetadataError('This metadata describes no identity provider (no IDPSSODescriptor).');
  const services = children(idp, MD, 'SingleSignOnService');
  const service = services.find((s) => s.getAttribute('Binding') === HTTP_REDIRECT);
  if (!service?.getAttribute('Location')) throw new MetadataError('The metadata has no SingleSignOnService with the HTTP-Redirect binding.');
  const keys = children(idp, MD, 'KeyDescriptor');
  // A KeyDescriptor without "use" serves both signing and encryption.
  const signing = keys.find((k) => k.getAttribute('use') === 'signing') ?? keys.find((k) => !k.getAttribute('use'));
  const certificate = signing ? children(signing, DS, 'X509Certificate')[0]?.textContent?.replace(/\s+/g, '') : undefined;
  if (!certificate) throw new MetadataError('The metadata has no signing certificate (KeyDescriptor use="signing" with an X509Certificate).');
  return { entityId: entity.getAttribute('entityID'), signInUrl: service.getAttribute('Location')!.trim(), certificate };
}

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Our service provider's metadata for one connection, to hand to the IdP's admin. */
export function spMetadataXml(sp: { entityId: string; acsUrl: string }): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<md:EntityDescriptor xmlns:md="${MD}" entityID="${escapeXml(sp.entityId)}">`,
    `  <md:SPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol" AuthnRequestsSigned="false" WantAssertionsSigned="true">`,
    '    <md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>',
    `    <md:AssertionConsumerService Binding="${HTTP_POST}" Location="${escapeXml(sp.acsUrl)}" index="0" isDefault="true"/>`,
    '  </md:SPSSODescriptor>',
    '</md:EntityDescriptor>',
    '',
  ].join('\n');
}
