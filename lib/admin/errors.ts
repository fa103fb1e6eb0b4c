// Errors the admin console shows as they are: a refusal that names the form field it is
// about (or none), never a stack trace. Management API failures stay ManagementApiError.
export class AdminError extends Error {
  constructor(message: string, readonly field?: string) {
    super(message);
    this.name = 'AdminError';
  }
}
