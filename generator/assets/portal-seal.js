// Opens the sealed blocks of a page with a personal code (the scheme: generator/seal.py).
// The code becomes a key with PBKDF2-HMAC-SHA256 at the block's data-iterations (1: one HMAC, since a code
// holds 80 random bits; docs/access.md) through WebCrypto, or where the page is not a secure context and
// crypto.subtle is missing, the vendored pure-JS @noble/hashes and @noble/ciphers of noble-crypto.min.js;
// the key it gives is tried on each wrapped key of a block, and AES-GCM tells a wrong code at once.
// That key (never the code) is kept in sessionStorage, so the other blocks and pages of the same
// cycle open without typing again until the tab is closed or "lock again" is pressed.
(function () {
  "use strict";
  var STORE = "portal-seal:";
  var encoder = new TextEncoder();

  function bytes(base64) {
    var binary = atob(base64), out = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
    return out;
  }

  function hex(data) {
    return Array.prototype.map.call(data, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function normalise(code) {
    return code.toUpperCase().replace(/[\s\-]/g, "");
  }

  // WebCrypto first; window.portalNoble (noble-crypto.min.js) only where the browser withholds it (plain http).
  function webCrypto() { return window.crypto && window.crypto.subtle; }

  function canDecrypt() { return Boolean(webCrypto() || window.portalNoble); }

  function deriveKey(code, salt, iterations) {
    var subtle = webCrypto(), noble = window.portalNoble;
    if (!subtle) return noble.pbkdf2Async(noble.sha256, encoder.encode(normalise(code)), salt, { c: iterations, dkLen: 32 });
    return subtle.importKey("raw", encoder.encode(normalise(code)), "PBKDF2", false, ["deriveBits"]).then(function (base) {
      return subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt: salt, iterations: iterations }, base, 256);
    }).then(function (bits) { return new Uint8Array(bits); });
  }

  function decrypt(keyBytes, sealed, aad) {
    var subtle = webCrypto(), noble = window.portalNoble;
    if (!subtle) {  // a wrong key throws, as WebCrypto's rejects
      return Promise.resolve().then(function () {
        return noble.gcm(keyBytes, sealed.slice(0, 12), encoder.encode(aad)).decrypt(sealed.slice(12));
      });
    }
    return subtle.importKey("raw", keyBytes, "AES-GCM", false, ["decrypt"]).then(function (key) {
      return subtle.decrypt({ name: "AES-GCM", iv: sealed.slice(0, 12), additionalData: encoder.encode(aad) }, key, sealed.slice(12));
    });
  }

  // The plaintext of `block` under the key-encryption key `kek`, or null when none of its wrapped keys opens.
  function openBlock(block, kek) {
    var entries = block.dataset.keys ? block.dataset.keys.split(" ") : [];
    function attempt(index) {
      if (index >= entries.length) return Promise.resolve(null);
      return decrypt(kek, bytes(entries[index]), "portal-key").then(function (contentKey) {
        return decrypt(new Uint8Array(contentKey), bytes(block.dataset.box), "portal-content").then(function (plain) {
          return new TextDecoder().decode(plain);
        });
      }, function () { return attempt(index + 1); });
    }
    return attempt(0);
  }

  function storeKey(block) { return STORE + block.dataset.salt; }

  function remembered(block) {
    try { var value = window.sessionStorage.getItem(storeKey(block)); } catch (e) { return null; }
    return value ? new Uint8Array(value.match(/../g).map(function (h) { return parseInt(h, 16); })) : null;
  }

  function remember(block, kek) {
    try { window.sessionStorage.setItem(storeKey(block), hex(kek)); } catch (e) { /* private mode: type again */ }
  }

  function forget() {
    try {
      Object.keys(window.sessionStorage).forEach(function (key) {
        if (key.indexOf(STORE) === 0) window.sessionStorage.removeItem(key);
      });
    } catch (e) { /* nothing kept */ }
    window.location.reload();
  }

  // Downloads travel inside the sealed HTML as base64; they become Blob links once opened.
  function activateFiles(root) {
    root.querySelectorAll("a.portal-file[data-b64]").forEach(function (link) {
      var blob = new Blob([bytes(link.dataset.b64)], { type: link.dataset.type || "application/octet-stream" });
      link.href = URL.createObjectURL(blob);
      link.removeAttribute("data-b64");
    });
  }

  function show(block, html) {
    var form = block.querySelector("form.portal-unlock");
    var forgetLabel = form ? form.dataset.forget : "";
    block.innerHTML = html;
    block.classList.add("portal-opened");
    activateFiles(block);
    if (window.portalTables) window.portalTables(block);  // sorting and filters (portal.js)
    if (forgetLabel) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "md-button portal-forget";
      button.textContent = forgetLabel;
      button.addEventListener("click", forget);
      block.appendChild(button);
    }
  }

  function openAll(kek, blocks) {
    return Promise.all(blocks.map(function (block) {
      return openBlock(block, kek).then(function (html) {
        if (html !== null) { show(block, html); remember(block, kek); }
        return html !== null;
      });
    }));
  }

  function setUp(block) {
    var form = block.querySelector("form.portal-unlock");
    if (!form || form.dataset.ready) return;
    form.dataset.ready = "1";
    var status = form.querySelector(".portal-unlock-status");
    if (!canDecrypt()) {
      status.textContent = " " + form.dataset.nocrypto;
      return;
    }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var code = form.querySelector("input[name=code]").value;
      status.textContent = " " + (webCrypto() ? form.dataset.working : form.dataset.unlocking);  // pure JS: the fallback
      deriveKey(code, bytes(block.dataset.salt), parseInt(block.dataset.iterations, 10)).then(function (kek) {
        var others = Array.prototype.filter.call(document.querySelectorAll("div.portal-sealed:not(.portal-opened)"), function (b) {
          return b !== block && b.dataset.salt === block.dataset.salt;
        });
        return openAll(kek, [block]).then(function (opened) {
          if (!opened[0]) { status.textContent = " " + form.dataset.wrong; return; }
          return openAll(kek, others);
        });
      }).catch(function () { status.textContent = " " + form.dataset.wrong; });
    });
  }

  function initialise() {
    var blocks = Array.prototype.slice.call(document.querySelectorAll("div.portal-sealed:not(.portal-opened)"));
    blocks.forEach(setUp);
    if (!canDecrypt()) return;
    blocks.forEach(function (block) {
      var kek = remembered(block);
      if (kek) openAll(kek, [block]);
    });
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(initialise);  // Material's instant navigation swaps pages without reloading
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", initialise);
  } else {
    initialise();
  }
})();
