#!/usr/bin/env python3
"""Integration tests of `paiam serve --tls-listen`: signed calls over HTTPS verified against the
generated certificate (hostname checking on, for 127.0.0.1 and localhost), the plain and TLS
listeners serving one state, the certificate kept across restarts, an explicit --tls-cert /
--tls-key pair made with `openssl req`, and the refused settings with their exit codes.

usage: tls_test.py PAIAM_BINARY
"""
import http.client
import os
import shutil
import ssl
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from paiamtest import Client, Failure, Response, Server, expect, run, with_server  # noqa: E402

TLS_LINE = "paiam: tls listening on https://"


class TlsServer(Server):
    """`paiam serve` with --tls-listen 127.0.0.1:0 (plus `extra` arguments); with
    tls_flag=False, the address comes from PAIAM_TLS_LISTEN instead; with None, from `extra`
    (a config file)."""

    def __init__(self, binary, extra=(), tls_flag=True, **kw):
        super().__init__(binary, **kw)
        if tls_flag:
            extra = ["--tls-listen", "127.0.0.1:0"] + list(extra)
        elif tls_flag is False:
            self.env["PAIAM_TLS_LISTEN"] = "127.0.0.1:0"
        self.extra = list(extra)
        self.tls_address = None
        self.certificate_file = None
        self.lines = []

    def start(self, timeout=20):
        self.log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(
            [self.binary, "serve", "--listen", "127.0.0.1:0", "--data-dir", self.data_dir]
            + self.extra,
            stdout=subprocess.PIPE, stderr=self.log, env=self.env)
        deadline = time.time() + timeout
        while time.time() < deadline:
            line = self.proc.stdout.readline().decode()
            if not line:
                raise Failure("paiam serve exited: " + self.read_log())
            self.lines.append(line)
            if line.startswith("listening on "):
                self.address = line.split()[-1]
            elif line.startswith(TLS_LINE):
                # "paiam: tls listening on https://127.0.0.1:PORT (certificate FILE)"
                self.tls_address = line[len(TLS_LINE):].split()[0]
                self.certificate_file = line.rsplit("(certificate ", 1)[1].rstrip(")\n")
                expect(self.address is not None, "the TLS line came before the plain one")
                return self
        raise Failure("paiam serve did not print its TLS address within %ds" % timeout)

    def tls_root(self, cafile=None, host="127.0.0.1"):
        c = self.credentials()
        return TlsClient(self.tls_address, c["access_key_id"], c["access_key_secret"],
                         cafile or self.certificate_file, host)


class TlsClient(Client):
    """The harness's signed client over HTTPS: verifies the chain against `cafile` and the
    certificate's name against `host` (the address connected to)."""

    def __init__(self, address, access_key_id, secret, cafile, host="127.0.0.1"):
        super().__init__(address, access_key_id, secret)
        self.context = ssl.create_default_context(cafile=cafile)
        expect(self.context.check_hostname, "hostname checking is off")
        self.host = host
        self.address = "%s:%d" % (host, self.port)
        self.conn.close()
        self.conn = self.connect()

    def connect(self):
        return http.client.HTTPSConnection(self.host, self.port, timeout=30,
                                           context=self.context)

    def raw(self, method, path, headers, body=b""):
        self.conn.request(method, path, body=body, headers=headers)
        r = self.conn.getresponse()
        data = r.read().decode("utf-8", "replace")
        return Response(r.status, {k.lower(): v for k, v in r.getheaders()}, data)


def with_tls_server(fn):
    return with_server(fn, TlsServer)


@with_tls_server
def signed_whoami_over_https(server):
    expect(server.certificate_file == os.path.join(server.data_dir, "tls-cert.pem"),
           server.certificate_file)
    for host in ("127.0.0.1", "localhost"):
        root = server.tls_root(host=host)
        r = root.request("GET", "/v1/whoami")
        expect(r.status == 200, r)
        expect(r.json["arn"] == "acs:ram::%s:root" % server.account(), r)
        sock = root.conn.sock
        expect(sock is not None and sock.version() in ("TLSv1.2", "TLSv1.3"),
               sock and sock.version())
        # keep-alive: a second call on the same TLS connection
        r = root.request("GET", "/v1/whoami")
        expect(r.status == 200 and root.conn.sock is sock, "the TLS connection was not reused")
        root.close()
    expect(any(line.startswith("generated a self-signed TLS certificate") for line in server.lines),
           server.lines)


@with_tls_server
def plain_and_tls_listeners_serve_one_state(server):
    tls = server.tls_root()
    plain = server.root()
    expect(server.address != server.tls_address, server.tls_address)
    tls.ok("CreateUser", {"UserName": "over_tls"})
    r = plain.op("GetUser", {"UserName": "over_tls"})
    expect(r.status == 200 and r.json["User"]["UserName"] == "over_tls", r)
    plain.ok("CreateUser", {"UserName": "over_plain"})
    r = tls.op("GetUser", {"UserName": "over_plain"})
    expect(r.status == 200, r)
    # an unsigned call over TLS is refused just as over plain HTTP
    r = tls.raw("GET", "/v1/whoami", {"host": tls.address})
    expect(r.status == 400 and r.json["Code"] == "IncompleteSignature", r)
    # plain HTTP spoken to the TLS port gets no answer, and the port keeps serving TLS
    conn = http.client.HTTPConnection("127.0.0.1", int(server.tls_address.rsplit(":", 1)[1]),
                                      timeout=10)
    try:
        conn.request("GET", "/healthz")
        conn.getresponse()
        raise Failure("plain HTTP on the TLS port got an answer")
    except (http.client.HTTPException, ConnectionError, OSError):
        pass
    finally:
        conn.close()
    expect(tls.request("GET", "/v1/whoami").status == 200, "TLS stopped serving")


