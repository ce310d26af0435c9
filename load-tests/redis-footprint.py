#!/usr/bin/env python3
"""Prints what each kind of Redis entry costs: keys, total and mean MEMORY USAGE, by key prefix.

Usage: redis-footprint.py <db>. The prefix is the key up to its third ':' (meridian:<kind>:...),
so one line per kind of entry (orders, shipments, journals, idempotency records, ...).
"""
import subprocess
import sys

db = sys.argv[1]


def cli(*args):
    return subprocess.run(["redis-cli", "-n", db, *args], capture_output=True, text=True, check=True).stdout


kinds = {}
for key in cli("--scan").split():
    kind = ":".join(key.split(":")[:2]) if key.startswith("meridian:") else key.split(":")[0]
    usage = cli("MEMORY", "USAGE", key, "SAMPLES", "0").strip()
    count, total = kinds.get(kind, (0, 0))
    kinds[kind] = (count + 1, total + (int(usage) if usage.isdigit() else 0))
print("| kind of entry | keys | bytes | bytes per key |")
print("| --- | --- | --- | --- |")
for kind, (count, total) in sorted(kinds.items(), key=lambda kv: -kv[1][1]):
    print(f"| `{kind}` | {count:,} | {total:,} | {total // count:,} |")
