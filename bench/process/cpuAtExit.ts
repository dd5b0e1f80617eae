// Preloaded (`node --require dist/bench/cpuAtExit.js …`) into a process the bench runs whole: writes
// the CPU time the process used, start-up included, to file descriptor 3 when it exits.
import { writeSync } from 'node:fs';

process.on('exit', () => {
  const { user, system } = process.cpuUsage();
  writeSync(3, JSON.stringify({ cpuMs: (user + system) / 1000 }));
});
