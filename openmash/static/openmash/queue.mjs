// Keep the queue's working-time clocks current without reloading the page.
// The server does the working-time arithmetic; this only swaps in fresh tables.
const queue = document.getElementById("queue");
if (queue) {
  setInterval(async () => {
    try {
      const response = await fetch(queue.dataset.refreshUrl, { headers: { "X-Queue-Refresh": "1" }, credentials: "same-origin" });
      if (response.redirected || response.status === 401) {
        // Signed out (idle timeout): reload so the sign-in page shows, saying why.
        window.location.reload();
        return;
      }
      if (response.ok && response.headers.get("content-type")?.startsWith("text/html")) {
        queue.innerHTML = await response.text();
      }
    } catch {
      // Offline or signed out: keep what is shown; the next tick tries again.
    }
  }, 60000);
}
