// The staff draft form, guided (progressive enhancement: without this script the form still works, the
// "按所选事项填写依据" button posts it to fill the basis on the server, and every party field is shown).
// - Choosing a 权责清单 item fills 处罚依据, the law and the article, and shows the item's field (领域).
// - Fields that do not apply to the chosen party type are hidden (the server checks them per type anyway).
(function () {
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("decision-form");
    if (!form) return;
    var item = form.querySelector("#power_code");
    var party = form.querySelector("#party_type");
    var fieldLine = form.querySelector("#item-field");
    var fill = form.querySelector("[data-fill]");

    function showParty() {
      var type = party.value;
      form.querySelectorAll("[data-party]").forEach(function (box) {
        box.hidden = box.getAttribute("data-party").split(" ").indexOf(type) < 0;
      });
    }

    function fillFromItem() {
      var code = item.value;
      if (!code) { fieldLine.textContent = "领域：—"; return; }
      var url = form.getAttribute("data-defaults").replace("CODE", encodeURIComponent(code));
      fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (r) { if (!r.ok) throw new Error(String(r.status)); return r.json(); })
        .then(function (d) {
          form.querySelector("#basis").value = d.basis || "";
          form.querySelector("#law_id").value = d.law_id == null ? "" : String(d.law_id);
          form.querySelector("#article_number").value = d.article_number == null ? "" : String(d.article_number);
          fieldLine.textContent = "领域：" + (d.field || "—") + "（已按“" + d.name + "”填写处罚依据、法律和条文，请核对）";
        })
        .catch(function () {
          fieldLine.textContent = "未能读取该事项的依据，请点“按所选事项填写依据”或手工填写";
          if (fill) fill.hidden = false;
        });
    }

    if (party) { party.addEventListener("change", showParty); showParty(); }
    if (item && fieldLine) {
      if (fill) fill.hidden = true;
      item.addEventListener("change", fillFromItem);
    }
  });
})();
