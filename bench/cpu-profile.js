// Preloaded into every server by `npm run bench -- --profile`: the harness profiles each measured
// run, so a profile holds that run's requests and nothing else (no start-up, no warm-up).
// SIGUSR1 starts sampling the CPU; SIGUSR2 stops and writes `<BENCH_PROFILE_PATH>.<n>.cpuprofile`
// (Chrome DevTools format), n = 1, 2, … in the order of the windows.
const { Session } = require('node:inspector');
const { mkdirSync, renameSync, writeFileSync } = require('node:fs');
const { dirname } = require('node:path');

const session = new Session();
session.connect();
session.post('Profiler.enable');
session.post('Profiler.setSamplingInterval', { interval: 200 });
let windows = 0;

process.on('SIGUSR1', () => session.post('Profiler.start'));
process.on('SIGUSR2', () => {
  session.post('Profiler.stop', (error, result) => {
    if (error) return;
    const file = `${process.env.BENCH_PROFILE_PATH}.${++windows}.cpuprofile`;
    mkdirSync(dirname(file), { recursive: true });
    // Written aside and renamed, so the harness never reads a half-written file.
    writeFileSync(`${file}.tmp`, JSON.stringify(result.profile));
    renameSync(`${file}.tmp`, file);
  });
});
