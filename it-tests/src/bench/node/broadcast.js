// BENCHMARK BASELINE, NOT A PRODUCT FEATURE: the ecosystem's usual WebSocket server (ws 8 on
// Node) doing what the Payara baseline does: each text frame goes to every session of its room
// (?room=), the sender included; no authentication, storage or JSON. Same generator, same run:
// a second ceiling to read the product and Payara's transport against.
//   node broadcast.js <port>
'use strict';
const { WebSocketServer } = require('ws');

const port = Number(process.argv[2] || 18091);
const rooms = new Map();
const server = new WebSocketServer({ host: '127.0.0.1', port, path: '/baseline/ws', perMessageDeflate: false });

server.on('connection', (socket, request) => {
  const room = new URL(request.url, 'http://localhost').searchParams.get('room') || '';
  let members = rooms.get(room);
  if (!members) {
    members = new Set();
    rooms.set(room, members);
  }
  members.add(socket);
  socket.on('message', (data, isBinary) => {
    if (isBinary) {
      return;
    }
    for (const member of members) {
      if (member.readyState === member.OPEN) {
        member.send(data, { binary: false });
      }
    }
  });
  socket.on('close', () => {
    members.delete(socket);
    if (members.size === 0) {
      rooms.delete(room);
    }
  });
});
server.on('listening', () => console.log(`ws baseline ready on ${port}`));
