#!/usr/bin/env python3
"""The benchmark harness: Meridian beside the yardstick of its own stack, on the production
topology, in one run. See load-tests/bench.sh, which builds what this needs and calls it.

It starts a standalone KRaft broker in its own JVM, a database of its own in this machine's
PostgreSQL (refused unless fsync, synchronous_commit and full_page_writes are on), this
machine's Redis, a Meridian node from the jar, and the yardstick (bench/Yardstick.java: the same
Vert.x server, Kafka producer and Redis client with nothing else). Each scenario runs the same
wrk script with the same settings against both, and the table gives throughput, p50/p99, the
ratio to the yardstick and the CPU per operation summed over every process of the stack (the
server's JVM, the broker, every PostgreSQL and Redis process), measured from a quiet stack until
it is quiet again (so a consumer's storing is counted), less the idle rate.
"""
import argparse
import atexit
import base64
import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WRK = ROOT / 'load-tests' / 'wrk'
TICK = os.sysconf('SC_CLK_TCK')
PROCESSES = []


def log(message):
    print('bench: ' + message, file=sys.stderr, flush=True)


def start(name, command, work, env=None, cwd=None):
    out = open(work / (name + '.log'), 'w')
    process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=cwd,
                               start_new_session=True)
    process.log = work / (name + '.log')
    PROCESSES.append(process)
    return process


@atexit.register
def stop_all():
    for process in reversed(PROCESSES):
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()


def wait_for(what, check, seconds, process=None):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if process is not None and process.poll() is not None:
            sys.exit('bench: %s exited; its log:\n%s' % (what, process.log.read_text()[-4000:]))
        try:
            if check():
                return
        except OSError:
            pass
        time.sleep(0.5)
    sys.exit('bench: %s not up in %d s' % (what, seconds))


def psql(sql, db='postgres'):
    return subprocess.run(['psql', '-h', '127.0.0.1', '-U', 'postgres', '-d', db, '-qAtc', sql],
                          check=True, capture_output=True, text=True).stdout.strip()


# --- the stack -----------------------------------------------------------------------------

def kafka_broker(work, classpath, port):
    data = work / 'kafka'
    data.mkdir()
    properties = data / 'server.properties'
    properties.write_text('\n'.join([
        'process.roles=broker,controller', 'node.id=1',
        'controller.quorum.voters=1@127.0.0.1:%d' % (port + 1),
        'listeners=PLAINTEXT://127.0.0.1:%d,CONTROLLER://127.0.0.1:%d' % (port, port + 1),
        'advertised.listeners=PLAINTEXT://127.0.0.1:%d' % port,
        'controller.listener.names=CONTROLLER',
        'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
        'log.dirs=%s' % (data / 'logs'), 'num.partitions=6',
        'offsets.topic.replication.factor=1', 'transaction.state.log.replication.factor=1',
        'transaction.state.log.min.isr=1', 'group.initial.rebalance.delay.ms=0', '']))
    cluster_id = subprocess.run(['java', '-cp', classpath, 'kafka.tools.StorageTool', 'random-uuid'],
                                check=True, capture_output=True, text=True).stdout.strip()
    subprocess.run(['java', '-cp', classpath, 'kafka.tools.StorageTool', 'format', '-t', cluster_id,
                    '-c', str(properties)], check=True, capture_output=True)
    broker = start('kafka', ['java', '-Xmx1g', '-cp', classpath, 'kafka.Kafka', str(properties)], work)
    wait_for('the Kafka broker', lambda: port_open(port), 90, broker)
    return broker


def port_open(port):
    import socket
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(('127.0.0.1', port)) == 0


def http(method, url, body=None, key=None, timeout=10):
    request = urllib.request.Request(url, data=body.encode() if body else None, method=method)
    request.add_header('Content-Type', 'application/json')
    if key:
        request.add_header('Authorization', 'Bearer ' + key)
    with urllib.request.urlopen(request, timeout=timeout) as answer:
        return answer.status, answer.read().decode()


