// The field buttons beside the template editor: each inserts its field ("{{ researcher.salutation }}")
// at the cursor of the subject or body the user was last in (the body at first), then puts the
// cursor back after it, so no one needs to know the template syntax. The inserted text fires an
// "input" event, which the live preview listens to. Buttons are ordinary buttons: Tab and Enter work.
(() => {
  const form = document.getElementById("template-form");
  if (!form) return;
  const subject = form.querySelector("textarea[name=subject_source]");
  const body = form.querySelector("textarea[name=body_source]");
  const status = document.getElementById("field-status");
  let target = body;
  const caret = new Map([[subject, null], [body, null]]);
  for (const field of [subject, body]) {
    field.addEventListener("focus", () => { target = field; });
    // Where the cursor was when the field lost focus to a button: insert there, not at the end.
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
    status.textContent = `Inserted “${button.textContent.trim()}” into the ${target === subject ? "subject" : "body"}.`;
  });
})();
