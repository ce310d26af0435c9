#!/usr/bin/env python3
"""End-to-end latency of live push, seen by one watcher.

Creates a shipment, watches its stream (GET /v1/shipments/{id}/events), posts N updates to it at
a steady pace, and reports how long each took from the server accepting it (the position's
receivedAt, stamped just before Kafka's acknowledgement and the 202) to its frame arriving here.
Run it while a load driver (wrk, Gatling) keeps the node busy; same machine, same clock.

  ./latency-probe.py [base URL] [API key] [updates] [updates per second]
"""
import datetime
import http.client
import json
import sys
import threading
import time
import urllib.parse

base = sys.argv[1] if len(sys.argv) > 1 else 'http://localhost:8080'
key = sys.argv[2] if len(sys.argv) > 2 else 'demo-key'
count = int(sys.argv[3]) if len(sys.argv) > 3 else 500
rate = float(sys.argv[4]) if len(sys.argv) > 4 else 50.0
url = urllib.parse.urlparse(base)
headers = {'Authorization': 'Bearer ' + key, 'Content-Type': 'application/json'}


def connect():
    return http.client.HTTPConnection(url.hostname, url.port or 80, timeout=30)


api = connect()
api.request('POST', '/v1/shipments', body='{"reference": "latency-probe"}', headers=headers)
shipment = json.loads(api.getresponse().read())['id']
latencies = []


def watch():
    stream = connect()
    stream.request('GET', '/v1/shipments/%s/events' % shipment, headers=headers)
    body = stream.getresponse()
    event = None
    while True:
        line = body.fp.readline().decode()
        if not line:
            return
        line = line.strip()
        if line.startswith('event:'):
            event = line[6:].strip()
        elif line.startswith('data:') and event == 'location':
            arrived = time.time()
            received = json.loads(line[5:])['position']['receivedAt']
            accepted = datetime.datetime.fromisoformat(received.replace('Z', '+00:00')).timestamp()
            latencies.append((arrived - accepted) * 1000)


threading.Thread(target=watch, daemon=True).start()
time.sleep(1)
start = time.time() - 3600
for i in range(count):
    at = datetime.datetime.fromtimestamp(start + i, datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%S.000Z')
    api.request('POST', '/v1/shipments/%s/locations' % shipment,
                body=json.dumps({'lat': 52.5, 'lon': 13.4, 'recordedAt': at}), headers=headers)
    api.getresponse().read()
    time.sleep(1 / rate)
time.sleep(2)
latencies.sort()
if not latencies:
    sys.exit('no frames arrived')


def at(q):
    return latencies[min(len(latencies) - 1, int(q * len(latencies)))]


print('%d frames for %d updates (fixes of one tracking batch coalesce to the newest): '
      'p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms' % (len(latencies), count, at(.5), at(.9), at(.99),
                                                             latencies[-1]))
