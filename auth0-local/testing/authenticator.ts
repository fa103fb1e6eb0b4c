// An authenticator app for tests: the 6-digit code for the secret the enrolment page shows
// (`#secret` on /u/mfa-otp-enrollment-qr or a Guardian ticket's page). A code works once, so a
// test that signs in again right after enrolling asks for the next time step's code.
import { currentCode } from '../src/mfa.js';

/** The code an authenticator app shows for `secret` at `atMs` (default: now). */
export function authenticatorCode(secret: string, atMs = Date.now()): string {
  return currentCode(secret, atMs);
}

/** The next time step's code (accepted within the tenant's one-step drift window). */
export function nextAuthenticatorCode(secret: string): string {
  return currentCode(secret, Date.now() + 30_000);
}
