#!/usr/bin/env python3
"""Samples a soak once a minute and prints a Markdown table row each time (see soak.sh).

Usage: soak-sample.py <node url> <database> <minutes>

Columns: minute; location_history bytes (tables and indexes, every partition and the default
one) and rows; partitions; fixes stored that minute (meridian_ingest_to_cache_seconds_count)
and their acceptance-to-cache p99 from the histogram's buckets; the largest Kafka consumer lag;
the longest wait for a lock seen in the database that minute (sampled every 50 ms from
pg_stat_activity).
"""
import re
import subprocess
import sys
import threading
import time
import urllib.request

url, db, minutes = sys.argv[1], sys.argv[2], int(sys.argv[3])
PSQL = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", db, "-qAt"]
lock_wait_ms = [0]


def psql(sql):
    return subprocess.run(PSQL + ["-c", sql], capture_output=True, text=True, check=True).stdout.strip()


def watch_locks():
    """Keeps the longest current lock wait, sampled by psql's \\watch every 50 ms."""
    query = ("SELECT coalesce(max(extract(epoch FROM clock_timestamp() - query_start)) * 1000, 0)::int "
             f"FROM pg_stat_activity WHERE datname = '{db}' AND wait_event_type = 'Lock' \\watch 0.05\n")
    proc = subprocess.Popen(PSQL, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    proc.stdin.write(query)
    proc.stdin.flush()
    for line in proc.stdout:
        line = line.strip()
        if line.isdigit():
            lock_wait_ms[0] = max(lock_wait_ms[0], int(line))


def scrape():
    text = urllib.request.urlopen(url + "/metrics", timeout=10).read().decode()
    count = 0.0
    buckets = {}
    lag = 0.0
    for line in text.splitlines():
        if line.startswith("meridian_ingest_to_cache_seconds_count"):
            count += float(line.rsplit(" ", 1)[1])
        elif line.startswith("meridian_ingest_to_cache_seconds_bucket"):
            le = re.search(r'le="([^"]+)"', line).group(1)
            buckets[le] = buckets.get(le, 0.0) + float(line.rsplit(" ", 1)[1])
        elif line.startswith("kafka_consumer_fetch_manager_records_lag_max"):
            value = float(line.rsplit(" ", 1)[1])
            if value == value:  # NaN before the first fetch
                lag = max(lag, value)
    return count, buckets, lag


def p99(before, after):
    """The smallest bucket bound holding 99 % of the observations between two scrapes, in ms."""
    bounds = sorted((float("inf") if le == "+Inf" else float(le), le) for le in after)
    total = after.get("+Inf", 0) - before.get("+Inf", 0)
    if total <= 0:
        return "-"
    for bound, le in bounds:
        if after[le] - before.get(le, 0) >= 0.99 * total:
            return "%.0f" % (bound * 1000) if bound != float("inf") else "inf"
    return "-"


threading.Thread(target=watch_locks, daemon=True).start()
print("| minute | history bytes | rows | partitions | stored/min | ingest-to-cache p99 ms | max consumer lag | longest lock wait ms |")
print("| --- | --- | --- | --- | --- | --- | --- | --- |", flush=True)
count, buckets, _ = scrape()
for minute in range(1, minutes + 1):
    time.sleep(60)
    new_count, new_buckets, lag = scrape()
    size = psql("SELECT coalesce(sum(pg_total_relation_size(relid)), 0) FROM pg_partition_tree('location_history')")
    rows = psql("SELECT count(*) FROM location_history")
    parts = psql("SELECT count(*) FROM pg_partition_tree('location_history') WHERE isleaf")
    waited, lock_wait_ms[0] = lock_wait_ms[0], 0
    print(f"| {minute} | {int(size):,} | {int(rows):,} | {parts} | {int(new_count - count):,} | "
          f"{p99(buckets, new_buckets)} | {lag:,.0f} | {waited} |", flush=True)
    count, buckets = new_count, new_buckets
