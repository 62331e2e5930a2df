// Fault (Node): writes the count as a number. socket.write() takes a string or bytes, so the
// first message throws TypeError [ERR_INVALID_ARG_TYPE] in the 'data' handler; nothing
// catches it, and Node prints the error with its stack and exits with code 1 (the other
// faults of this folder are Python; this one stands for a Node server's crash line).
// Otherwise a plain Node server: one 'data' event is taken as the whole message.
import net from 'node:net';

const port = Number(process.env.PORT) || 12345;

const server = net.createServer((socket) => {
  socket.on('data', (data) => {
    const count = [...data.toString('utf8')].length;
    socket.write(count);
  });
});

server.listen(port, 'localhost', () => console.log(`crashes-node: listening on localhost:${port}`));
