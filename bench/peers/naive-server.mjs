// The charcount server as most of us write it the first time, kept as a benchmark peer.
//
// It works for ASCII and for many messages, and it is what the lab's real server is
// measured against: the text is decoded into a string (setEncoding keeps characters cut
// across reads whole), accumulated with +=, cut with split('\n') on every read, counted
// with .length, and every reply is its own socket.write(). Node's defaults are kept, so
// Nagle's algorithm is on. What it gets wrong, on purpose, because this is the point:
//   - .length counts UTF-16 code units, so an emoji counts 2 (a flag 4), not 1;
//   - invalid UTF-8 is silently replaced by U+FFFD and counted; there is no ERROR line;
//   - a long line is re-split on every read (quadratic) and held whole in memory.
// Classic clients (no newline) are answered after 150 ms of silence, like the real server.
// --no-delay turns Nagle's algorithm off (socket.setNoDelay), for the bench's comparison.
//
//   node naive-server.mjs [--port N] [--quiet-period-ms MS] [--no-delay]
import net from 'node:net';
import { clearTimeout, setTimeout } from 'node:timers';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: { port: { type: 'string', default: '12345' }, 'quiet-period-ms': { type: 'string', default: '150' }, 'no-delay': { type: 'boolean', default: false } },
});
const quietPeriodMs = Number(values['quiet-period-ms']);
const reply = (text) => `Jumlah karakter dalam kalimat tersebut adalah ${text.length}\n`;

const server = net.createServer((socket) => {
  socket.setEncoding('utf8');
  if (values['no-delay']) socket.setNoDelay(true);
  let buffered = '';
  let quietTimer;
  socket.on('data', (text) => {
    buffered += text;
    const lines = buffered.split('\n');
    buffered = lines.pop();
    for (const line of lines) socket.write(reply(line.endsWith('\r') ? line.slice(0, -1) : line));
    clearTimeout(quietTimer);
    if (buffered !== '' && quietPeriodMs > 0) {
      quietTimer = setTimeout(() => {
        socket.write(reply(buffered));
        buffered = '';
      }, quietPeriodMs);
    }
  });
  socket.on('end', () => {
    clearTimeout(quietTimer);
    if (buffered !== '') socket.write(reply(buffered));
    socket.end();
  });
  socket.on('error', () => socket.destroy());
});

server.listen(Number(values.port), '127.0.0.1', () => {
  console.log(`naive-server listening on port ${server.address().port}`);
});
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => process.exit(0));
