// Start GOV.UK Frontend's components. Loaded as a module, so it runs only in
// browsers that GOV.UK Frontend supports; everything works without it.
import { initAll } from "/assets/govuk/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();
