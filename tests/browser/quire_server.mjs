// The quire binary under test, started on a fresh data folder for a browser test: one copy of
// starting (`quire serve` on a random loopback port, URL read from its first stdout line),
// stopping (SIGTERM, SIGKILL after 20 s) and running CLI commands against the same folder.
import { spawn, execFileSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

// QUIRE_BIN, else the first build that exists.
export const quireBin = process.env.QUIRE_BIN ||
  ['debug', 'release', 'asan'].map((p) => path.join(repo, 'build', p, 'src', 'quire'))
    .find((p) => fs.existsSync(p)) || path.join(repo, 'build', 'debug', 'src', 'quire');

export class QuireServer {
  constructor(dataDir) {
    this.dataDir = dataDir;
    this.log = '';  // everything the server printed (shown when a test fails)
    this.process = null;
  }

  // `quire GROUP VERB --data DIR REST...`; returns its stdout.
  cli(args, input = '') {
    const argv = [...args.slice(0, 2), '--data', this.dataDir, ...args.slice(2)];
    return execFileSync(quireBin, argv, { encoding: 'utf8', input, timeout: 30000 });
  }

  // Starts `quire serve`; resolves with its URL ("http://127.0.0.1:PORT/").
  start() {
    return new Promise((resolve, reject) => {
      const server = spawn(quireBin, ['serve', '--data', this.dataDir, '--listen',
        '127.0.0.1:0', '--threads', '2'], { stdio: ['ignore', 'pipe', 'pipe'] });
      this.process = server;
      const timer = setTimeout(() => reject(new Error(`no URL within 20 s\n${this.log}`)), 20000);
      const early = (code) => {
        clearTimeout(timer);
        reject(new Error(`quire serve exited ${code} before printing its URL\n${this.log}`));
      };
      server.on('exit', early);
      server.stderr.on('data', (d) => { this.log += d; });
      const lines = createInterface({ input: server.stdout });
      let first = true;
      lines.on('line', (line) => {
        this.log += `${line}\n`;
        if (!first) return;
        first = false;
        clearTimeout(timer);
        server.off('exit', early);
        const url = line.trim();
        if (!/^http:\/\/127\.0\.0\.1:\d+\/$/.test(url)) {
          reject(new Error(`first stdout line is not the URL: ${line}`));
        } else {
          resolve(url);
        }
      });
    });
  }

  // Stops the server; resolves with its exit code (-1 when killed by a signal).
  stop() {
    const server = this.process;
    return new Promise((resolve) => {
      if (!server || server.exitCode !== null) return resolve(server ? server.exitCode : 0);
      const timer = setTimeout(() => { server.kill('SIGKILL'); }, 20000);
      server.once('exit', (code, signal) => { clearTimeout(timer); resolve(signal ? -1 : code); });
      server.kill('SIGTERM');
    });
  }
}
