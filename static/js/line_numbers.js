// Line numbers beside the Jinja source: the gutter the server drew is redrawn as lines come and
// go, and scrolls with the text, so "line 7" in a message is found at a glance.
(() => {
  for (const box of document.querySelectorAll("textarea[data-line-numbers]")) {
    const gutter = box.parentElement.querySelector(".line-gutter");
    if (!gutter) continue;
    let shown = -1;
    const draw = () => {
      const lines = box.value.split("\n").length;
      if (lines !== shown) {
        gutter.textContent = Array.from({ length: lines }, (_, i) => i + 1).join("\n") + "\n";
        shown = lines;
      }
      gutter.scrollTop = box.scrollTop;
    };
    box.addEventListener("input", draw);
    box.addEventListener("scroll", () => { gutter.scrollTop = box.scrollTop; });
    draw();
  }
})();
