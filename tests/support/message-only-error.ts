/** An error that vitest shows as its message alone, with no stack: for a missing tool or service, where the stack says nothing. */
export function messageOnlyError(message: string): Error {
  const error = new Error(message);
  error.stack = message;
  return error;
}
