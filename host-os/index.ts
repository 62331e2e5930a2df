/**
 * What differs between the machines the checker runs on (Linux and WSL2, macOS, Windows),
 * behind one small module: finding a listening socket without connecting to it (and whose it
 * is), and stopping a started program with everything it started.
 */
export { listenerIsStartedBy } from './listener-owner';
export { listeningSockets } from './listening-sockets';
export { canSendSigterm, spawnOwnGroup, stopProcessTree } from './process-tree';
