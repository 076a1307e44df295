// "Print" buttons on the attendance list page: shown only when JavaScript runs, they open
// the browser's print dialog. A static file, so that no inline script is needed (CSP).
document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll("[data-print-button]")) {
    button.hidden = false;
    button.addEventListener("click", () => window.print());
  }
});
