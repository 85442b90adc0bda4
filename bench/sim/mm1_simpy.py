"""The M/M/1 queue of bench/sim/mm1.json in SimPy (Debian's python3-simpy,
SimPy 2.3: the SimPy.Simulation API): lambda = 1/s, mu = 2/s, one server,
FIFO.  Prints customers, events (2 per customer: arrival and departure, as
cspgate counts them), the mean time in system (W = 1 s), wall time and
events per second.

    /usr/bin/python3 bench/sim/mm1_simpy.py CUSTOMERS [SEED]
"""
import random
import sys
import time

from SimPy.Simulation import (Process, Resource, activate, hold, initialize, now, release, request,
                              simulate)


class Customer(Process):
    def visit(self, server, mu, rng, stats):
        arrived = now()
        yield request, self, server
        yield hold, self, rng.expovariate(mu)
        yield release, self, server
        stats.append(now() - arrived)


class Source(Process):
    def generate(self, n, lam, mu, server, rng, stats):
        for _ in range(n):
            c = Customer()
            activate(c, c.visit(server, mu, rng, stats))
            yield hold, self, rng.expovariate(lam)


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200000
    rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 1)
    stats = []
    start = time.perf_counter()
    initialize()
    server = Resource(capacity=1)
    s = Source()
    activate(s, s.generate(n, 1.0, 2.0, server, rng, stats))
    simulate(until=1e15)
    wall = time.perf_counter() - start
    events = 2 * len(stats)
    print(f"simpy: {len(stats)} customers, {events} events, W = {sum(stats) / len(stats):.4f} s, "
          f"{wall:.3f} s, {events / wall:.0f} events/s")


if __name__ == "__main__":
    main()
