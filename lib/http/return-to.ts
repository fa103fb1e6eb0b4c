// The one return-to sanitizer: where to send someone after sign-in. Edge-safe (middleware
// and the Auth0 callback use it as well as pages), so no server-only imports here.

/**
 * A same-site path to come back to, or `fallback`. Refuses whatever a browser or `new URL`
 * would resolve to another origin: "//host", backslashes ("/\host"), absolute URLs, and
 * control characters (browsers drop tabs and newlines, so "/\t/evil.example" is "//evil.example").
 */
export function safeReturnTo(value: string | string[] | null | undefined, fallback = '/projects'): string {
  // A repeated query parameter (?returnTo=a&returnTo=b) arrives as an array.
  if (typeof value !== 'string') return fallback;
  return value.startsWith('/') && !value.startsWith('//') && !value.includes('\\') && !/[\u0000-\u001f\u007f]/.test(value) ? value : fallback;
}
