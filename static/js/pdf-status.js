// The status page of a PDF made in the background: while the PDF is being made, fetch the page
// every two seconds and put its new status in place, in the same status region, which screen
// readers announce. A static file, so that no inline script is needed (CSP). Without
// JavaScript the page's "Check again" link does the same by hand.
document.addEventListener("DOMContentLoaded", () => {
  const region = document.getElementById("pdf-status");
  if (!region || region.dataset.pdfStatus !== "waiting") {
    return;
  }
  const check = async () => {
    try {
      const response = await fetch(window.location.href, { cache: "no-store" });
      if (response.ok) {
        const page = new DOMParser().parseFromString(await response.text(), "text/html");
        const fresh = page.getElementById("pdf-status");
        if (fresh && fresh.dataset.pdfStatus !== "waiting") {
          region.dataset.pdfStatus = fresh.dataset.pdfStatus;
          region.replaceChildren(...fresh.childNodes);
          return;
        }
      } else if (response.status === 404) {
        return; // deleted meanwhile: "Check again" shows the page that says so
      }
    } catch {
      // offline for a moment: try again
    }
    window.setTimeout(check, 2000);
  };
  window.setTimeout(check, 2000);
});
