// Preloaded into the app's Node process (`node --require ./lib/http/refuse-trace.cjs ... next
// start`, see package.json "start" and scripts/serve.ts, dev.ts). TRACE, TRACK and CONNECT are
// methods the Fetch standard forbids: Next.js fails to build the Request for middleware and
// answers 500 before any code of ours runs, so they are answered 405 here, in front of Next.js.
// (Middleware refuses every other unknown method: lib/http/request-guards.ts.)
const http = require('node:http');

const FORBIDDEN = new Set(['TRACE', 'TRACK', 'CONNECT']);
const emit = http.Server.prototype.emit;

http.Server.prototype.emit = function emitUnlessForbidden(event, request, response) {
  if (event === 'request' && FORBIDDEN.has(String(request.method).toUpperCase())) {
    response.writeHead(405, { allow: 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS', 'content-type': 'text/plain; charset=utf-8' });
    response.end('Method not allowed.');
    return true;
  }
  return emit.apply(this, arguments);
};
