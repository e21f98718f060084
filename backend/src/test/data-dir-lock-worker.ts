// One contender in data-dir-lock.test.ts. On "go <epoch ms>" it tries to take the DATA_DIR lock at
// that instant and prints the outcome; on "release" it gives the lock up (if it won) and prints
// "released", ready for the next round; on "exit" it exits holding whatever it holds.
import { createInterface } from 'node:readline';
import { acquireDataDirLock } from '../db/data-dir-lock.js';

const dataDir = process.argv[2]!;
let release: (() => Promise<void>) | undefined;
console.log('ready');
createInterface({ input: process.stdin }).on('line', (line) => {
  const [command, at] = line.split(' ');
  if (command === 'go') {
    // The barrier: every contender spins to the same instant, so that those on a CPU then go together.
    while (Date.now() < Number(at));
    try {
      release = acquireDataDirLock(dataDir);
      console.log('won');
    } catch (error) {
      console.log(`lost ${(error as Error).message}`);
    }
  } else if (command === 'release') {
    const done = release?.() ?? Promise.resolve();
    release = undefined;
    void done.then(() => console.log('released'));
  } else if (command === 'exit') {
    process.exit(0);
  }
});
