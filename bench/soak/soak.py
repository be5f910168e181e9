#!/usr/bin/env python3
"""Soak: run load against the reference server for a long time and check
that memory (RSS, heap in use) and threads stay flat after warm-up, and that
every acknowledged write is readable at the end. Run by hand, not in CI.

  bench/soak/soak.py --minutes 10                      # sqlite, temp dir
  bench/soak/soak.py --minutes 10 --db-url postgres://...  # another backend
  bench/soak/soak.py --minutes 2 --sample-seconds 30   # quick check

Prints one line per sample and a JSON summary (also written to --out).
Exit 0 when every acknowledged write was read back, threads did not grow and
RSS and heap in use grew at most --max-growth (fraction, default 0.25) from
the first samples after warm-up to the last ones (means of up to 3 samples
at each end); 1 otherwise; 2 for bad usage. The summary also gives the
least-squares slope of RSS and heap after warm-up in MiB per minute. The
server is started in its own process group with a temporary data directory;
both are removed at the end, also on Ctrl-C.
"""
import argparse, gzip, http.client, json, os, shutil, signal, socket
import subprocess, sys, tempfile, threading, time, uuid

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TOKEN = ("ns_ZGVmYXVsdA_"
         "71d7e890c5bb4666a234cc1a9ec3f5f15b67c1a73257a3c92e1c0b0c5e0f8e9a")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def proc_status(pid):
    out = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key, _, value = line.partition(":")
            out[key] = value.strip()
    return int(out["VmRSS"].split()[0]) * 1024, int(out["Threads"])


def varint(buf, i):
    shift = value = 0
    while True:
        b = buf[i]; i += 1
        value |= (b & 0x7F) << shift
        if b < 0x80:
            return value, i
        shift += 7


def fields(buf):
    """(field number, wire type, value) of a protobuf message."""
    i = 0
    while i < len(buf):
        key, i = varint(buf, i)
        num, wt = key >> 3, key & 7
        if wt == 0:
            v, i = varint(buf, i)
        elif wt == 2:
            n, i = varint(buf, i); v = buf[i:i + n]; i += n
        elif wt == 1:
            v = buf[i:i + 8]; i += 8
        elif wt == 5:
            v = buf[i:i + 4]; i += 4
        else:
            raise ValueError("bad wire type")
        yield num, wt, v


def heap_inuse_bytes(host, port):
    """Sum of the inuse_space sample values of /debug/pprof/heap."""
    conn = http.client.HTTPConnection(host, port, timeout=60)
    conn.request("GET", "/debug/pprof/heap")
    raw = conn.getresponse().read()
    conn.close()
    data = gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw
    sample_types, strings, samples = [], [], []
    for num, wt, v in fields(data):
        if num == 1:    # sample_type: ValueType{type=1, unit=2}
            sample_types.append(dict((n, x) for n, _, x in fields(v)).get(1, 0))
        elif num == 2:  # sample: values are field 2 (packed or not)
            values = []
            for n, w, x in fields(v):
                if n == 2 and w == 2:
                    j = 0
                    while j < len(x):
                        y, j = varint(x, j); values.append(y)
                elif n == 2:
                    values.append(x)
            samples.append(values)
        elif num == 6:
            strings.append(v.decode("utf-8", "replace"))
    names = [strings[t] if t < len(strings) else "" for t in sample_types]
    if "inuse_space" not in names:
        return -1
    k = names.index("inuse_space")
    return sum(s[k] for s in samples if k < len(s))


