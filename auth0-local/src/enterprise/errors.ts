// A refused enterprise sign-in: the message is what the person reads on the error page.
export class SsoError extends Error {
  constructor(message: string, readonly status = 400) { super(message); }
}
