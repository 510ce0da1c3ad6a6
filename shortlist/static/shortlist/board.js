// Drag a card onto another column of the shortlist board to change its status (buttons do the same without dragging).
(function () {
  document.addEventListener("dragstart", function (event) {
    var card = event.target.closest && event.target.closest(".board-card");
    if (!card) return;
    event.dataTransfer.setData("text/plain", card.dataset.statusUrl);
    event.dataTransfer.effectAllowed = "move";
  });
  document.addEventListener("dragover", function (event) {
    var column = event.target.closest && event.target.closest(".board-column");
    if (!column) return;
    event.preventDefault();
    column.classList.add("drag-over");
  });
  document.addEventListener("dragleave", function (event) {
    var column = event.target.closest && event.target.closest(".board-column");
    if (column) column.classList.remove("drag-over");
  });
  document.addEventListener("drop", function (event) {
    var column = event.target.closest && event.target.closest(".board-column");
    if (!column) return;
    event.preventDefault();
    column.classList.remove("drag-over");
    var url = event.dataTransfer.getData("text/plain");
    if (!url) return;
    // source: the column, so the CSRF header set by hx-headers on <body> is inherited.
    htmx.ajax("POST", url, {
      source: column, target: "#board", swap: "outerHTML",
      values: { status: column.dataset.status, "return": "board" },
    });
  });

  // Keyboard use: an arrow button's form replaces the whole board, which would drop the focus
  // to the page top. Put it back on the moved card (the same arrow if it still has one) and
  // say where the card went.
  var moved = null;
  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = event.detail.elt;
    var button = form.querySelector && form.querySelector("button[data-move]");
    var card = form.closest && form.closest(".board-card");
    moved = button && card ? { entry: card.dataset.entry, move: button.dataset.move } : null;
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    if (!moved || !event.detail.elt || event.detail.elt.id !== "board") return;
    var done = moved;
    moved = null;
    var card = document.querySelector('.board-card[data-entry="' + done.entry + '"]');
    if (!card) return;
    var target = card.querySelector('button[data-move="' + done.move + '"]') || card.querySelector("button[data-move]") || card.querySelector("a");
    if (target) target.focus();
    var column = card.closest(".board-column");
    var status = document.getElementById("board-status");
    if (status && column) status.textContent = card.querySelector("a").textContent + " is now in " + column.getAttribute("aria-label") + ".";
  });
})();
