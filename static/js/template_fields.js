// The field chips beside the template editor: each inserts its field (a "[Paper title]" chip in
// the plain editor, "{{ researcher.salutation }}" in the Jinja view) at the cursor of the text box
// the user was last in, then puts the cursor back after it, so no one needs the template syntax.
// The inserted text fires an "input" event, which the live preview (and the line numbers) listen
// to. Chips are ordinary buttons: Tab and Enter work.
(() => {
  const form = document.getElementById("template-form");
  if (!form) return;
  const plain = [...form.querySelectorAll("[data-chip-target]")];
  const targets = plain.length ? plain
    : [form.querySelector("textarea[name=subject_source]"), form.querySelector("textarea[name=body_source]")];
  const status = document.getElementById("field-status");
  let target = form.querySelector("[data-chip-default]") || targets[targets.length - 1];
  const caret = new Map(targets.map((field) => [field, null]));
  const where = (field) => {
    const named = { subject_source: "subject", body_source: "body" }[field.name];
    const label = field.labels && field.labels[0];
    return named || (label ? label.textContent.trim().toLowerCase() : field.name);
  };
  for (const field of targets) {
    field.addEventListener("focus", () => { target = field; });
    // Where the cursor was when the field lost focus to a chip: insert there, not at the end.
    field.addEventListener("blur", () => caret.set(field, [field.selectionStart, field.selectionEnd]));
  }
  form.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-insert]");
    if (!button) return;
    const text = button.dataset.insert;
    const [start, end] = caret.get(target) || [target.value.length, target.value.length];
    target.focus();
    target.setRangeText(text, start, end, "end");
    caret.set(target, [target.selectionStart, target.selectionEnd]);
    target.dispatchEvent(new Event("input", { bubbles: true }));
    status.textContent = `Inserted “${button.textContent.trim()}” into the ${where(target)}.`;
  });
})();