def another_certificate_is_not_trusted(binary):
    first = TlsServer(binary).start()
    second = TlsServer(binary).start()
    try:
        stranger = second.tls_root(cafile=first.certificate_file)
        try:
            stranger.request("GET", "/v1/whoami")
            raise Failure("a certificate from another data directory was trusted")
        except ssl.SSLCertVerificationError:
            pass
    finally:
        first.cleanup()
        second.cleanup()


def generated_certificate_is_kept_across_restarts(binary):
    server = TlsServer(binary).start()
    try:
        with open(server.certificate_file) as f:
            before = f.read()
        expect(server.stop() == 0, "serve did not exit 0")
        again = TlsServer(binary, data_dir=server.data_dir, tls_flag=False).start()
        try:
            with open(again.certificate_file) as f:
                expect(f.read() == before, "the certificate changed across a restart")
            expect(not any(line.startswith("generated") for line in again.lines), again.lines)
            expect(again.tls_root().request("GET", "/v1/whoami").status == 200, "whoami")
        finally:
            again.cleanup()
    finally:
        server.cleanup()


def make_pair(directory, name, san="IP:127.0.0.1"):
    cert = os.path.join(directory, name + ".pem")
    key = os.path.join(directory, name + ".key")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-sha256",
                    "-days", "2", "-subj", "/CN=" + name, "-addext", "subjectAltName=" + san,
                    "-keyout", key, "-out", cert],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return cert, key


def explicit_certificate_and_key(binary):
    if shutil.which("openssl") is None:
        print("skip explicit_certificate_and_key: no openssl command (Debian package openssl)")
        return
    directory = tempfile.mkdtemp(prefix="paiam-tls-pair-")
    try:
        cert, key = make_pair(directory, "given")
        config = os.path.join(directory, "paiam.conf")
        with open(config, "w") as f:  # all three TLS settings from the config file
            f.write("tls_listen = 127.0.0.1:0\ntls_cert = %s\ntls_key = %s  # given\n"
                    % (cert, key))
        server = TlsServer(binary, extra=["--config", config], tls_flag=None).start()
        try:
            expect(server.certificate_file == cert, server.certificate_file)
            expect(not os.path.exists(os.path.join(server.data_dir, "tls-cert.pem")),
                   "a certificate was generated although one was given")
            r = server.tls_root().request("GET", "/v1/whoami")
            expect(r.status == 200, r)
            try:  # the given certificate names 127.0.0.1 only
                server.tls_root(host="localhost").request("GET", "/v1/whoami")
                raise Failure("localhost was accepted for a certificate naming 127.0.0.1 only")
            except ssl.SSLCertVerificationError:
                pass
        finally:
            server.cleanup()
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def serve_exit(binary, args, env=None):
    data_dir = tempfile.mkdtemp(prefix="paiam-tls-bad-")
    try:
        p = subprocess.run([binary, "serve", "--listen", "127.0.0.1:0", "--data-dir", data_dir]
                           + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=30,
                           env=dict(os.environ, **(env or {})))
        return p.returncode, p.stderr.decode()
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


def bad_tls_settings_are_refused(binary):
    directory = tempfile.mkdtemp(prefix="paiam-tls-pairs-")
    try:
        have_openssl = shutil.which("openssl") is not None
        if have_openssl:
            cert_a, key_a = make_pair(directory, "a")
            _, key_b = make_pair(directory, "b")
        else:
            print("skip the mismatched-pair case: no openssl command (Debian package openssl)")
            cert_a = key_a = key_b = os.path.join(directory, "none")
        tls = ["--tls-listen", "127.0.0.1:0"]
        code, err = serve_exit(binary, tls + ["--tls-cert", cert_a])
        expect(code == 2 and "give both or neither" in err, (code, err))
        code, err = serve_exit(binary, tls, env={"PAIAM_TLS_KEY": key_a})
        expect(code == 2 and "give both or neither" in err, (code, err))
        code, err = serve_exit(binary, ["--tls-cert", cert_a, "--tls-key", key_a])
        expect(code == 2 and "need --tls-listen" in err, (code, err))
        code, err = serve_exit(binary, ["--tls-listen", "no-port"])
        expect(code == 2 and "--tls-listen expects HOST:PORT" in err, (code, err))
        missing = os.path.join(directory, "missing.pem")
        code, err = serve_exit(binary, tls + ["--tls-cert", missing, "--tls-key", key_a])
        expect(code == 1 and "[http.tls]" in err and "missing.pem" in err, (code, err))
        if have_openssl:
            code, err = serve_exit(binary, tls + ["--tls-cert", cert_a, "--tls-key", key_b])
            expect(code == 1 and "[http.tls]" in err and "does not belong" in err, (code, err))
    finally:
        shutil.rmtree(directory, ignore_errors=True)


if __name__ == "__main__":
    run([signed_whoami_over_https, plain_and_tls_listeners_serve_one_state,
         another_certificate_is_not_trusted, generated_certificate_is_kept_across_restarts,
         explicit_certificate_and_key, bad_tls_settings_are_refused],
        sys.argv[1])
