/** The protocol core: framing, streaming UTF-8 validation and counting, replies. Pure, no I/O. */
export * from './defaults';
export * from './message-decoder';
export * from './line-splitter';
export * from './preview';
export * from './replies';
export * from './utf8-error';
export * from './utf8-kernel';