def meridian(work, args):
    env = dict(os.environ,
               MERIDIAN_HTTP_PORT=str(args.port), MERIDIAN_CLUSTER_ENABLED='false',
               MERIDIAN_SEED_DEMO_TENANTS='true', MERIDIAN_AUTH_ADMIN_KEY='bench-admin',
               MERIDIAN_WEBHOOKS_SECRET_KEYS='bench:' + base64.b64encode(os.urandom(32)).decode(),
               MERIDIAN_KAFKA_BOOTSTRAP='127.0.0.1:%d' % args.kafka_port,
               MERIDIAN_PG_URL='postgresql://postgres@127.0.0.1:5432/' + args.database,
               MERIDIAN_REDIS_URL='redis://127.0.0.1:6379/%d' % args.redis_db,
               MERIDIAN_LOG_FORMAT='text',
               # A merchant whose limit is above what this machine can send: the limiter still
               # runs on every request (its leases included), it just never refuses one.
               MERIDIAN_RATELIMIT_PER_SECOND='10000000', MERIDIAN_RATELIMIT_BURST='20000000')
    node = start('meridian', ['java', '-Xmx2g', '-jar', str(ROOT / 'target' / 'meridian.jar')], work, env, ROOT)
    ready = 'http://127.0.0.1:%d/health/ready' % args.port
    wait_for('the Meridian node', lambda: http('GET', ready)[0] == 200, 180, node)
    return node


def shipments(args, count, work):
    """Creates shipments through the API, each with a first position; their ids, a line each."""
    base = 'http://127.0.0.1:%d' % args.port
    ids = []
    # Two hours ago: the wrk scripts' fixes (from an hour ago on) are newer, so each one moves its
    # shipment's position (the Redis write, the journal and the live event), as a courier's does.
    first = time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime(time.time() - 7200))
    for i in range(count):
        status, body = http('POST', base + '/v1/shipments', '{"reference": "bench-%d"}' % i, 'demo-key')
        shipment = json.loads(body)['id']
        http('POST', base + '/v1/shipments/%s/locations' % shipment,
             '{"lat": 52.5, "lon": 13.4, "recordedAt": "%s"}' % first, 'demo-key')
        ids.append(shipment)
    path = work / 'shipments.txt'
    path.write_text('\n'.join(ids) + '\n')
    return path


def yardstick(work, classpath, args, ids):
    stick = start('yardstick', ['java', '-Xmx2g', '-cp', classpath, str(ROOT / 'load-tests' / 'bench' / 'Yardstick.java'),
                                str(args.yardstick_port), '127.0.0.1:%d' % args.kafka_port,
                                'redis://127.0.0.1:6379/%d' % args.yardstick_redis_db, str(ids), '2'], work)
    wait_for('the yardstick', lambda: 'yardstick ready' in stick.log.read_text(), 120, stick)
    return stick


# --- measuring -----------------------------------------------------------------------------

def cpu_seconds(pids):
    """CPU seconds (user + system, with reaped children's) of the pids and every PostgreSQL and Redis process."""
    every = set(pids)
    for name in ('postgres', 'redis-server'):
        found = subprocess.run(['pgrep', '-x', name], capture_output=True, text=True).stdout.split()
        every.update(int(p) for p in found)
    total = 0
    for pid in every:
        try:
            fields = Path('/proc/%d/stat' % pid).read_text().rsplit(')', 1)[1].split()
        except OSError:
            continue
        total += sum(int(f) for f in fields[11:15])
    return total / TICK


def quiet(pids, idle_rate=0.0, limit=180):
    """Waits until the stack uses under 0.1 core above its idle rate over 2 s; answers when."""
    deadline = time.time() + limit
    while time.time() < deadline:
        before = cpu_seconds(pids)
        time.sleep(2)
        if (cpu_seconds(pids) - before) / 2 < idle_rate + 0.1:
            return time.time()
    log('the stack was still busy after %d s' % limit)
    return time.time()


def idle(pids, seconds=5):
    before = cpu_seconds(pids)
    time.sleep(seconds)
    return (cpu_seconds(pids) - before) / seconds


UNITS = {'us': 0.001, 'ms': 1.0, 's': 1000.0, 'm': 60000.0}


