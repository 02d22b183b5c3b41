'use strict';
// Test harness for the Node SDK suite: starts `paiam serve` on 127.0.0.1:0 with a fresh data
// directory, builds RAM clients exactly as users configure them (OpenApi.Config with endpoint
// and protocol 'http'), and always stops the server with SIGTERM.
//
// Depends only on Node's standard library and the pinned SDK packages of package.json. The
// paiam binary comes from PAIAM_BINARY (set by run.sh). Each test file calls startServer() in
// a top-level before() and server.stop() in after(), so a file owns one server and one store;
// process.on('exit') kills a server that a crashed test left behind.

const assert = require('node:assert/strict');
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const OpenApi = require('@alicloud/openapi-client');
const Ram = require('@alicloud/ram20150501');

const RamClient = Ram.default;
const kStartTimeoutMs = 20000;
const kStopTimeoutMs = 20000;

class Server {
  constructor(proc, dataDir, address, tlsAddress) {
    this.proc = proc;
    this.dataDir = dataDir;
    this.address = address;
    // With startServer({ tls: true }): the HTTPS address and the self-signed certificate that
    // paiam serve generated (trust it with NODE_EXTRA_CA_CERTS).
    this.tlsAddress = tlsAddress;
    this.certificateFile = path.join(dataDir, 'tls-cert.pem');
    this.stderr = '';
    const creds = JSON.parse(fs.readFileSync(path.join(dataDir, 'root-credentials.json'), 'utf8'));
    this.accountId = creds.account_id;
    this.rootKeyId = creds.access_key_id;
    this.rootSecret = creds.access_key_secret;
  }

  // A RAM client as users write it; `extra` adds Config fields (e.g. signatureAlgorithm).
  ram(accessKeyId, accessKeySecret, extra = {}) {
    return new RamClient(new OpenApi.Config({
      accessKeyId, accessKeySecret, endpoint: this.address, protocol: 'http', ...extra,
    }));
  }

  root(extra = {}) {
    return this.ram(this.rootKeyId, this.rootSecret, extra);
  }

  // SIGTERM, wait for the exit, remove the data directory. Returns the exit code.
  async stop() {
    const proc = this.proc;
    if (proc.exitCode === null && proc.signalCode === null) {
      const exited = new Promise((resolve) => proc.once('exit', resolve));
      proc.kill('SIGTERM');
      let timer;
      const timeout = new Promise((resolve) => {
        timer = setTimeout(resolve, kStopTimeoutMs, 'timeout');
      });
      const outcome = await Promise.race([exited, timeout]);
      clearTimeout(timer);
      if (outcome === 'timeout') {
        proc.kill('SIGKILL');
        throw new Error(`paiam serve did not stop within ${kStopTimeoutMs} ms of SIGTERM`);
      }
    }
    fs.rmSync(this.dataDir, { recursive: true, force: true });
    return proc.exitCode;
  }
}

// `options.tls`: also listen with TLS on another free port.
async function startServer(options = {}) {
  const binary = process.env.PAIAM_BINARY;
  if (!binary) throw new Error('PAIAM_BINARY is not set (run the suite with tests/sdk/run.sh)');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'paiam-sdk-'));
  const args = ['serve', '--listen', '127.0.0.1:0', '--data-dir', dataDir];
  if (options.tls) args.push('--tls-listen', '127.0.0.1:0');
  const proc = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  process.on('exit', () => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
  });
  let stderr = '';
  proc.stderr.on('data', (d) => { stderr = (stderr + d).slice(-8000); });
  const addresses = await waitForAddress(proc, () => stderr, !!options.tls).catch((e) => {
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw e;
  });
  return new Server(proc, dataDir, addresses.plain, addresses.tls);
}

// Resolves with the "listening on 127.0.0.1:PORT" address paiam serve prints on stdout, and
// with `tls`, the "tls listening on https://127.0.0.1:PORT" one.
function waitForAddress(proc, stderr, tls) {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`paiam serve printed no address within ${kStartTimeoutMs} ms: ${stderr()}`));
    }, kStartTimeoutMs);
    const onExit = (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`paiam serve exited (${code ?? signal}) before listening: ${stderr()}`));
    };
    proc.once('exit', onExit);
    proc.stdout.on('data', (d) => {
      out += d;
      const m = /(?:^|\n)listening on (127\.0\.0\.1:\d+)/.exec(out);
      const t = /tls listening on https:\/\/(127\.0\.0\.1:\d+)/.exec(out);
      if (m && (!tls || t)) {
        clearTimeout(timer);
        proc.off('exit', onExit);
        resolve({ plain: m[1], tls: t ? t[1] : undefined });
      }
    });
  });
}

// Awaits a call that must fail; checks code and statusCode and returns the SDK error.
async function expectError(promise, code, statusCode) {
  let error;
  try {
    const response = await promise;
    assert.fail(`expected ${code} (${statusCode}), got HTTP ${response.statusCode} ` +
                JSON.stringify(response.body));
  } catch (e) {
    if (e instanceof assert.AssertionError) throw e;
    error = e;
  }
  const seen = `${error.code} (${error.statusCode}): ${JSON.stringify(error.data)}`;
  assert.equal(error.code, code, seen);
  assert.equal(error.statusCode, statusCode, seen);
  assert.ok(error.data && typeof error.data.RequestId === 'string' && error.data.RequestId,
            `error body without RequestId: ${seen}`);
  return error;
}

const allowAllDocument = (actions) => JSON.stringify({
  Version: '1',
  Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }],
});

module.exports = { Ram, startServer, expectError, allowAllDocument };
