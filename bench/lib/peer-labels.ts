/** The servers the bench measures, by id, and how the page names them. No I/O: the notes generator reads this too. */

export type PeerId = 'ours' | 'ours-on' | 'ours-2w' | 'c' | 'python' | 'naive' | 'naive-nodelay' | 'sink';

/**
 * charcount-server's two modes (server/config.ts's ACCELERATION): "ours" is the plain server
 * students read and the images run; "ours-on" installs the accelerators; "ours-2w" is the
 * accelerated server with its worker cluster (WORKERS=2 needs ACCELERATION=on).
 */
export const ACCELERATION: Partial<Record<PeerId, 'off' | 'on'>> = { ours: 'off', 'ours-on': 'on', 'ours-2w': 'on' };

export const PEER_LABELS: Record<PeerId, string> = {
  ours: 'charcount-server, ACCELERATION=off',
  'ours-on': 'charcount-server, ACCELERATION=on',
  'ours-2w': 'charcount-server, ACCELERATION=on, WORKERS=2',
  c: 'C epoll',
  python: 'Python asyncio',
  naive: 'naive Node',
  'naive-nodelay': 'naive Node, TCP_NODELAY',
  sink: 'raw loopback (C sink)',
};

/** At this much of its CPU or more, the load generator, not the server, may have been the limit. */
export const GENERATOR_BOUND_PCT = 90;
