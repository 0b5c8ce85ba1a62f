// Font-size switch (适老化): the choice persists in localStorage and applies before first paint where possible.
(function () {
  var KEY = "portal-font-size";
  var SIZES = ["normal", "large", "xlarge"];
  function apply(size) {
    if (SIZES.indexOf(size) < 0) size = "normal";
    SIZES.forEach(function (s) { document.documentElement.classList.remove("font-" + s); });
    document.documentElement.classList.add("font-" + size);
    document.querySelectorAll("[data-font-size]").forEach(function (b) {
      b.setAttribute("aria-pressed", String(b.getAttribute("data-font-size") === size));
    });
  }
  var saved = null;
  try { saved = localStorage.getItem(KEY); } catch (e) { /* storage disabled */ }
  apply(saved || "normal");
  document.addEventListener("DOMContentLoaded", function () {
    apply(saved || "normal");
    document.querySelectorAll("[data-font-size]").forEach(function (b) {
      b.addEventListener("click", function () {
        var size = b.getAttribute("data-font-size");
        try { localStorage.setItem(KEY, size); } catch (e) { /* ignore */ }
        apply(size);
      });
    });
  });
})();

// 长辈模式 (elder mode): larger type, wider spacing, stronger contrast; persists like the font size.
(function () {
  var KEY = "portal-mode";
  function apply(mode) {
    var elder = mode === "elder";
    if (elder) document.documentElement.dataset.mode = "elder"; else delete document.documentElement.dataset.mode;
    document.querySelectorAll("[data-mode-toggle]").forEach(function (b) {
      b.setAttribute("aria-pressed", String(elder));
    });
  }
  var saved = null;
  try { saved = localStorage.getItem(KEY); } catch (e) { /* storage disabled */ }
  apply(saved);
  document.addEventListener("DOMContentLoaded", function () {
    apply(saved);
    document.querySelectorAll("[data-mode-toggle]").forEach(function (b) {
      b.addEventListener("click", function () {
        saved = document.documentElement.dataset.mode === "elder" ? "standard" : "elder";
        try { localStorage.setItem(KEY, saved); } catch (e) { /* ignore */ }
        apply(saved);
      });
    });
  });
})();

// Copy buttons (/feeds/ and /developers): without JS each address stays a selectable text field and a link.
(function () {
  document.addEventListener("DOMContentLoaded", function () {
    var status = document.getElementById("copy-status");
    document.querySelectorAll("[data-copy]").forEach(function (b) {
      var field = document.getElementById(b.getAttribute("data-copy"));
      if (!field) return;
      b.hidden = false;
      b.addEventListener("click", function () {
        field.select();
        function done() {
          b.textContent = "已复制";
          if (status) status.textContent = "已复制：" + field.value;
          setTimeout(function () { b.textContent = "复制"; }, 2000);
        }
        function fallback() {
          try { document.execCommand("copy"); done(); } catch (e) { /* the text stays selected */ }
        }
        if (navigator.clipboard && navigator.clipboard.writeText) {
          navigator.clipboard.writeText(field.value).then(done, fallback);
        } else {
          fallback();
        }
      });
    });
  });
})();

// Printing: the printed page carries the day it was printed (the server's date stays without JS).
(function () {
  window.addEventListener("beforeprint", function () {
    var d = new Date();
    var day = d.getFullYear() + "-" + ("0" + (d.getMonth() + 1)).slice(-2) + "-" + ("0" + d.getDate()).slice(-2);
    document.querySelectorAll("[data-print-date]").forEach(function (el) { el.textContent = day; });
  });
})();
