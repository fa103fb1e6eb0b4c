// The domain error: a refusal the person on the page sees as it is (a rule of the
// organization, bad input, something that no longer exists), naming the form field it is
// about or none, never a stack trace. Every feature throws it; the admin forms, pages and the
// SCIM endpoint each render it. Management API failures stay ManagementApiError.
export class DomainError extends Error {
  constructor(message: string, readonly field?: string) {
    super(message);
    this.name = 'DomainError';
  }
}
