#!/usr/bin/env node
// Builds the front-end assets Django serves at /assets/ into build/static/ (gitignored):
//
//   govuk/openmash-govuk.css    GOV.UK Frontend compiled from Sass with a council's font
//                               stack (frontend/govuk.scss): no GDS Transport, no crest
//   govuk/govuk-frontend.min.js GOV.UK Frontend's JavaScript, copied as published
//
// Only these files are copied out of node_modules, so the GDS Transport font files and the
// crown and crest images in the package are never served.
// Run by `npm run build:css`, which `make setup-app` (so `make demo` and `make test`) runs.
import { copyFileSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "build", "static", "govuk");
const dist = join(root, "node_modules", "govuk-frontend", "dist", "govuk");
mkdirSync(out, { recursive: true });

const { css } = sass.compile(join(root, "frontend", "govuk.scss"), {
  style: "compressed",
  loadPaths: [join(root, "node_modules")],
  quietDeps: true,
});
if (/GDS Transport|@font-face|govuk-crest|url\(/.test(css)) {
  throw new Error("The compiled stylesheet still names a GOV.UK font or image: check frontend/govuk.scss");
}
// Written beside and renamed, so a server never serves half a file.
const target = join(out, "openmash-govuk.css");
writeFileSync(`${target}.tmp`, css);
renameSync(`${target}.tmp`, target);

for (const name of ["govuk-frontend.min.js", "govuk-frontend.min.js.map"]) {
  copyFileSync(join(dist, name), join(out, name));
}
console.log(`Built ${target} (${css.length} bytes) and copied GOV.UK Frontend's JavaScript.`);
