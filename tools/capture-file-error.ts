/**
 * What is wrong with a capture file, in one line a student can act on: the capture-report
 * tool prints it and exits 2. Every reader in tools/ throws this and nothing else for bad input.
 */
export class CaptureFileError extends Error {}
