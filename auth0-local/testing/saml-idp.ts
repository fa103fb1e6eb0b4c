// A throw-away SAML 2.0 identity provider for tests (vitest and Playwright). Offline; its
// signing certificate and key are generated when it starts.
//
// Usage:
//   import { startSamlIdp } from '../auth0-local/testing/index.js';   // or './saml-idp.js'
//   const idp = await startSamlIdp();            // port 0 = a free port
//   // Create the Auth0 connection with it (Management API, strategy 'samlp'):
//   //   options: { signInEndpoint: idp.signInUrl, signingCert: idp.certificateBase64 }
//   ...
//   await idp.close();
//
// In a browser: the local tenant redirects to `idp.signInUrl?SAMLRequest=…&RelayState=…`
// (HTTP-Redirect binding). The page shows the heading "Sign in to Test IdP", a form with
// the fields labelled `Email` and `Name` and a `Sign in` button. Submitting it answers with
// an auto-submitting HTML form that POSTs a signed SAMLResponse (NameID = the email,
// attributes `email` and `name`) and the original RelayState to the AssertionConsumerServiceURL
// named in the request. Any email signs in.
//
// In code (no browser): `idp.parseRequest(redirectUrl)` reads the AuthnRequest the tenant sent;
// `idp.buildResponse({...})` mints a base64 SAMLResponse to POST to the ACS yourself, with knobs
// to break it (expired, other key, wrong audience; tamper with the XML after signing yourself).
//
// Endpoints: GET/POST /saml/sso (sign-in), GET /saml/metadata (IdP metadata XML).
import { createPublicKey, randomBytes, X509Certificate } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { inflateRawSync } from 'node:zlib';
import { generate } from 'selfsigned';
import { SignedXml } from 'xml-crypto';
import { escapeHtml as htmlEscape, idpPage as page, listenIdpServer, readBody, signInPage } from './idp-server.js';

export interface SamlIdpOptions {
  /** 0 (default) picks a free port. */
  port?: number;
}

export interface SamlAuthnRequestInfo {
  /** The request's ID: what the response's InResponseTo must carry. */
  id: string;
  /** AssertionConsumerServiceURL: where the response is posted (the tenant's /login/callback?connection=…). */
  acsUrl: string;
  /** The SP entity id (urn:auth0:<tenant>:<connection>): the audience of the response. */
  issuer: string;
  /** The RelayState that came with the request (to post back unchanged). */
  relayState?: string;
}

export interface BuildResponseOptions {
  /** The AuthnRequest ID answered; omit for an unsolicited (IdP-initiated) response. */
  inResponseTo?: string;
  acsUrl: string;
  /** The SP entity id, e.g. `urn:auth0:local:<connection>`. */
  audience: string;
  nameId: string;
  /** SAML attributes by Name (e.g. email, name, given_name, or claim URIs). */
  attributes?: Record<string, string | string[]>;
  /** Defaults to 5 minutes from now (real time). */
  notOnOrAfter?: Date;
  /** Defaults to 1 minute before now. */
  notBefore?: Date;
  /** 'idp' (default) signs with this IdP's key; 'other-key' with a key the SP does not trust. */
  signWith?: 'idp' | 'other-key';
  /** Also sign the whole Response (the assertion is always signed). Default false. */
  signResponse?: boolean;
  /** Defaults to this IdP's entity id. */
  issuer?: string;
}

export interface SamlIdp {
  /** http://localhost:PORT */
  url: string;
  /** The sign-in endpoint (Auth0 `options.signInEndpoint`). */
  signInUrl: string;
  entityId: string;
  /** The IdP signing certificate, PEM. */
  certificatePem: string;
  /** base64 of the PEM: what Auth0's `options.signingCert` holds. */
  certificateBase64: string;
  metadataXml: string;
  /** Reads a SAMLRequest (the raw parameter, or a whole redirect URL carrying it and RelayState). */
  parseRequest(samlRequestOrUrl: string): SamlAuthnRequestInfo;
  /** A signed SAMLResponse, base64-encoded as the HTTP-POST binding sends it. */
  buildResponse(opts: BuildResponseOptions): string;
  close(): Promise<void>;
}

const NS = {
  protocol: 'urn:oasis:names:tc:SAML:2.0:protocol',
  assertion: 'urn:oasis:names:tc:SAML:2.0:assertion',
  metadata: 'urn:oasis:names:tc:SAML:2.0:metadata',
  dsig: 'http://www.w3.org/2000/09/xmldsig#',
};
const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
const SHA256 = 'http://www.w3.org/2001/04/xmlenc#sha256';
const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';
const ENVELOPED = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';

function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}
const samlId = () => `_${randomBytes(20).toString('hex')}`;
const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
const certBody = (pem: string) => pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');

interface KeyPair { privateKey: string; certificatePem: string }

async function makeKeyPair(commonName: string): Promise<KeyPair> {
  const pems = await generate([{ name: 'commonName', value: commonName }], { keySize: 2048, algorithm: 'sha256' });
  return { privateKey: pems.private, certificatePem: pems.cert };
}

