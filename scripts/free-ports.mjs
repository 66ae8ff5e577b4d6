// Prints `count` (default 1) loopback TCP ports that are free now, space-separated, so a
// test run can start its own servers beside a portal already serving (make run).
import { createServer } from 'node:net';

const count = Number(process.argv[2] ?? 1);
const listeners = [];
for (let i = 0; i < count; i++) {
  const listener = createServer();
  await new Promise((resolve, reject) => {
    listener.once('error', reject);
    listener.listen(0, '127.0.0.1', resolve);
  });
  listeners.push(listener);
}
// All held at once, so the ports differ from one another.
console.log(listeners.map((listener) => listener.address().port).join(' '));
await Promise.all(listeners.map((listener) => new Promise((resolve) => listener.close(resolve))));
