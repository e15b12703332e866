// The offer page: keeps "Open in email" in step with the edited message, and copies the message or the link.
(function () {
  "use strict";
  var form = document.getElementById("message-form");
  if (!form) { return; }
  var subject = document.getElementById("message-subject");
  var body = document.getElementById("message-body");
  var mail = document.getElementById("open-in-email");
  var tooLong = document.getElementById("too-long");
  var status = document.getElementById("copy-status");
  var max = parseInt(form.getAttribute("data-max-mailto"), 10) || 2000;
  var update = document.getElementById("update-email-link");

  // Percent-encodes everything but the unreserved characters, exactly as the server does (RFC 3986, RFC 6068).
  function encode(text) {
    return encodeURIComponent(text).replace(/[!'()*]/g, function (c) { return "%" + c.charCodeAt(0).toString(16).toUpperCase(); });
  }

  function mailto(s, b) {
    return "mailto:?subject=" + encode(s) + "&body=" + encode(b.replace(/\r?\n/g, "\r\n"));
  }

  function refresh() {
    var full = mailto(subject.value, body.value);
    var fits = full.length <= max;
    mail.setAttribute("href", fits ? full : mailto(subject.value, ""));
    tooLong.hidden = fits;
  }

  function copy(text, done) {
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { status.textContent = done; }, function () { fallback(text, done); });
    } else {
      fallback(text, done);
    }
  }

  function fallback(text, done) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.className = "visually-hidden";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(area);
    status.textContent = ok ? done : "Copying is blocked here: select the text and copy it yourself.";
  }

  subject.addEventListener("input", refresh);
  body.addEventListener("input", refresh);
  if (update) { update.hidden = true; }
  document.querySelectorAll("[data-copy-message]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { copy(subject.value + "\n\n" + body.value, "Message copied."); });
  });
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var input = document.querySelector(button.getAttribute("data-copy"));
      copy(input.value, "Link copied.");
    });
  });
  refresh();
})();
