/** Resolves after `ms` milliseconds: the one pause the tests, the harness and the soak share. */
export const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));
