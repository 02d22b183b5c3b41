"""Test harness for `paiam serve`: start it on a free loopback port with its own data
directory, sign requests exactly as the Alibaba Cloud SDKs do, and stop it.

The signer here is an independent implementation of ACS3-HMAC-SHA256 and RPC v1
(shared/spec/alibaba-api.md §1.4, §1.5) in the Python standard library, so the server's
verifier is checked against a second reading of the spec, not against itself.
"""
import base64
import hashlib
import hmac
import http.client
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
import uuid


def rfc3986(value):
    return urllib.parse.quote(str(value), safe="~")


def iso8601(epoch_seconds=None):
    t = time.gmtime(time.time() if epoch_seconds is None else epoch_seconds)
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", t)


class Failure(Exception):
    pass


def expect(condition, message):
    if not condition:
        raise Failure(message)


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body
        try:
            self.json = json.loads(body) if body else None
        except ValueError:
            self.json = None

    def __repr__(self):
        return "HTTP %d %s" % (self.status, self.body[:500])


class Client:
    """A signed client. `tamper` hooks let tests break one thing at a time."""

    def __init__(self, address, access_key_id, secret):
        self.host, port = address.rsplit(":", 1)
        self.port = int(port)
        self.address = address
        self.access_key_id = access_key_id
        self.secret = secret
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)

    def close(self):
        self.conn.close()

    def raw(self, method, path, headers, body=b""):
        try:
            self.conn.request(method, path, body=body, headers=headers)
            r = self.conn.getresponse()
        except (http.client.HTTPException, ConnectionError):
            self.conn.close()
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
            self.conn.request(method, path, body=body, headers=headers)
            r = self.conn.getresponse()
        data = r.read().decode("utf-8", "replace")
        return Response(r.status, {k.lower(): v for k, v in r.getheaders()}, data)

    def sign_acs3(self, method, path, query, headers, body, secret=None):
        """Adds the x-acs-* headers and Authorization; returns the headers."""
        h = {k.lower(): v for k, v in headers.items()}
        h.setdefault("host", self.address)
        h.setdefault("x-acs-date", iso8601())
        h.setdefault("x-acs-signature-nonce", uuid.uuid4().hex)
        h.setdefault("x-acs-content-sha256", hashlib.sha256(body).hexdigest())
        signed = sorted(k for k in h if k.startswith("x-acs-") or k in ("host", "content-type"))
        canonical_query = "&".join(
            "%s=%s" % (k, rfc3986(v)) for k, v in sorted(query, key=lambda kv: kv[0]))
        canonical = "\n".join([
            method, path, canonical_query,
            "".join("%s:%s\n" % (k, h[k].strip()) for k in signed),
            ";".join(signed), h["x-acs-content-sha256"]])
        to_sign = "ACS3-HMAC-SHA256\n" + hashlib.sha256(canonical.encode()).hexdigest()
        signature = hmac.new((secret or self.secret).encode(), to_sign.encode(),
                             hashlib.sha256).hexdigest()
        h["authorization"] = "ACS3-HMAC-SHA256 Credential=%s,SignedHeaders=%s,Signature=%s" % (
            self.access_key_id, ";".join(signed), signature)
        return h

    def request(self, method, path, body=None, query=(), headers=None, secret=None,
                after_sign=None):
        data = b"" if body is None else (body if isinstance(body, bytes)
                                         else json.dumps(body).encode())
        h = dict(headers or {})
        if data:
            h.setdefault("content-type", "application/json; charset=utf-8")
        h = self.sign_acs3(method, path, list(query), h, data, secret)
        if after_sign:
            h, data = after_sign(h, data)
        target = path
        if query:
            target += "?" + "&".join("%s=%s" % (k, rfc3986(v)) for k, v in query)
        return self.raw(method, target, h, data)

    def op(self, name, params=None, **kw):
        return self.request("POST", "/v1/ops/" + name, params or {}, **kw)

    def ok(self, name, params=None):
        r = self.op(name, params)
        expect(r.status == 200, "%s %s -> %r" % (name, params, r))
        return r.json

    def rpc_v1(self, action, params, version="2015-05-01", secret=None, timestamp=None,
               nonce=None):
        """RPC with the legacy HMAC-SHA1 query signature."""
        p = dict(params)
        p.update({"Action": action, "Version": version, "Format": "JSON",
                  "Timestamp": timestamp or iso8601(), "SignatureNonce": nonce or uuid.uuid4().hex,
                  "SignatureMethod": "HMAC-SHA1", "SignatureVersion": "1.0",
                  "AccessKeyId": self.access_key_id})
        canonical = "&".join("%s=%s" % (rfc3986(k), rfc3986(v)) for k, v in sorted(p.items()))
        to_sign = "POST&%2F&" + rfc3986(canonical)
        key = ((secret or self.secret) + "&").encode()
        p["Signature"] = base64.b64encode(
            hmac.new(key, to_sign.encode(), hashlib.sha1).digest()).decode()
        target = "/?" + "&".join("%s=%s" % (rfc3986(k), rfc3986(v)) for k, v in p.items())
        return self.raw("POST", target, {"host": self.address, "content-length": "0"}, b"")