function signElement(xml: string, keys: KeyPair, element: 'Assertion' | 'Response'): string {
  const sig = new SignedXml({
    privateKey: keys.privateKey,
    publicCert: keys.certificatePem,
    signatureAlgorithm: RSA_SHA256,
    canonicalizationAlgorithm: EXC_C14N,
  });
  const self = element === 'Assertion'
    ? "//*[local-name(.)='Assertion']"
    : "/*[local-name(.)='Response']";
  sig.addReference({ xpath: self, digestAlgorithm: SHA256, transforms: [ENVELOPED, EXC_C14N] });
  // The schema wants ds:Signature right after the element's own Issuer.
  sig.computeSignature(xml, { prefix: 'ds', location: { reference: `${self}/*[local-name(.)='Issuer']`, action: 'after' } });
  return sig.getSignedXml();
}

function attributeXml(attributes: Record<string, string | string[]>): string {
  const entries = Object.entries(attributes);
  if (!entries.length) return '';
  const attrs = entries.map(([name, value]) => {
    const values = (Array.isArray(value) ? value : [value]).map((v) => `<saml:AttributeValue>${xmlEscape(v)}</saml:AttributeValue>`).join('');
    const format = /^(urn:|https?:)/.test(name) ? 'urn:oasis:names:tc:SAML:2.0:attrname-format:uri' : 'urn:oasis:names:tc:SAML:2.0:attrname-format:basic';
    return `<saml:Attribute Name="${xmlEscape(name)}" NameFormat="${format}">${values}</saml:Attribute>`;
  }).join('');
  return `<saml:AttributeStatement>${attrs}</saml:AttributeStatement>`;
}

