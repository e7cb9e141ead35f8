// Preloaded into the app by `npm run bench -- --profile`: samples the CPU from start-up and
// writes a .cpuprofile (Chrome DevTools format) on SIGUSR2, before the harness stops the app.
const { Session } = require('node:inspector');
const { mkdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const session = new Session();
session.connect();
session.post('Profiler.enable');
session.post('Profiler.setSamplingInterval', { interval: 200 });
session.post('Profiler.start');

process.on('SIGUSR2', () => {
  session.post('Profiler.stop', (error, result) => {
    if (error) return;
    const dir = process.env.BENCH_PROFILE_DIR || '.';
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `app-${Date.now()}.cpuprofile`);
    writeFileSync(file, JSON.stringify(result.profile));
    process.stdout.write(`cpu profile: ${file}\n`);
  });
});
