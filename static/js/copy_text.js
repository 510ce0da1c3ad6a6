// "Copy text" on a draft: copy the hidden textarea's text and say so in the status next to the
// button (an aria-live region, so screen readers hear it too). Where the clipboard API is not
// available (an http:// address other than localhost), select the text and copy it the old way;
// if even that fails, show the text selected and say how to copy it by hand.
document.addEventListener("click", async (event) => {
  const button = event.target.closest("[data-copy-from]");
  if (!button) return;
  const source = document.getElementById(button.dataset.copyFrom);
  const status = document.getElementById(button.dataset.copyStatus);
  const say = (text) => {
    status.textContent = "";
    // A fresh text node each time, so the same message is announced again on a second click.
    window.setTimeout(() => { status.textContent = text; }, 30);
  };
  try {
    await navigator.clipboard.writeText(source.value);
    say("Copied the subject and text: paste them into your email.");
    return;
  } catch (error) {
    // fall through to selecting the text
  }
  source.hidden = false;
  source.rows = 12;
  source.cols = 80;
  source.focus();
  source.select();
  let copied = false;
  try {
    copied = document.execCommand("copy");
  } catch (error) {
    copied = false;
  }
  say(copied ? "Copied the subject and text: paste them into your email."
             : "Could not copy automatically: the text is selected below, press Ctrl+C (⌘C on a Mac) to copy it.");
});