/** Starts the IdP; close() it when done. */
export async function startSamlIdp(opts: SamlIdpOptions = {}): Promise<SamlIdp> {
  const [idpKeys, otherKeys] = await Promise.all([makeKeyPair('Test IdP'), makeKeyPair('Not the Test IdP')]);
  const { server, port, close } = await listenIdpServer(opts.port);
  const url = `http://localhost:${port}`;
  const signInUrl = `${url}/saml/sso`;
  const entityId = `${url}/saml/metadata`;
  const certificatePem = idpKeys.certificatePem;
  const certificateBase64 = Buffer.from(certificatePem, 'utf8').toString('base64');
  // Fail early if the generated certificate is unusable.
  createPublicKey(new X509Certificate(certificatePem).publicKey.export({ type: 'spki', format: 'pem' }));

  const metadataXml = `<?xml version="1.0"?>
<md:EntityDescriptor xmlns:md="${NS.metadata}" xmlns:ds="${NS.dsig}" entityID="${xmlEscape(entityId)}">
<md:IDPSSODescriptor WantAuthnRequestsSigned="false" protocolSupportEnumeration="${NS.protocol}">
<md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>${certBody(certificatePem)}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
<md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>
<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="${xmlEscape(signInUrl)}"/>
<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="${xmlEscape(signInUrl)}"/>
</md:IDPSSODescriptor>
</md:EntityDescriptor>`;

  function parseRequest(input: string): SamlAuthnRequestInfo {
    let samlRequest = input;
    let relayState: string | undefined;
    if (/^https?:\/\//.test(input)) {
      const u = new URL(input);
      samlRequest = u.searchParams.get('SAMLRequest') ?? '';
      relayState = u.searchParams.get('RelayState') ?? undefined;
    }
    const raw = Buffer.from(samlRequest, 'base64');
    let xml: string;
    try {
      xml = inflateRawSync(raw).toString('utf8');
    } catch {
      xml = raw.toString('utf8'); // HTTP-POST binding: not deflated
    }
    const root = /<(?:\w+:)?AuthnRequest\b([^>]*)>/.exec(xml);
    if (!root) throw new Error('not a SAML AuthnRequest');
    const attr = (name: string) => new RegExp(`\\b${name}="([^"]*)"`).exec(root[1]!)?.[1];
    const id = attr('ID');
    const acsUrl = attr('AssertionConsumerServiceURL');
    const issuer = /<(?:\w+:)?Issuer\b[^>]*>([^<]*)<\/(?:\w+:)?Issuer>/.exec(xml)?.[1]?.trim();
    if (!id || !acsUrl || !issuer) throw new Error('the AuthnRequest lacks ID, AssertionConsumerServiceURL or Issuer');
    const unescape = (s: string) => s.replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    return { id, acsUrl: unescape(acsUrl), issuer: unescape(issuer), ...(relayState !== undefined ? { relayState } : {}) };
  }

  function buildResponse(o: BuildResponseOptions): string {
    const now = new Date();
    const notOnOrAfter = o.notOnOrAfter ?? new Date(now.getTime() + 5 * 60_000);
    const notBefore = o.notBefore ?? new Date(now.getTime() - 60_000);
    const issuer = xmlEscape(o.issuer ?? entityId);
    const irt = o.inResponseTo ? ` InResponseTo="${xmlEscape(o.inResponseTo)}"` : '';
    const acs = xmlEscape(o.acsUrl);
    const assertion = `<saml:Assertion xmlns:saml="${NS.assertion}" ID="${samlId()}" Version="2.0" IssueInstant="${iso(now)}">`
      + `<saml:Issuer>${issuer}</saml:Issuer>`
      + `<saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">${xmlEscape(o.nameId)}</saml:NameID>`
      + `<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData${irt} NotOnOrAfter="${iso(notOnOrAfter)}" Recipient="${acs}"/></saml:SubjectConfirmation></saml:Subject>`
      + `<saml:Conditions NotBefore="${iso(notBefore)}" NotOnOrAfter="${iso(notOnOrAfter)}"><saml:AudienceRestriction><saml:Audience>${xmlEscape(o.audience)}</saml:Audience></saml:AudienceRestriction></saml:Conditions>`
      + `<saml:AuthnStatement AuthnInstant="${iso(now)}" SessionIndex="${samlId()}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>`
      + attributeXml(o.attributes ?? {})
      + `</saml:Assertion>`;
    const keys = o.signWith === 'other-key' ? otherKeys : idpKeys;
    const response = `<samlp:Response xmlns:samlp="${NS.protocol}" xmlns:saml="${NS.assertion}" ID="${samlId()}" Version="2.0" IssueInstant="${iso(now)}" Destination="${acs}"${irt}>`
      + `<saml:Issuer>${issuer}</saml:Issuer>`
      + `<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>`
      + assertion
      + `</samlp:Response>`;
    let signed = signElement(response, keys, 'Assertion');
    if (o.signResponse) signed = signElement(signed, keys, 'Response');
    return Buffer.from(signed, 'utf8').toString('base64');
  }

  function signInForm(samlRequest: string, relayState: string, error?: string): string {
    return signInPage({ idpName: 'Test IdP', kind: 'SAML identity provider', action: '/saml/sso', hidden: { SAMLRequest: samlRequest, RelayState: relayState }, error });
  }

  const send = (res: ServerResponse, status: number, type: string, body: string) => {
    res.writeHead(status, { 'content-type': `${type}; charset=utf-8`, 'cache-control': 'no-store' });
    res.end(body);
  };

  server.on('request', (req, res) => {
    void (async () => {
      const u = new URL(req.url ?? '/', url);
      if (u.pathname === '/saml/metadata' && req.method === 'GET') return send(res, 200, 'application/samlmetadata+xml', metadataXml);
      if (u.pathname !== '/saml/sso') return send(res, 404, 'text/plain', 'not found');
      if (req.method === 'GET') {
        const samlRequest = u.searchParams.get('SAMLRequest') ?? '';
        try {
          parseRequest(samlRequest);
        } catch (e) {
          return send(res, 400, 'text/html', page('Bad SAML request', `<h1>Bad SAML request</h1><p role="alert">${htmlEscape((e as Error).message)}</p>`));
        }
        return send(res, 200, 'text/html', signInForm(samlRequest, u.searchParams.get('RelayState') ?? ''));
      }
      if (req.method !== 'POST') return send(res, 405, 'text/plain', 'method not allowed');
      const form = new URLSearchParams(await readBody(req, 256 * 1024));
      const samlRequest = form.get('SAMLRequest') ?? '';
      const relayState = form.get('RelayState') ?? '';
      let info: SamlAuthnRequestInfo;
      try {
        info = parseRequest(samlRequest);
      } catch (e) {
        return send(res, 400, 'text/html', page('Bad SAML request', `<h1>Bad SAML request</h1><p role="alert">${htmlEscape((e as Error).message)}</p>`));
      }
      const email = (form.get('email') ?? '').trim();
      const name = (form.get('name') ?? '').trim() || email;
      if (!/^[^\s@]+@[^\s@]+$/.test(email)) return send(res, 400, 'text/html', signInForm(samlRequest, relayState, 'Enter an email address.'));
      const samlResponse = buildResponse({
        inResponseTo: info.id, acsUrl: info.acsUrl, audience: info.issuer, nameId: email, attributes: { email, name },
      });
      return send(res, 200, 'text/html', `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Signing you in</title></head>
<body><main><h1>Signing you in…</h1>
<form method="post" action="${htmlEscape(info.acsUrl)}">
<input type="hidden" name="SAMLResponse" value="${htmlEscape(samlResponse)}">
${relayState ? `<input type="hidden" name="RelayState" value="${htmlEscape(relayState)}">` : ''}
<noscript><button type="submit">Continue</button></noscript>
</form>
<script>document.forms[0].submit()</script></main></body></html>`);
    })().catch((e: unknown) => {
      if (!res.headersSent) send(res, 500, 'text/plain', `test IdP error: ${(e as Error).message}`);
    });
  });

  return { url, signInUrl, entityId, certificatePem, certificateBase64, metadataXml, parseRequest, buildResponse, close };
}
