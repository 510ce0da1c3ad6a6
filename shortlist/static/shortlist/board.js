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
})();
