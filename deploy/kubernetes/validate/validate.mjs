// Validates every object in deploy/kubernetes/*.yaml (or the files given as arguments) against the JSON schema of its
// apiVersion and kind: kubernetes-models compiles the schemas from the Kubernetes OpenAPI document, and
// @kubernetes-models/keda from KEDA's CRDs. An object whose apiVersion/kind no package models fails, as does a YAML
// error. Exit 0 when all are valid, 1 otherwise; one line per object on stdout, problems on stderr.
//   npm ci --prefix deploy/kubernetes/validate && node deploy/kubernetes/validate/validate.mjs
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";

const here = dirname(fileURLToPath(import.meta.url));
const manifests = resolve(here, "..");
const repo = resolve(manifests, "../..");

// API group -> the package that models it; the core group (apiVersion "v1") and the built-in groups are kubernetes-models.
const packages = { "keda.sh": "@kubernetes-models/keda" };

async function modelFor(apiVersion, kind) {
  const group = apiVersion.includes("/") ? apiVersion.split("/")[0] : "";
  const specifier = `${packages[group] ?? "kubernetes-models"}/${apiVersion}`;
  let module;
  try {
    module = await import(specifier);
  } catch {
    return null; // no package models this apiVersion
  }
  const model = module[kind];
  return typeof model === "function" && model.apiVersion === apiVersion && model.kind === kind ? model : null;
}

function describe(error) {
  return (error.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message}`).join("; ") || error.message;
}

const files = process.argv.length > 2
  ? process.argv.slice(2).map((f) => resolve(f))
  : readdirSync(manifests).filter((f) => f.endsWith(".yaml")).sort().map((f) => join(manifests, f));

let objects = 0;
let valid = 0;
let failures = 0;
const fail = (where, problem) => {
  failures++;
  console.error(`FAIL  ${where}: ${problem}`);
};

for (const file of files) {
  const name = relative(repo, file);
  const documents = parseAllDocuments(readFileSync(file, "utf8"));
  for (const [index, document] of documents.entries()) {
    const where = `${name} document ${index + 1}`;
    if (document.errors.length > 0) {
      fail(where, document.errors.map((e) => e.message).join("; "));
      continue;
    }
    const object = document.toJS();
    if (object === null || object === undefined) {
      continue; // comments only
    }
    objects++;
    const { apiVersion, kind } = object;
    const label = `${apiVersion} ${kind} ${object.metadata?.name ?? "(no name)"}`;
    if (typeof apiVersion !== "string" || typeof kind !== "string") {
      fail(where, "no apiVersion/kind");
      continue;
    }
    const Model = await modelFor(apiVersion, kind);
    if (Model === null) {
      fail(`${where} (${label})`, "no schema for this apiVersion/kind (add its package to validate.mjs)");
      continue;
    }
    try {
      new Model(object).validate();
      valid++;
      console.log(`ok    ${name}  ${label}`);
    } catch (error) {
      fail(`${where} (${label})`, describe(error));
    }
  }
}

if (objects === 0) {
  fail(relative(repo, manifests), "no Kubernetes objects found");
}
console.log(`${valid} of ${objects} Kubernetes objects in ${files.length} files valid against their schemas`);
process.exit(failures === 0 ? 0 : 1);
