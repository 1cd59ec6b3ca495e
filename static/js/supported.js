// Tells GOV.UK Frontend's CSS that its JavaScript will run (loaded as a file,
// not inline, so the Content Security Policy can forbid inline scripts).
document.body.className += " govuk-frontend-supported";
