// Validates Kubernetes manifests (a multi-document YAML stream on stdin, as `kubectl kustomize`
// prints it) against the schemas bundled in the kubernetes-models packages: the Kubernetes API
// itself, Strimzi and KEDA. No cluster is needed. Every object must be of a known kind: an
// object nothing here can check fails the run rather than passing unchecked.
//   kubectl kustomize k8s/overlays/prod | node k8s/validate/validate.mjs prod
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

// apiVersion group -> the package module that holds its models.
const PACKAGES = {
  "kafka.strimzi.io": "@kubernetes-models/strimzi-kafka-operator/kafka.strimzi.io",
  "keda.sh": "@kubernetes-models/keda/keda.sh",
};

async function modelFor(apiVersion, kind) {
  const slash = apiVersion.indexOf("/");
  const group = slash < 0 ? "" : apiVersion.slice(0, slash);
  const version = apiVersion.slice(slash + 1);
  const module = group === "" ? "kubernetes-models/v1"
    : PACKAGES[group] ? `${PACKAGES[group]}/${version}`
    : `kubernetes-models/${group}/${version}`;
  try {
    return (await import(module))[kind];
  } catch {
    return undefined;
  }
}

const label = process.argv[2] ?? "stdin";
const documents = parseAllDocuments(readFileSync(0, "utf8"));
const failures = [];
let checked = 0;
for (const document of documents) {
  if (document.errors.length > 0) {
    failures.push(`YAML: ${document.errors[0].message}`);
    continue;
  }
  const object = document.toJS();
  if (object === null) {
    continue;
  }
  const name = `${object.kind ?? "?"} ${object.metadata?.name ?? "?"}`;
  // kubectl kustomize folds long base64 values over several lines; the API server's decoder
  // skips the line breaks, the schema's "byte" format does not.
  if (object.kind === "Secret" && object.data) {
    for (const key of Object.keys(object.data)) {
      object.data[key] = String(object.data[key]).replace(/\s+/g, "");
    }
  }
  const Model = object.apiVersion && object.kind ? await modelFor(object.apiVersion, object.kind) : undefined;
  if (!Model) {
    failures.push(`${name}: no schema for ${object.apiVersion} ${object.kind}`);
    continue;
  }
  try {
    new Model(object).validate();
    checked++;
  } catch (e) {
    failures.push(`${name}: ${e.message}`);
  }
}
for (const failure of failures) {
  console.error(`${label}: ${failure}`);
}
if (failures.length > 0 || checked === 0) {
  console.error(`${label}: ${failures.length} invalid of ${checked + failures.length} objects`);
  process.exit(1);
}
console.log(`${label}: ${checked} objects valid`);