class Worker(threading.Thread):
    def __init__(self, n, host, port, stop):
        super().__init__(daemon=True)
        self.stream = f"soak{n}-{uuid.uuid4().hex[:8]}"
        self.host, self.port, self.stop = host, port, stop
        self.acked = []      # message ids the server acknowledged, in order
        self.errors = 0

    def call(self, conn, body):
        conn.request("POST", "/rpc", body=json.dumps(body),
                     headers={"Authorization": "Bearer " + TOKEN,
                              "Content-Type": "application/json"})
        res = conn.getresponse()
        return res.status, json.loads(res.read() or b"null")

    def run(self):
        conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
        i = 0
        while not self.stop.is_set():
            i += 1
            mid = str(uuid.uuid4())
            try:
                status, _ = self.call(conn, ["stream.write", self.stream, {
                    "type": "Soaked", "data": {"i": i, "pad": "x" * 64}},
                    {"id": mid}])
                if status == 200:
                    self.acked.append(mid)
                else:
                    self.errors += 1
                if i % 10 == 0:
                    self.call(conn, ["stream.last", self.stream])
            except (OSError, http.client.HTTPException, ValueError):
                self.errors += 1
                conn.close()
                conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
        conn.close()

    def read_back(self):
        conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
        seen, position = [], 0
        while True:
            status, rows = self.call(conn, ["stream.get", self.stream,
                                            {"position": position, "batchSize": 1000}])
            if status != 200 or not rows:
                break
            for row in rows:   # rows: [id, type, position, ...] or objects
                seen.append(row[0] if isinstance(row, list) else row.get("id"))
            position += len(rows)
        conn.close()
        return seen


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--minutes", type=float, default=10)
    p.add_argument("--sample-seconds", type=float, default=60)
    p.add_argument("--warmup-seconds", type=float, default=60)
    p.add_argument("--workers", type=int, default=4)
    p.add_argument("--server", default=os.environ.get(
        "MDBPROF_SERVER", os.path.join(ROOT, "build/default/server/refserver")))
    p.add_argument("--db-url", default="", help="default: sqlite in a temp dir")
    p.add_argument("--db-type", default="",
                   help="passed on as the server's --db-type (e.g. timescale)")
    p.add_argument("--max-growth", type=float, default=0.25)
    p.add_argument("--out", default="")
    a = p.parse_args()
    if a.minutes <= 0 or a.sample_seconds <= 0 or a.workers < 1:
        print("soak: --minutes, --sample-seconds must be > 0, --workers >= 1",
              file=sys.stderr)
        return 2
    if not os.access(a.server, os.X_OK):
        print(f"soak: server binary '{a.server}' is not executable "
              "(build it or pass --server)", file=sys.stderr)
        return 2

    scratch = tempfile.mkdtemp(prefix="mdbprof-soak-")
    db_url = a.db_url or f"sqlite://{scratch}/messages.db"
    port = free_port()
    log = open(os.path.join(scratch, "server.log"), "w")
    server = subprocess.Popen(
        [a.server, "--port", str(port), "--token", TOKEN, "--log-level", "warn",
         "--db-url", db_url, "--data-dir", scratch] +
        (["--db-type", a.db_type] if a.db_type else []),
        stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    workers = []
    try:
        deadline = time.time() + 30
        while True:
            try:
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                c.request("GET", "/health")
                if c.getresponse().status == 200:
                    break
            except OSError:
                pass
            if server.poll() is not None or time.time() > deadline:
                print("soak: server did not get ready:\n" +
                      open(os.path.join(scratch, "server.log")).read()[-2000:],
                      file=sys.stderr)
                return 1
            time.sleep(0.1)
        workers = [Worker(n, "127.0.0.1", port, stop) for n in range(a.workers)]
        for w in workers:
            w.start()
        start = time.time()
        # The first heap profile under load makes the server symbolize every
        # allocation site sampled so far (libdw caches per compilation unit,
        # a one-time ~15 MiB of RSS): pay it inside the warm-up, so that it
        # does not read as growth.
        time.sleep(min(a.warmup_seconds / 2, a.minutes * 30))
        heap_inuse_bytes("127.0.0.1", port)
        samples = []
        end = start + a.minutes * 60
        next_sample = start + min(a.sample_seconds, a.minutes * 60)
        while next_sample < time.time():  # times that passed in the warm-up
            next_sample += a.sample_seconds
        while time.time() < end and not stop.is_set():
            time.sleep(max(0, min(next_sample, end) - time.time()))
            if server.poll() is not None:
                print("soak: server died:", server.returncode, file=sys.stderr)
                return 1
            rss, threads = proc_status(server.pid)
            heap = heap_inuse_bytes("127.0.0.1", port)
            acked = sum(len(w.acked) for w in workers)
            s = {"t_s": round(time.time() - start, 1), "rss_bytes": rss,
                 "heap_inuse_bytes": heap, "threads": threads, "acked": acked,
                 "errors": sum(w.errors for w in workers)}
            samples.append(s)
            print(f"soak: t={s['t_s']:7.1f}s rss={rss/2**20:7.1f}MiB "
                  f"heap_inuse={heap/2**20:7.2f}MiB threads={threads} "
                  f"acked={acked} errors={s['errors']}", flush=True)
            next_sample += a.sample_seconds
        stop.set()
        for w in workers:
            w.join(60)
        acked = sum(len(w.acked) for w in workers)
        missing = 0
        for w in workers:
            seen = set(w.read_back())
            missing += sum(1 for m in w.acked if m not in seen)
        read_back = acked - missing
        after_warmup = [s for s in samples if s["t_s"] >= a.warmup_seconds] or samples
        first, last = after_warmup[0], samples[-1]
        # Growth compares the mean of the first and last few samples (up to
        # 3, a third of them each), not two single samples: a store's memory
        # swings with memtables filling and flushing, and the sampled heap
        # carries its own statistical error.
        k = max(1, min(3, len(after_warmup) // 3))

        def mean(key, window):
            return sum(s[key] for s in window) / len(window)

        def growth(key):
            head = mean(key, after_warmup[:k])
            return (mean(key, after_warmup[-k:]) - head) / max(1, head)

        def mib_per_minute(key):
            """Least-squares slope over the samples after warm-up."""
            if len(after_warmup) < 2:
                return 0.0
            ts = [s["t_s"] / 60 for s in after_warmup]
            ys = [s[key] / 2**20 for s in after_warmup]
            tm, ym = sum(ts) / len(ts), sum(ys) / len(ys)
            var = sum((t - tm) ** 2 for t in ts)
            return sum((t - tm) * (y - ym) for t, y in zip(ts, ys)) / var
        summary = {
            "db_url": db_url if a.db_url else "sqlite (temp dir)",
            "minutes": a.minutes, "workers": a.workers, "samples": samples,
            "acknowledged_writes": acked, "read_back_writes": read_back,
            "missing_writes": missing,
            "rss_growth_after_warmup": round(growth("rss_bytes"), 4),
            "heap_growth_after_warmup": round(growth("heap_inuse_bytes"), 4),
            "rss_mib_per_minute": round(mib_per_minute("rss_bytes"), 2),
            "heap_mib_per_minute": round(mib_per_minute("heap_inuse_bytes"), 2),
            "threads_first_last": [first["threads"], last["threads"]],
        }
        flat = (abs(summary["rss_growth_after_warmup"]) <= a.max_growth and
                abs(summary["heap_growth_after_warmup"]) <= a.max_growth and
                last["threads"] <= first["threads"])
        summary["verdict"] = "pass" if flat and missing == 0 else "fail"
        print(json.dumps({k: v for k, v in summary.items() if k != "samples"}))
        if a.out:
            with open(a.out, "w") as f:
                json.dump(summary, f, indent=2)
        return 0 if summary["verdict"] == "pass" else 1
    finally:
        stop.set()
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()
        log.close()
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
