// The Shorten page: submit a file or pasted URLs as a job, follow its progress, cancel, preview and download.
"use strict";

(() => {
  const { shortenForm: form, fileInput, dropZone, fileName, pasteInput: paste, modelSelect: model,
    providerSelect: provider, callbackInput: callback, retryButton: retry, qrLink: qr, submitButton: submit, formError,
    jobSection: section, jobTitle, jobId, jobState: stateOut, jobProgress: progress, jobPercent: percent,
    jobCounts: counts, jobWaiting, cancelButton: cancel, downloadLink: download, jobError, preview, previewTable,
  } = elementsById();
  const utmInputs = document.querySelectorAll("#utm-fields input");

  // The UTM fields that are filled in, as "&utm_source=..." for the job's URL.
  const utmQuery = () => Array.from(utmInputs).filter((input) => input.value.trim() !== "")
    .map((input) => "&" + input.name + "=" + encodeURIComponent(input.value.trim())).join("");
  let droppedFile = null;
  let job = null;
  let stream = null;

  function chosenFile() { return droppedFile || (fileInput.files.length ? fileInput.files[0] : null); }

  function showFormError(text) {
    formError.textContent = text;
    formError.hidden = !text;
  }

  const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  // An xlsx job's result is xlsx too: the download keeps the input's kind.
  let resultKind = { accept: "text/csv", extension: ".csv" };

  function contentType(file) {
    const name = file.name.toLowerCase();
    if (name.endsWith(".xlsx") || file.type === XLSX) { return XLSX; }
    if (name.endsWith(".json") || file.type === "application/json") { return "application/json"; }
    if (name.endsWith(".txt") || file.type === "text/plain") { return "text/plain"; }
    return "text/csv";
  }

  ["dragenter", "dragover"].forEach((type) => dropZone.addEventListener(type, (e) => {
    e.preventDefault();
    dropZone.classList.add("dragging");
  }));
  ["dragleave", "drop"].forEach((type) => dropZone.addEventListener(type, () => dropZone.classList.remove("dragging")));
  dropZone.addEventListener("drop", (e) => {
    e.preventDefault();
    if (e.dataTransfer.files.length) {
      droppedFile = e.dataTransfer.files[0];
      fileName.textContent = "Chosen: " + droppedFile.name;
    }
  });
  fileInput.addEventListener("change", () => {
    droppedFile = null;
    fileName.textContent = fileInput.files.length ? "Chosen: " + fileInput.files[0].name : "";
  });

  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    showFormError("");
    const file = chosenFile();
    const text = paste.value.trim();
    if (!file && !text) {
      showFormError("Choose a CSV file or paste at least one URL.");
      fileInput.focus();
      return;
    }
    const body = file || (text + "\n");
    const type = file ? contentType(file) : "text/plain";
    resultKind = type === XLSX ? { accept: XLSX, extension: ".xlsx" } : { accept: "text/csv", extension: ".csv" };
    submit.disabled = true;
    try {
      const hook = callback.value.trim();
      const query = "model=" + encodeURIComponent(model.value) + "&provider=" + encodeURIComponent(provider.value)
        + (hook ? "&callback=" + encodeURIComponent(hook) : "") + utmQuery();
      const response = await Api.call("/jobs?" + query,
        { method: "POST", headers: { "Content-Type": type, "Accept": "application/json" }, body });
      if (response.status !== 202 && !response.ok) {
        showFormError(await Api.problem(response));
        return;
      }
      start(await response.json());
    } catch (failure) {
      showFormError("The service could not be reached: " + failure.message);
    } finally {
      submit.disabled = false;
    }
  });

  function start(status) {
    job = status;
    if (stream) { stream.abort(); }
    stream = new AbortController();
    section.hidden = false;
    preview.hidden = true;
    download.hidden = true;
    retry.hidden = true;
    qr.hidden = true;
    jobError.hidden = true;
    cancel.disabled = false;
    jobId.textContent = status.id;
    render(status);
    // Focus the job and bring its progress into view: keyboard and screen-reader users land on it, and so do eyes.
    jobTitle.focus({ preventScroll: true });
    section.scrollIntoView();
    Api.events("/jobs/" + encodeURIComponent(status.id) + "/events", (type, data) => {
      const update = JSON.parse(data);
      render(update);
      if (type === "done" || isFinal(update.state)) {
        finish(update);
        return false;
      }
      return true;
    }, stream.signal).catch((failure) => {
      jobError.textContent = "Progress stream failed: " + failure.message;
      jobError.hidden = false;
    });
  }

  function isFinal(state) { return ["succeeded", "failed", "cancelled"].includes(state); }

  function render(status) {
    const rows = status.rows || {};
    const total = rows.total || 0;
    const done = rows.done || 0;
    const pct = total ? Math.floor((done * 100) / total) : (isFinal(status.state) ? 100 : 0);
    stateOut.textContent = status.state;
    stateOut.className = "state-" + status.state;
    progress.value = pct;
    progress.setAttribute("aria-valuetext", pct + " percent, " + done + " of " + total + " rows");
    percent.textContent = pct + " %";
    const parts = [done + " / " + total + " rows", (rows.ok || 0) + " ok", (rows.failed || 0) + " failed",
      (rows.reused || 0) + " reused"];
    if (status.rowsPerSecond != null) { parts.push(Math.round(status.rowsPerSecond) + " rows/s"); }
    if (status.etaSeconds != null && !isFinal(status.state)) { parts.push("ETA " + Math.ceil(status.etaSeconds) + " s"); }
    counts.textContent = parts.join(" · ");
    renderWaiting(status.waiting);
  }

  // Why the job's calls are held back (a limit, a quota, an outage of its provider), or nothing.
  function renderWaiting(wait) {
    if (!wait) {
      jobWaiting.hidden = true;
      jobWaiting.textContent = "";
      return;
    }
    const since = wait.since ? new Date(wait.since).toLocaleTimeString() : "";
    const until = wait.until ? new Date(wait.until).toLocaleTimeString() : "";
    const why = {
      "outage": "provider " + wait.provider + " is down since " + since + "; rows wait and resume when it is back",
      "rate-limited": "provider " + wait.provider + " limits calls since " + since + (until ? ", until " + until : ""),
      "quota": "the quota of " + wait.provider + " is used up" + (until ? " until " + until : ""),
    }[wait.reason] || wait.reason;
    jobWaiting.textContent = "Waiting: " + why + ".";
    jobWaiting.hidden = false;
  }

  async function finish(status) {
    cancel.disabled = true;
    if (status.error) {
      jobError.textContent = status.error;
      jobError.hidden = false;
    }
    const url = "/jobs/" + encodeURIComponent(status.id) + "/result";
    download.href = url;
    download.setAttribute("download", "shortened-" + status.id + resultKind.extension);
    download.hidden = false;
    const rows = status.rows || {};
    retry.hidden = !(rows.failed > 0);
    retry.disabled = false;
    qr.href = "/jobs/" + encodeURIComponent(status.id) + "/qr.zip";
    qr.setAttribute("download", "qr-" + status.id + ".zip");
    qr.hidden = !(rows.ok > 0);
    await showPreview(url);
    download.focus();
  }

  // Reads only the start of the result: enough for 20 rows, whatever the job's size.
  async function showPreview(url) {
    const response = await Api.call(url, { headers: { "Accept": "text/csv" } });
    if (!response.ok) { return; }
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let text = "";
    while (text.split("\n").length < 23 && text.length < 262144) {
      const { value, done } = await reader.read();
      if (done) { break; }
      text += decoder.decode(value, { stream: true });
    }
    reader.cancel().catch(() => {});
    const lines = Api.parseCsv(text).slice(0, 21).filter((r) => r.length > 1 || r[0] !== "");
    if (!lines.length) { return; }
    const header = lines[0];
    const statusColumn = header.lastIndexOf("status");
    previewTable.replaceChildren(
      el("thead", {}, el("tr", {}, header.map((h) => el("th", { scope: "col" }, h)))),
      el("tbody", {}, lines.slice(1).map((cells) => el("tr",
        cells[statusColumn] === "error" ? { class: "row-error" } : {}, cells.map((c) => el("td", {}, c))))));
    preview.hidden = false;
  }

  // With an API key a download needs the header, so it is fetched and handed to the browser as a file.
  const withKey = (link, accept) => link.addEventListener("click", async (e) => {
    if (!Api.key()) { return; }
    e.preventDefault();
    const response = await Api.call(link.href, { headers: { "Accept": accept() } });
    if (!response.ok) {
      jobError.textContent = await Api.problem(response);
      jobError.hidden = false;
      return;
    }
    const href = URL.createObjectURL(await response.blob());
    const a = el("a", { href, download: link.getAttribute("download") });
    document.body.append(a);
    a.click();
    a.remove();
    URL.revokeObjectURL(href);
  });
  withKey(download, () => resultKind.accept);
  withKey(qr, () => "application/zip");

  // The rows that failed for a reason that can change run again in the same job, followed like a new one.
  retry.addEventListener("click", async () => {
    if (!job) { return; }
    retry.disabled = true;
    const response = await Api.call("/jobs/" + encodeURIComponent(job.id) + "/retry",
      { method: "POST", headers: { "Accept": "application/json" } });
    if (response.status !== 202) {
      jobError.textContent = await Api.problem(response);
      jobError.hidden = false;
      retry.disabled = false;
      return;
    }
    start(await response.json());
  });

  // /?job=<id> (the Jobs page links here) follows an existing job.
  const shown = new URLSearchParams(location.search).get("job");
  if (shown) {
    Api.call("/jobs/" + encodeURIComponent(shown), { headers: { "Accept": "application/json" } })
      .then(async (response) => response.ok ? start(await response.json())
        : showFormError(await Api.problem(response)));
  }

  cancel.addEventListener("click", async () => {
    if (!job) { return; }
    cancel.disabled = true;
    const response = await Api.call("/jobs/" + encodeURIComponent(job.id), { method: "DELETE" });
    if (!response.ok) {
      jobError.textContent = await Api.problem(response);
      jobError.hidden = false;
      cancel.disabled = false;
    }
  });
})();
