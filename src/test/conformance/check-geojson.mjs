// Validates each file named on the command line as RFC 7946 GeoJSON with @placemarkio/check-geojson,
// an independent validator. Prints a line per file; exits non-zero when any is not valid.
import { check } from '@placemarkio/check-geojson';
import { readFileSync } from 'node:fs';

let invalid = 0;
for (const file of process.argv.slice(2)) {
  try {
    check(readFileSync(file, 'utf8'));
    console.log(`${file}: valid GeoJSON`);
  } catch (e) {
    invalid++;
    console.log(`${file}: NOT valid GeoJSON: ${e.message} ${JSON.stringify(e.issues ?? [])}`);
  }
}
process.exit(invalid === 0 ? 0 : 1);