class Server:
    """`paiam serve` on 127.0.0.1:0 with a data directory of its own."""

    def __init__(self, binary, data_dir=None, env=None):
        self.binary = binary
        self.owns_dir = data_dir is None
        self.data_dir = data_dir or tempfile.mkdtemp(prefix="paiam-test-")
        self.env = dict(os.environ, **(env or {}))
        self.proc = None
        self.address = None
        self.log_path = os.path.join(self.data_dir, "..", os.path.basename(self.data_dir) + ".log")

    def start(self, timeout=20):
        self.log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(
            [self.binary, "serve", "--listen", "127.0.0.1:0", "--data-dir", self.data_dir],
            stdout=subprocess.PIPE, stderr=self.log, env=self.env)
        deadline = time.time() + timeout
        while time.time() < deadline:
            line = self.proc.stdout.readline().decode()
            if not line:
                raise Failure("paiam serve exited: " + self.read_log())
            if line.startswith("listening on "):
                self.address = line.split()[-1]
                return self
        raise Failure("paiam serve did not print its address within %ds" % timeout)

    def read_log(self):
        try:
            with open(self.log_path, "rb") as f:
                return f.read().decode("utf-8", "replace")[-4000:]
        except OSError:
            return ""

    def credentials(self):
        with open(os.path.join(self.data_dir, "root-credentials.json")) as f:
            return json.load(f)

    def root(self):
        c = self.credentials()
        return Client(self.address, c["access_key_id"], c["access_key_secret"])

    def account(self):
        return self.credentials()["account_id"]

    def stop(self, sig=signal.SIGTERM, timeout=20):
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            code = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            code = self.proc.wait()
            raise Failure("paiam serve did not stop within %ds of signal %d" % (timeout, sig))
        finally:
            self.proc.stdout.close()
            self.log.close()
            self.proc = None
        return code

    def cleanup(self):
        try:
            self.stop(signal.SIGKILL)
        except Failure:
            pass
        if self.owns_dir:
            shutil.rmtree(self.data_dir, ignore_errors=True)
            try:
                os.unlink(self.log_path)
            except OSError:
                pass


def with_server(fn, server_class=None):
    """Turns fn(server) into a test f(binary): a started server (`server_class`, default
    Server) that is always cleaned up."""
    def test(binary):
        server = (server_class or Server)(binary).start()
        try:
            fn(server)
        finally:
            server.cleanup()
    test.__name__ = fn.__name__
    return test


def run(tests, binary):
    """Runs test functions f(binary); prints one line each; exits non-zero on any failure."""
    failures = 0
    for test in tests:
        started = time.time()
        try:
            test(binary)
            print("ok   %-45s %.2fs" % (test.__name__, time.time() - started))
        except Exception as e:  # noqa: BLE001 - report every kind of failure
            failures += 1
            print("FAIL %-45s %s: %s" % (test.__name__, type(e).__name__, e))
        sys.stdout.flush()
    print("%d passed, %d failed" % (len(tests) - failures, failures))
    sys.exit(1 if failures else 0)
