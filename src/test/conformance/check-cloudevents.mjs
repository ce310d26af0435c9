// Reads Kafka records, one JSON object per line ({topic, partition, offset, key, headers, value}),
// from the file named on the command line, and asks the cloudevents SDK's Kafka protocol binding
// whether each is a CloudEvent: Kafka.isEvent must find one, Kafka.toEvent must read it, and the
// event must pass the SDK's strict checks (its JSON schema, attribute names, extension types).
// Prints a count per topic and a line per record that fails; exits non-zero when any fails.
import { CloudEvent, Kafka } from 'cloudevents';
import { readFileSync } from 'node:fs';

const lines = readFileSync(process.argv[2], 'utf8').split('\n').filter(line => line.trim() !== '');
const perTopic = new Map();
let failed = 0;
for (const line of lines) {
  const record = JSON.parse(line);
  const where = `${record.topic}-${record.partition}@${record.offset}`;
  const counts = perTopic.get(record.topic) ?? { events: 0, failed: 0 };
  perTopic.set(record.topic, counts);
  try {
    const message = { key: record.key, value: record.value, headers: record.headers, body: record.value };
    if (!Kafka.isEvent(message)) {
      throw new Error(`no CloudEvent detected (headers: ${JSON.stringify(record.headers)})`);
    }
    const read = Kafka.toEvent(message);
    for (const event of Array.isArray(read) ? read : [read]) {
      // The binding reads leniently; a strict construction applies every rule of the SDK.
      new CloudEvent({ ...event }, true).validate();
    }
    counts.events++;
  } catch (e) {
    counts.failed++;
    failed++;
    console.log(`${where}: NOT a CloudEvent: ${e.message} ${JSON.stringify(e.errors ?? [])} value: ${String(record.value).slice(0, 200)}`);
  }
}
for (const [topic, counts] of [...perTopic].sort()) {
  console.log(`${topic}: ${counts.events} CloudEvents, ${counts.failed} not`);
}
process.exit(failed === 0 && lines.length > 0 ? 0 : 1);