def wrk(url, script, script_args, threads, connections, seconds):
    command = ['wrk', '-t%d' % threads, '-c%d' % connections, '-d%ds' % seconds, '--latency', '-s', str(WRK / script),
               url, '--'] + script_args
    out = subprocess.run(command, capture_output=True, text=True, cwd=WRK).stdout
    requests = int(re.search(r'(\d+) requests in', out).group(1))
    non2xx = re.search(r'Non-2xx or 3xx responses: (\d+)', out)
    errors = re.search(r'Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)', out)
    percentiles = {}
    for p, value, unit in re.findall(r'^\s+(50|99)(?:\.000)?%\s+([\d.]+)(us|ms|s|m)\s*$', out, re.M):
        percentiles[p] = float(value) * UNITS[unit]
    return {'requests': requests, 'failed': (int(non2xx.group(1)) if non2xx else 0)
            + (sum(int(e) for e in errors.groups()) if errors else 0),
            'seconds': seconds, 'p50_ms': percentiles.get('50'), 'p99_ms': percentiles.get('99'), 'output': out}


def measure(name, url, pids, script, script_args, per_request, threads, connections, seconds, settle=None, warmup=5):
    """
    One wrk run against one server, from a quiet stack until it is quiet again. A first run of
    `warmup` seconds, not counted, lets the JIT compile. `settle`, given the run's start (epoch
    seconds), waits for the work the run left behind (storing, the saga) and answers its figures.
    """
    if warmup:
        wrk(url, script, script_args, threads, connections, warmup)
    quiet(pids)
    rate = idle(pids)
    started_cpu, started = cpu_seconds(pids), time.time()
    run = wrk(url, script, script_args, threads, connections, seconds)
    extra = settle(started) if settle else {}
    ended = quiet(pids, rate)
    used = cpu_seconds(pids) - started_cpu - rate * (ended - started)
    ok = (run['requests'] - run['failed']) * per_request
    result = {'scenario': name, 'ops': ok, 'failed': run['failed'], 'per_s': ok / seconds,
              'p50_ms': run['p50_ms'], 'p99_ms': run['p99_ms'], 'cpu_ms_per_op': 1000 * used / ok if ok else None,
              'idle_cores': rate}
    result.update(extra)
    log('%s at %s: %d ops (%.0f/s), %d failed, p50 %s ms, p99 %s ms, %.3f ms CPU an op' % (
        name, url, ok, ok / seconds, run['failed'], run['p50_ms'], run['p99_ms'], result['cpu_ms_per_op'] or -1))
    return result


def histogram(base, name):
    """A Prometheus histogram of the node's, summed over its label sets: {upper bound in s: cumulative count}."""
    text = urllib.request.urlopen(base + '/metrics', timeout=10).read().decode()
    buckets = {}
    for le, value in re.findall(r'^%s_bucket\{[^}]*le="([^"]+)"[^}]*\} ([\d.eE+]+)$' % name, text, re.M):
        bound = float('inf') if le == '+Inf' else float(le)
        buckets[bound] = buckets.get(bound, 0) + float(value)
    return buckets


def quantile_ms(before, after, q):
    """The bucket bound (ms) under which a share q of what the histogram counted between two readings falls."""
    delta = sorted((bound, after[bound] - before.get(bound, 0)) for bound in after)
    total = delta[-1][1] if delta else 0
    for bound, count in delta:
        if total and count >= q * total:
            return bound * 1000
    return None


def confirmations(database, since, limit=900):
    """
    Waits (up to `limit` s) until the saga has confirmed every order placed since the epoch
    second `since`; answers how many were placed, the confirmed rate (placed from the first
    placement to the last confirmation) and the p50/p99 from placed to CONFIRMED in ms.
    """
    query = """SELECT count(*), count(c.at),
                      coalesce(percentile_cont(0.5) WITHIN GROUP (ORDER BY 1000 * extract(epoch FROM c.at - p.at)), 0),
                      coalesce(percentile_cont(0.99) WITHIN GROUP (ORDER BY 1000 * extract(epoch FROM c.at - p.at)), 0),
                      coalesce(extract(epoch FROM max(c.at) - min(p.at)), 0)
               FROM order_history p
               LEFT JOIN order_history c ON c.order_id = p.order_id AND c.status = 'CONFIRMED'
               WHERE p.version = 1 AND p.at >= to_timestamp(%f)""" % since
    deadline = time.time() + limit
    while True:
        placed, confirmed, p50, p99, span = psql(query, database).split('|')
        if int(placed) == int(confirmed) or time.time() > deadline:
            break
        time.sleep(2)
    return {'placed': int(placed), 'confirmed': int(confirmed), 'confirmed_per_s': int(confirmed) / max(float(span), 1e-3),
            'confirmed_p50_ms': float(p50), 'confirmed_p99_ms': float(p99)}


