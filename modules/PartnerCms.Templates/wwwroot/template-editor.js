// Live preview for the message template editor: while the author types, the server renders the template with sample
// data (the same endpoint as the Preview button) and the preview and any error at its line and column are replaced.
// Without JavaScript the Preview button does the same.
(function () {
  const form = document.querySelector("form[data-live-preview]");
  if (!form) return;
  const url = form.getAttribute("data-live-preview");
  let timer = 0;
  let latest = 0;

  async function refresh() {
    const request = ++latest;
    const response = await fetch(url, { method: "POST", body: new FormData(form), headers: { "X-Live-Preview": "1" } });
    if (request !== latest) return;
    const page = new DOMParser().parseFromString(await response.text(), "text/html");
    for (const id of ["live-preview", "subject-error-slot", "body-error-slot"]) {
      const fresh = page.getElementById(id);
      const current = document.getElementById(id);
      if (fresh && current) current.replaceWith(fresh);
    }
  }

  form.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(refresh, 500);
  });
})();
