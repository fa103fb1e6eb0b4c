// Reading IdP metadata and signing certificates, and writing our SP metadata.
import { describe, expect, it } from 'vitest';
import { generate } from 'selfsigned';
import { MetadataError, parseIdpMetadata, spMetadataXml } from '@/lib/sso/metadata';
import { parseCertificate, toAuth0SigningCert, fromAuth0SigningCert } from '@/lib/sso/certificate';

const body = (pem: string) => pem.replace(/-----(BEGIN|END) CERTIFICATE-----|\s+/g, '');
const metadata = (inner: string) =>
  `<?xml version="1.0"?><md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="https://idp.acme.test">${inner}</md:EntityDescriptor>`;

describe('IdP metadata', async () => {
  const signing = (await generate([{ name: 'commonName', value: 'signing.acme.test' }], { keySize: 2048 })).cert;
  const encryption = (await generate([{ name: 'commonName', value: 'encryption.acme.test' }], { keySize: 2048 })).cert;
  const key = (use: string | null, pem: string) => `<md:KeyDescriptor${use ? ` use="${use}"` : ''}><ds:KeyInfo><ds:X509Data><ds:X509Certificate>\n${body(pem)}\n</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>`;
  const sso = (binding: string, location: string) => `<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:${binding}" Location="${location}"/>`;

  it('takes the HTTP-Redirect sign-in URL and the signing (not the encryption) certificate', () => {
    const xml = metadata(`<md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">${key('encryption', encryption)}${key('signing', signing)}${sso('HTTP-POST', 'https://idp.acme.test/post')}${sso('HTTP-Redirect', 'https://idp.acme.test/redirect?a=1&amp;b=2')}</md:IDPSSODescriptor>`);
    const parsed = parseIdpMetadata(xml);
    expect(parsed).toEqual({ entityId: 'https://idp.acme.test', signInUrl: 'https://idp.acme.test/redirect?a=1&b=2', certificate: body(signing) });
    expect(parseCertificate(parsed.certificate)!.subject).toContain('signing.acme.test');
  });

  it('a KeyDescriptor without "use" serves for signing', () => {
    const xml = metadata(`<md:IDPSSODescriptor>${key(null, signing)}${sso('HTTP-Redirect', 'https://idp.acme.test/sso')}</md:IDPSSODescriptor>`);
    expect(parseIdpMetadata(xml).certificate).toBe(body(signing));
  });

  it.each([
    ['', /empty/],
    ['<md:EntityDescriptor', /not valid XML/],
    ['<root/>', /no EntityDescriptor/],
    [metadata('<md:SPSSODescriptor/>'), /no identity provider/],
    [metadata(`<md:IDPSSODescriptor>${key('signing', signing)}${sso('HTTP-POST', 'https://x.test')}</md:IDPSSODescriptor>`), /HTTP-Redirect/],
    [metadata(`<md:IDPSSODescriptor>${key('encryption', encryption)}${sso('HTTP-Redirect', 'https://x.test')}</md:IDPSSODescriptor>`), /no signing certificate/],
  ])('refuses %j with a plain message', (xml, message) => {
    expect(() => parseIdpMetadata(xml)).toThrowError(MetadataError);
    expect(() => parseIdpMetadata(xml)).toThrowError(message);
  });

  it('certificates: PEM or bare base64 in, Auth0’s base64-of-PEM out and back', () => {
    const fromPem = parseCertificate(signing)!;
    const fromBase64 = parseCertificate(body(signing))!;
    expect(fromBase64.fingerprint256).toBe(fromPem.fingerprint256);
    expect(Buffer.from(toAuth0SigningCert(fromPem.pem), 'base64').toString()).toMatch(/^-----BEGIN CERTIFICATE-----\n/);
    expect(fromAuth0SigningCert(toAuth0SigningCert(fromPem.pem))!.fingerprint256).toBe(fromPem.fingerprint256);
    expect(parseCertificate('hello')).toBeNull();
    expect(parseCertificate('-----BEGIN CERTIFICATE-----\n<script>\n-----END CERTIFICATE-----')).toBeNull();
  });

  it('an empty PEM block is not a certificate (null, not an exception)', () => {
    expect(parseCertificate('-----BEGIN CERTIFICATE-----\n\n-----END CERTIFICATE-----')).toBeNull();
    expect(parseCertificate('-----BEGIN CERTIFICATE----- -----END CERTIFICATE-----')).toBeNull();
  });
});

describe('SP metadata', () => {
  it('names our entity id and ACS URL, escaped', () => {
    const xml = spMetadataXml({ entityId: 'urn:auth0:local:acme-saml', acsUrl: 'http://localhost:4000/login/callback?connection=acme-saml&x="1"' });
    expect(xml).toContain('entityID="urn:auth0:local:acme-saml"');
    expect(xml).toContain('Location="http://localhost:4000/login/callback?connection=acme-saml&amp;x=&quot;1&quot;"');
  });
});