def stored_since(database, since):
    return int(psql("SELECT count(*) FROM location_history WHERE received_at >= to_timestamp(%f)" % since, database))


def push(server, ids, target, seconds, connections):
    """
    Paced single updates at `target` a second (wrk, each connection waiting a pace tuned in short
    runs first) while the SSE probe watches one shipment: acceptance to frame, p50 and p99.
    """
    url, pids = server
    pace = max(0, int(connections * 1000 / target) - 2)
    for _ in range(3):
        trial = wrk(url, 'ingest-paced.lua', [str(ids), 'demo-key', str(pace)], 2, connections, 4)
        achieved = (trial['requests'] - trial['failed']) / 4
        log('push: pace %d ms gives %.0f updates/s (target %.0f)' % (pace, achieved, target))
        if abs(achieved - target) < 0.1 * target:
            break
        pace = max(0, round(pace * achieved / target))
    quiet(pids)
    probe = subprocess.Popen([sys.executable, str(ROOT / 'load-tests' / 'sse' / 'latency-probe.py'), url, 'demo-key',
                              str(seconds * 50), '50'], stdout=subprocess.PIPE, text=True)
    run = wrk(url, 'ingest-paced.lua', [str(ids), 'demo-key', str(pace)], 2, connections, seconds + 3)
    line = probe.communicate(timeout=seconds + 60)[0].strip()
    found = re.search(r'p50 ([\d.]+) ms, p90 [\d.]+ ms, p99 ([\d.]+) ms', line)
    ok = run['requests'] - run['failed']
    result = {'scenario': 'push', 'ops': ok, 'failed': run['failed'], 'per_s': ok / (seconds + 3),
              'target_per_s': target, 'p50_ms': float(found.group(1)) if found else None,
              'p99_ms': float(found.group(2)) if found else None, 'cpu_ms_per_op': None, 'probe': line}
    log('push: %s' % line)
    return result


# --- the report ----------------------------------------------------------------------------

def fmt(value, pattern='%.0f'):
    return '–' if value is None else (pattern % value)


def afterwards(r):
    """What the run left behind, once done: stored and the storage lag, or the orders confirmed."""
    if 'stored' in r:
        return 'stored %s; acceptance to cache p99 %s ms, max %s ms' % (
            '{:,}'.format(r['stored']), fmt(r.get('to_cache_p99_ms')), fmt(r.get('to_cache_max_ms')))
    if 'confirmed' in r:
        return '%s of %s confirmed, %s/s; placed to CONFIRMED p50 %s ms, p99 %s ms' % (
            '{:,}'.format(r['confirmed']), '{:,}'.format(r['placed']), fmt(r['confirmed_per_s']),
            fmt(r['confirmed_p50_ms']), fmt(r['confirmed_p99_ms']))
    if 'target_per_s' in r:
        return 'paced at %s/s (target %s/s); p50 / p99 are acceptance to SSE frame' % (fmt(r['per_s']), fmt(r['target_per_s']))
    return ''


def table(results):
    rows = ['| operation | Meridian | p50 / p99 ms | yardstick | p50 / p99 ms | ratio | CPU ms an op: Meridian / yardstick | afterwards |',
            '| --- | --- | --- | --- | --- | --- | --- | --- |']
    for name, pair in results.items():
        ours, stick = pair.get('meridian') or {}, pair.get('yardstick') or {}
        ratio = fmt(ours['per_s'] / stick['per_s'], '%.2f') if stick.get('per_s') else '–'
        rows.append('| %s | %s/s | %s / %s | %s | %s / %s | %s | %s / %s | %s |' % (
            name, '{:,.0f}'.format(ours['per_s']), fmt(ours.get('p50_ms'), '%.1f'), fmt(ours.get('p99_ms'), '%.1f'),
            '{:,.0f}/s'.format(stick['per_s']) if stick else '–', fmt(stick.get('p50_ms'), '%.1f'),
            fmt(stick.get('p99_ms'), '%.1f'), ratio, fmt(ours.get('cpu_ms_per_op'), '%.3f'),
            fmt(stick.get('cpu_ms_per_op'), '%.3f'), afterwards(ours)))
    return '\n'.join(rows)


