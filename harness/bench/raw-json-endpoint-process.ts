// Row (a)'s server, in a child process of its own: the least a Custom Endpoint can do. node:http,
// no framework, no token check and no JSON parse; it reads the request, then answers an event
// POST with a fixed valid reply, GET …/state with "online" and a PUT with 200. Rows (a), (b),
// (c) and (e) all call this one process, so their comparison is fair.
// Output (IPC): { origin }.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { reportToParent } from './bench-child.ts';
import { eventReplyBody, stateReplyBody } from './event-exchange.ts';

const json = (body: string) => ({
  'content-type': 'application/json',
  'content-length': Buffer.byteLength(body),
});

const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    if (req.method === 'POST') {
      res.writeHead(200, json(eventReplyBody)).end(eventReplyBody);
    } else if (req.method === 'GET') {
      res.writeHead(200, json(stateReplyBody)).end(stateReplyBody);
    } else {
      res.writeHead(200, { 'content-length': 0 }).end();
    }
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  void reportToParent({ origin: `http://127.0.0.1:${port}` });
});
const stop = () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
};
process.once('SIGTERM', stop);
// A bench that crashed never sends SIGTERM: its IPC channel closing ends this server too.
process.once('disconnect', stop);
