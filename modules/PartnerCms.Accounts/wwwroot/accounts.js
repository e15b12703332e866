// Passkeys (WebAuthn) and recovery codes on the account pages. The server makes the options and checks the answer
// (ASP.NET Core Identity); this only hands them between the server and the browser's authenticator.
(function () {
  "use strict";

  var supported = !!(window.PublicKeyCredential && PublicKeyCredential.parseCreationOptionsFromJSON && PublicKeyCredential.parseRequestOptionsFromJSON);

  // The page gives its words in its language as data-say-* attributes; English when it gives none.
  function word(element, name, english) {
    return (element && element.getAttribute("data-say-" + name)) || english;
  }

  function say(form, text) {
    var status = form.querySelector("[data-passkey-status]");
    if (status) { status.textContent = text; }
  }

  function fetchOptions(form) {
    var body = new URLSearchParams();
    var token = form.querySelector("input[name='__RequestVerificationToken']");
    if (token) { body.append("__RequestVerificationToken", token.value); }
    return fetch(form.getAttribute("data-options"), { method: "POST", body: body, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error(word(form, "server", "The server could not start the passkey.") + " (" + response.status + ")"); }
        return response.json();
      });
  }

  function ceremony(form) {
    var create = form.getAttribute("data-passkey") === "create";
    say(form, create ? word(form, "create", "Follow your browser's prompts to create the passkey…") : word(form, "use", "Follow your browser's prompts to use your passkey…"));
    fetchOptions(form)
      .then(function (options) {
        return create
          ? navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options) })
          : navigator.credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(options) });
      })
      .then(function (credential) {
        if (!credential) { throw new Error(word(form, "none", "No passkey was chosen.")); }
        form.querySelector("input[name='Credential']").value = JSON.stringify(credential);
        form.submit();
      })
      .catch(function (error) {
        var message = error && error.name === "NotAllowedError"
          ? word(form, "cancelled", "The passkey was cancelled or timed out. Try again.")
          : (error && error.message) || word(form, "failed", "The passkey did not work. Try again.");
        say(form, message);
      });
  }

  document.querySelectorAll("form[data-passkey]").forEach(function (form) {
    if (!supported) {
      if (form.getAttribute("data-passkey") === "create") {
        say(form, word(form, "unsupported", "This browser cannot make passkeys here. Passkeys need a secure address: https, or http://localhost."));
        var start = form.querySelector("[data-passkey-start]");
        if (start) { start.disabled = true; }
      }
      return;
    }

    form.hidden = false;
    form.querySelector("[data-passkey-start]").addEventListener("click", function () { ceremony(form); });
  });

  document.querySelectorAll("[data-codes]").forEach(function (box) {
    var text = box.getAttribute("data-codes");
    var status = box.querySelector("[data-codes-status]");
    var copy = box.querySelector("[data-copy-codes]");
    var download = box.querySelector("[data-download-codes]");
    if (copy) {
      copy.addEventListener("click", function () {
        navigator.clipboard.writeText(text).then(
          function () { status.textContent = word(box, "copied", "Copied."); },
          function () { status.textContent = word(box, "copy-refused", "Copying is not allowed here: select the codes and copy them."); });
      });
    }

    if (download) {
      download.addEventListener("click", function () {
        var link = document.createElement("a");
        link.href = URL.createObjectURL(new Blob([text], { type: "text/plain" }));
        link.download = box.getAttribute("data-filename") || "recovery-codes.txt";
        document.body.appendChild(link);
        link.click();
        link.remove();
        status.textContent = word(box, "downloaded", "Downloaded.");
      });
    }
  });
})();
