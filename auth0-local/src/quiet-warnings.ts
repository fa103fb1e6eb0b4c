// oidc-provider 9 officially supports Node 22+, and says so on every start under Node 20
// (it runs fine here: see docs/oidc-provider-notes). Drop that line and the one-time notice
// about the token endpoint's body being parsed by our Auth0 compatibility shim. Import this
// module before anything that imports oidc-provider.
const FILTERED = [/Unsupported runtime/, /already parsed request body/];
const original = console.warn.bind(console);
const patched = (...args: unknown[]) => {
  if (typeof args[0] === 'string' && args[0].includes('oidc-provider') && FILTERED.some((re) => re.test(args[0] as string))) return;
  original(...args);
};
if (!(console.warn as { __auth0LocalQuiet?: boolean }).__auth0LocalQuiet) {
  Object.assign(patched, { __auth0LocalQuiet: true });
  console.warn = patched;
}
export {};