def check(results, baseline_path, tolerance):
    """Meridian's CPU per operation against the baseline's: each failure as (scenario, what failed,
    whether it was over the limit rather than not measured)."""
    baseline = json.loads(Path(baseline_path).read_text())
    failures = []
    for name, figures in baseline['cpu_ms_per_op'].items():
        ours = results.get(name, {}).get('meridian')
        if not ours or ours.get('cpu_ms_per_op') is None:
            failures.append((name, '%s: not measured' % name, False))
        elif ours['cpu_ms_per_op'] > figures * (1 + tolerance):
            failures.append((name, '%s: %.3f ms CPU an op, over %.3f (the baseline %.3f + %d %%)' % (
                name, ours['cpu_ms_per_op'], figures * (1 + tolerance), figures, tolerance * 100), True))
        else:
            log('guard: %s %.3f ms CPU an op, within %.3f' % (name, ours['cpu_ms_per_op'], figures * (1 + tolerance)))
    return failures


def main():
    # Stopped from outside (CI's timeout, kill): still stop what was started.
    signal.signal(signal.SIGTERM, lambda *unused: sys.exit(143))
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--classpath', required=True, help='a file holding the classpath with the Kafka jars')
    parser.add_argument('--seconds', type=int, default=15)
    parser.add_argument('--connections', type=int, default=64)
    parser.add_argument('--warmup', type=int, default=5, help='seconds of load before each measured run, not counted')
    parser.add_argument('--shipments', type=int, default=1000)
    parser.add_argument('--scenarios', default='reads,single,batch,orders')
    parser.add_argument('--check', help='a baseline JSON: fail when CPU an op grew by more than --tolerance')
    parser.add_argument('--tolerance', type=float, default=0.5)
    parser.add_argument('--write-baseline', help='write this run\'s CPU an op as a baseline JSON here')
    parser.add_argument('--port', type=int, default=18080)
    parser.add_argument('--yardstick-port', type=int, default=18081)
    parser.add_argument('--kafka-port', type=int, default=19092)
    parser.add_argument('--database', default='meridian_bench')
    parser.add_argument('--redis-db', type=int, default=5)
    parser.add_argument('--yardstick-redis-db', type=int, default=7)
    parser.add_argument('--hold', type=int, default=0, help='keep the stack up this many seconds before the scenarios (to profile)')
    parser.add_argument('--out', default=str(ROOT / 'target' / 'bench'))
    args = parser.parse_args()
    classpath = Path(args.classpath).read_text().strip()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    work = Path(subprocess.run(['mktemp', '-d'], capture_output=True, text=True).stdout.strip())
    log('logs in %s' % work)

    durability = {k: psql('SHOW ' + k) for k in ('fsync', 'synchronous_commit', 'full_page_writes')}
    if any(v != 'on' for v in durability.values()):
        sys.exit('bench: PostgreSQL must run durably for these figures: %s' % durability)
    psql('DROP DATABASE IF EXISTS ' + args.database)
    psql('CREATE DATABASE ' + args.database)
    for db in (args.redis_db, args.yardstick_redis_db):
        subprocess.run(['redis-cli', '-n', str(db), 'FLUSHDB'], check=True, capture_output=True)

    broker = kafka_broker(work, classpath, args.kafka_port)
    node = meridian(work, args)
    ids = shipments(args, args.shipments, work)
    stick = yardstick(work, classpath, args, ids)
    log('stack up: broker %d, Meridian %d, yardstick %d; PostgreSQL %s' % (broker.pid, node.pid, stick.pid, durability))

    if args.hold:
        log('holding the stack for %d s: Meridian on %d, yardstick on %d, shipments in %s' % (
            args.hold, args.port, args.yardstick_port, ids))
        time.sleep(args.hold)
    servers = {'meridian': ('http://127.0.0.1:%d' % args.port, [node.pid, broker.pid]),
               'yardstick': ('http://127.0.0.1:%d' % args.yardstick_port, [stick.pid, broker.pid])}
    ids_args = [str(ids), 'demo-key']
    wanted = args.scenarios.split(',')
    results = {}
    s, c = args.seconds, args.connections

    def pair(name, script, script_args, per_request, threads, connections, settle=None, both=True):
        results[name] = {}
        for server in (['meridian', 'yardstick'] if both else ['meridian']):
            url, pids = servers[server]
            results[name][server] = measure(name, url, pids, script, script_args, per_request, threads, connections, s,
                                            settle if server == 'meridian' else None, args.warmup)

    def stored(started):
        """Waits for the tracking consumer, then: how many the run stored, and how far storage lagged acceptance."""
        quiet(servers['meridian'][1])
        after = histogram(servers['meridian'][0], 'meridian_ingest_to_cache_seconds')
        lag = {'stored': stored_since(args.database, started),
               'to_cache_p99_ms': quantile_ms(stored.before, after, 0.99), 'to_cache_max_ms': quantile_ms(stored.before, after, 1.0)}
        stored.before = after
        return lag
    stored.before = {}

    # The scenarios by their --scenarios key: the name each reports under, and how to measure it
    # (Meridian and, but for orders, the yardstick).
    scenarios = {
        'reads': ('latest-position reads', lambda name: pair(name, 'read-latest.lua', ids_args, 1, 2, c)),
        'single': ('single location updates (202 after acks=all; stored)',
                   lambda name: pair(name, 'ingest-single.lua', ids_args, 1, 2, c, stored)),
        'batch': ('batched updates (500 a request)',
                  lambda name: pair(name, 'ingest-batch.lua', ids_args + ['500'], 500, 2, 8, stored)),
        'orders': ('orders placed (saga confirming each)',
                   lambda name: pair(name, 'orders.lua', ['-', 'demo-key'], 1, 2, c // 2,
                                     lambda started: confirmations(args.database, started), both=False)),
    }
    by_name = dict(scenarios.values())
    os.environ['BATCH'] = '500'
    if 'single' in wanted or 'batch' in wanted:
        stored.before = histogram(servers['meridian'][0], 'meridian_ingest_to_cache_seconds')
    for key, (name, run) in scenarios.items():
        if key in wanted:
            run(name)

    if 'push' in wanted:
        single = results.get('single location updates (202 after acks=all; stored)', {}).get('meridian')
        ceiling = single['per_s'] if single else 4000
        results['live push at 0.8 of the ingest ceiling'] = {'meridian': push(servers['meridian'], ids, 0.8 * ceiling, s, c)}

    (work / 'metrics.txt').write_text(urllib.request.urlopen(servers['meridian'][0] + '/metrics', timeout=10).read().decode())
    report = table(results)
    print(report)
    (out / 'results.json').write_text(json.dumps(results, indent=2))
    (out / 'table.md').write_text(report + '\n')
    if args.write_baseline:
        Path(args.write_baseline).write_text(json.dumps({'cpu_ms_per_op': {
            name: round(pair['meridian']['cpu_ms_per_op'], 4) for name, pair in results.items()
            if pair['meridian'].get('cpu_ms_per_op') is not None}}, indent=2) + '\n')
    if args.check:
        failures = check(results, args.check, args.tolerance)
        over = [name for name, _, was_over in failures if was_over and name in by_name]
        if over:
            # This machine's CPU per operation moves by half between minutes (the yardstick's own did):
            # a scenario over the limit is measured once more, and fails only if it is over again.
            log('guard: measuring once more: ' + ', '.join(over))
            for name in over:
                by_name[name](name)
            (out / 'results.json').write_text(json.dumps(results, indent=2))
            failures = check(results, args.check, args.tolerance)
        if failures:
            print('bench: CPU an operation grew:\n  ' + '\n  '.join(message for _, message, _ in failures))
            sys.exit(1)


if __name__ == '__main__':
    main()
