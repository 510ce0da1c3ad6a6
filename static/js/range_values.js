// Keep each slider's value visible: the page renders <output for="the slider's id">; this keeps
// it in step while the slider moves. Without JavaScript the output shows the value as loaded.
document.addEventListener("input", (event) => {
  const slider = event.target;
  if (!(slider instanceof HTMLInputElement) || slider.type !== "range" || !slider.id) return;
  const output = document.querySelector(`output[for="${CSS.escape(slider.id)}"]`);
  if (output) output.value = slider.value;
});
