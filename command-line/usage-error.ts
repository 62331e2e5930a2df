/** A mistake in how the checker was called: one line, exit code 2. */
export class UsageError extends Error {}

/** The server could not be started or built: one line, exit code 3. */
export class StartError extends Error {}
