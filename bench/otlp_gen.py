#!/usr/bin/env python3
"""Writes a generated OTLP/JSON trace export of about SIZE bytes, for the
`cspgate trace-check` benchmark (bench/trace_check_bench.sh).

    bench/otlp_gen.py OUT [SIZE_MB] [SEED]     (default 1024 MB, seed 1)

The file is JSON Lines, as the OpenTelemetry collector's file exporter
writes it: one `TracesData` document per line, each a batch of 100 spans
under one resource and one scope.  Traces have 1 to 20 spans (a random
tree, children starting after their parent), and each span carries what a
real HTTP or database span does: a name, a kind, times as decimal strings,
four attributes, a status.  Every trace is complete, so `trace-check`
exits 0 and the figures measure reading, not reporting.  A fixed seed gives
the same bytes every time.  The file is never committed: it is written to
/tmp at bench time.
"""
import random
import sys


def main():
    out_path = sys.argv[1]
    size = int(float(sys.argv[2]) * 1024 * 1024) if len(sys.argv) > 2 else 1024 * 1024 * 1024
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
    head = ('{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"svc-%d"}},'
            '{"key":"host.name","value":{"stringValue":"node-%d"}}]},"scopeSpans":[{"scope":{"name":"io.opentelemetry.http",'
            '"version":"1.2.0"},"spans":[')
    tail = ']}]}]}\n'
    span_fmt = ('{"traceId":"%s","spanId":"%016x","parentSpanId":"%s","name":"%s","kind":%d,'
                '"startTimeUnixNano":"%d","endTimeUnixNano":"%d","attributes":[{"key":"http.method","value":{"stringValue":"%s"}},'
                '{"key":"http.status_code","value":{"intValue":"%d"}},{"key":"net.peer.port","value":{"intValue":"%d"}},'
                '{"key":"db.system","value":{"stringValue":"postgresql"}}],"status":{"code":%d}}')
    names = ["GET /api/orders", "POST /api/cart", "SELECT orders", "publish events", "GET /health"]
    methods = ["GET", "POST", "PUT"]
    written = 0
    spans = 0
    batch = []
    t0 = 1_700_000_000_000_000_000
    with open(out_path, "w") as out:
        while written < size:
            trace = "%032x" % rng.getrandbits(128)
            n = rng.randint(1, 20)
            ids = [rng.getrandbits(64) | 1 for _ in range(n)]
            starts = [t0 + rng.randrange(10**12)]
            for i in range(n):
                if i == 0:
                    parent, start = "", starts[0]
                else:
                    p = rng.randrange(i)
                    parent, start = "%016x" % ids[p], starts[p] + rng.randrange(1, 10**6)
                    starts.append(start)
                batch.append(span_fmt % (trace, ids[i], parent, names[i % 5], 1 + i % 5, start, start + 50_000 + i,
                                         methods[i % 3], 200 + (i % 3) * 100, 5432 + i, i % 2))
                if len(batch) == 100:
                    line = head % (spans % 97, spans % 13) + ",".join(batch) + tail
                    out.write(line)
                    written += len(line)
                    spans += len(batch)
                    batch = []
        if batch:
            line = head % (0, 0) + ",".join(batch) + tail
            out.write(line)
            written += len(line)
            spans += len(batch)
    print(f"{out_path}: {written} bytes, {spans} spans")


if __name__ == "__main__":
    main()
