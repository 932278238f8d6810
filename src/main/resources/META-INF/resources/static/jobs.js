// The Jobs page: recent jobs, newest first, from GET /jobs with cursor paging.
"use strict";

(() => {
  const { jobsTable: table, jobsStatus: status, moreButton: more } = elementsById();
  const body = table.querySelector("tbody");
  let next = null;

  function age(iso) {
    if (!iso) { return ""; }
    const seconds = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
    if (seconds < 90) { return seconds + " s"; }
    if (seconds < 5400) { return Math.round(seconds / 60) + " min"; }
    if (seconds < 172800) { return Math.round(seconds / 3600) + " h"; }
    return Math.round(seconds / 86400) + " d";
  }

  async function load() {
    const url = "/jobs?limit=50" + (next ? "&after=" + encodeURIComponent(next) : "");
    const response = await Api.call(url, { headers: { "Accept": "application/json" } });
    if (!response.ok) {
      status.textContent = await Api.problem(response);
      return;
    }
    const page = await response.json();
    page.jobs.forEach((job) => {
      const rows = job.rows || {};
      const id = encodeURIComponent(job.id);
      const finished = ["succeeded", "failed", "cancelled"].includes(job.state);
      body.append(el("tr", {},
        el("td", {}, el("a", { href: "/?job=" + id }, job.id)),
        el("td", { class: "state-" + job.state }, job.state),
        el("td", {}, (rows.done || 0) + " / " + (rows.total || 0)),
        el("td", {}, rows.ok || 0),
        el("td", {}, rows.failed || 0),
        el("td", {}, rows.reused || 0),
        el("td", {}, job.model || ""),
        el("td", {}, age(job.createdAt)),
        el("td", {}, el("a", { href: "/jobs/" + id + "/result" + (finished ? "" : "?partial=true") },
          finished ? "Download" : "Partial"))));
    });
    next = page.next;
    more.hidden = !next;
    table.hidden = body.children.length === 0;
    status.textContent = body.children.length ? body.children.length + " jobs shown" : "No jobs yet.";
  }

  more.addEventListener("click", load);
  load().catch((failure) => { status.textContent = "The service could not be reached: " + failure.message; });
})();
