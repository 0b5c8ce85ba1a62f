// Suggestions while typing in the 权责清单 search box: an ARIA 1.2 combobox with a listbox popup.
// Progressive enhancement: without this script the form submits as before. Keys: ↓/↑ move, Enter chooses,
// Esc closes; the number of suggestions is announced through a polite live region.
(function () {
  "use strict";
  function enhance(input) {
    var url = input.getAttribute("data-suggest");
    var form = input.form;
    var listId = input.id + "-suggestions";
    var list = document.createElement("ul");
    list.id = listId;
    list.className = "suggestions";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "搜索建议");
    list.hidden = true;
    var status = document.createElement("div");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    var wrap = document.createElement("div");
    wrap.className = "suggest-wrap";
    input.parentNode.insertBefore(wrap, input);
    wrap.appendChild(input);
    wrap.appendChild(list);
    wrap.appendChild(status);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);

    var items = [], active = -1, timer = null, pending = null, lastQuery = null;

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }
    function mark(index) {
      active = index;
      Array.prototype.forEach.call(list.children, function (li, i) {
        li.setAttribute("aria-selected", String(i === index));
      });
      if (index >= 0) {
        input.setAttribute("aria-activedescendant", listId + "-" + index);
        list.children[index].scrollIntoView({block: "nearest"});
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }
    function choose(index) {
      var s = items[index];
      if (!s) return;
      close();
      if (s.url) { window.location.href = s.url; return; }
      input.value = s.text;
      if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
    }
    var KINDS = {popular: "常用搜索", synonym: "常用说法", item: "事项", word: "关键词"};
    function render(suggestions) {
      items = suggestions;
      list.textContent = "";
      suggestions.forEach(function (s, i) {
        var li = document.createElement("li");
        li.id = listId + "-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.textContent = s.text;
        var kind = document.createElement("span");
        kind.className = "suggestion-kind";
        kind.textContent = KINDS[s.kind] || "";
        li.appendChild(kind);
        li.addEventListener("mousedown", function (e) { e.preventDefault(); choose(i); });
        list.appendChild(li);
      });
      active = -1;
      if (suggestions.length) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
        status.textContent = "有 " + suggestions.length + " 条建议，可用上下方向键选择";
      } else {
        close();
        status.textContent = "";
      }
    }
    function fetchSuggestions() {
      var q = input.value.trim();
      if (q === lastQuery) return;
      lastQuery = q;
      if (!q) { render([]); return; }
      if (pending && pending.abort) pending.abort();
      pending = window.AbortController ? new AbortController() : null;
      fetch(url + "?q=" + encodeURIComponent(q), {signal: pending ? pending.signal : undefined,
                                                   headers: {"Accept": "application/json"}})
        .then(function (r) { return r.ok ? r.json() : {suggestions: []}; })
        .then(function (body) { if (input.value.trim() === q) render(body.suggestions || []); })
        .catch(function () { /* offline or aborted: the form still works */ });
    }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(fetchSuggestions, 120);
    });
    input.addEventListener("keydown", function (e) {
      var open = !list.hidden && items.length;
      if (e.key === "ArrowDown") {
        if (!open) { lastQuery = null; fetchSuggestions(); return; }
        e.preventDefault();
        mark(active + 1 >= items.length ? 0 : active + 1);
      } else if (e.key === "ArrowUp" && open) {
        e.preventDefault();
        mark(active <= 0 ? items.length - 1 : active - 1);
      } else if (e.key === "Enter" && open && active >= 0) {
        e.preventDefault();
        choose(active);
      } else if (e.key === "Escape" && open) {
        e.preventDefault();
        close();
      } else if (e.key === "Tab") {
        close();
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 100); });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input[data-suggest]").forEach(enhance);
  });
})();
