'use strict';

const net = require('node:net');

/**
 * A free loopback port: bind :0, read the port, release it. The proxy is then started on that port,
 * which avoids parsing its logs to learn where it listens.
 * @returns {Promise<number>}
 */
function findFreePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

module.exports = { findFreePort };
