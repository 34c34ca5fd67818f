// Parses contracts/asyncapi.yaml (or the file given) with the AsyncAPI parser: the document against the AsyncAPI JSON
// Schema of its version, every $ref resolved (the payload and header schemas beside it included), and the parser's
// rules. Errors and warnings fail (exit 1); information and hints are printed. One line per finding, then a summary.
//   npm ci --prefix contracts/validate && node contracts/validate/validate.mjs
import { dirname, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Parser, fromFile } from "@asyncapi/parser";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "../..");
const file = resolve(process.argv[2] ?? resolve(here, "../asyncapi.yaml"));
const name = relative(repo, file);
const severities = ["error", "warning", "info", "hint"];

const { document, diagnostics } = await fromFile(new Parser(), file).parse();
const failing = diagnostics.filter((d) => d.severity <= 1);
for (const d of diagnostics) {
  const line = `${severities[d.severity] ?? d.severity}  ${name}:${(d.range?.start.line ?? -1) + 1} ${d.path?.join(".") ?? ""} [${d.code}] ${d.message}`;
  (d.severity <= 1 ? console.error : console.log)(line);
}
if (document === undefined) {
  console.error(`${name}: not a valid AsyncAPI document`);
  process.exit(1);
}
const channels = document.channels().all().map((c) => c.address());
const messages = document.allMessages().all().length;
console.log(`${name}: AsyncAPI ${document.version()}, ${channels.length} channels, ${document.operations().all().length} operations, ${messages} messages; ${failing.length} errors or warnings`);
process.exit(failing.length === 0 ? 0 : 1);
