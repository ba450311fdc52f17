"""Deadline rush across two app servers: bench_deadline_rush.py with BENCH_RUSH_SERVERS=2 (two gunicorn instances, shared PostgreSQL, Redis and media directory, 2 task workers).

Goal: the same as one server (1,000 submissions within 60 s, 0 lost, numbers gapless
and in order, p99 < 1 s) and no receipt task run by two workers. Its figures are
recorded apart (results/deadline_rush_two_servers.json) to compare with one server.
"""

import json

import bench_deadline_rush


def run() -> dict:
    return bench_deadline_rush.run(servers=2)


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
