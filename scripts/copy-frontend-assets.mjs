// Copies the GOV.UK Frontend component JavaScript into static/vendor/ so the
// pages load it from our own origin (the Content Security Policy allows only
// 'self'). GOV.UK's fonts, crest and logotype are deliberately not copied:
// a council service uses the components, not the GOV.UK brand.
import { cpSync, mkdirSync, rmSync } from "node:fs";

const source = "node_modules/govuk-frontend";
const target = "static/vendor/govuk-frontend";

rmSync(target, { recursive: true, force: true });
mkdirSync(target, { recursive: true });
cpSync(`${source}/dist/govuk/govuk-frontend.min.js`, `${target}/govuk-frontend.min.js`);
// Keeps the version and the MIT licence beside the vendored file.
cpSync(`${source}/package.json`, `${target}/package.json`);
