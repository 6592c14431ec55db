// Course page: choosing GET or POST login initiation updates every launch link at once, so the "Apply"
// button is only needed without JavaScript.
const form = document.querySelector("form.dev-method");
const links = document.querySelectorAll("a[data-launch]");

function applyMethod(method) {
  for (const a of links) {
    const url = new URL(a.href);
    url.searchParams.set("method", method);
    a.href = url.toString();
  }
  const page = new URL(window.location.href);
  page.searchParams.set("method", method);
  window.history.replaceState(null, "", page.toString());
}

if (form) {
  form.addEventListener("change", (event) => {
    if (event.target instanceof HTMLInputElement && event.target.name === "method") {
      applyMethod(event.target.value);
    }
  });
}
