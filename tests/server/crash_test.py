#!/usr/bin/env python3
"""Durability of `paiam serve`: kill -9 while clients write, then restart; and online backup
and restore.

usage: crash_test.py PAIAM_BINARY
"""
import os
import signal
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from paiamtest import Failure, Server, expect, run  # noqa: E402


def list_all_users(root):
    names, marker = set(), None
    while True:
        params = {"MaxItems": 1000}
        if marker:
            params["Marker"] = marker
        r = root.ok("ListUsers", params)
        names.update(u["UserName"] for u in r["Users"]["User"])
        if not r.get("IsTruncated"):
            return names
        marker = r["Marker"]


def kill_9_loses_no_acknowledged_write(binary):
    server = Server(binary).start()
    try:
        acknowledged = []
        lock = threading.Lock()
        stop = threading.Event()

        def writer(index):
            client = server.root()
            n = 0
            while not stop.is_set():
                name = "w%d-%d" % (index, n)
                try:
                    r = client.op("CreateUser", {"UserName": name})
                except Exception:  # noqa: BLE001 - the server is being killed
                    return
                if r.status == 200:
                    with lock:
                        acknowledged.append((name, r.json["Revision"]))
                n += 1

        threads = [threading.Thread(target=writer, args=(i,)) for i in range(4)]
        for t in threads:
            t.start()
        time.sleep(2.0)
        server.proc.send_signal(signal.SIGKILL)
        server.proc.wait()
        stop.set()
        for t in threads:
            t.join(10)
        server.stop()
        expect(len(acknowledged) > 5, "only %d writes acknowledged" % len(acknowledged))

        verify = subprocess.run([binary, "admin", "verify", "--data-dir", server.data_dir],
                                capture_output=True, text=True)
        expect(verify.returncode == 0, verify.stdout + verify.stderr)

        server.start()
        present = list_all_users(server.root())
        missing = [name for name, _ in acknowledged if name not in present]
        expect(not missing, "%d acknowledged writes lost, e.g. %s" % (len(missing), missing[:5]))
        highest = max(revision for _, revision in acknowledged)
        r = server.root().request("GET", "/v1/revision")
        expect(r.json["revision"] >= highest, r)
        print("     %d acknowledged writes before kill -9 (highest revision %d); all present "
              "after restart; admin verify: %s" % (len(acknowledged), highest,
                                                   verify.stdout.strip()))
    finally:
        server.cleanup()


def online_backup_and_restore(binary):
    server = Server(binary).start()
    backup = os.path.join(server.data_dir + "-backup.db")
    try:
        root = server.root()
        root.ok("CreateUser", {"UserName": "before"})
        revision = root.request("GET", "/v1/revision").json["revision"]
        r = subprocess.run([binary, "admin", "backup", backup, "--data-dir", server.data_dir],
                           capture_output=True, text=True)
        expect(r.returncode == 0, r.stdout + r.stderr)
        root.ok("CreateUser", {"UserName": "after"})
        # restore is refused while the server runs
        r = subprocess.run([binary, "admin", "restore", backup, "--data-dir", server.data_dir],
                           capture_output=True, text=True)
        expect(r.returncode != 0 and "in use" in r.stderr, r.stdout + r.stderr)
        server.stop()
        r = subprocess.run([binary, "admin", "restore", backup, "--data-dir", server.data_dir],
                           capture_output=True, text=True)
        expect(r.returncode == 0, r.stdout + r.stderr)
        server.start()
        root = server.root()
        expect(root.request("GET", "/v1/revision").json["revision"] == revision, "revision")
        expect(root.op("GetUser", {"UserName": "before"}).status == 200, "before lost")
        expect(root.op("GetUser", {"UserName": "after"}).status == 404, "after survived restore")
        # a backup never overwrites
        r = subprocess.run([binary, "admin", "backup", backup, "--data-dir", server.data_dir],
                           capture_output=True, text=True)
        expect(r.returncode != 0, "backup overwrote an existing file")
    finally:
        server.cleanup()
        if os.path.exists(backup):
            os.unlink(backup)


if __name__ == "__main__":
    run([kill_9_loses_no_acknowledged_write, online_backup_and_restore], sys.argv[1])
