/** Protocol constants shared by the server, the client and the tests. */
export const DEFAULT_PORT = 12345;
/** How long unterminated bytes may wait before they count as a whole message (classic clients). */
export const DEFAULT_QUIET_PERIOD_MS = 150;
export const DEFAULT_MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
export const DEFAULT_IDLE_TIMEOUT_MS = 300_000;
/** As Redis's maxclients; at start the server lowers it to what the open-file limit allows. */
export const DEFAULT_MAX_CONNECTIONS = 10_000;
/** Leading bytes of each message kept for log lines and transcripts. */
export const PREVIEW_BYTES = 64;
