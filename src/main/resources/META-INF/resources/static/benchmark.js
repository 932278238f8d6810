// The Benchmark page: run POST /benchmark and draw one bar per model (wall time, floor, CPU per call, p50/p99).
"use strict";

(() => {
  const { benchmarkForm: form, runButton: run, benchmarkStatus: status, benchmarkError: error,
    resultSection: section, resultSummary: summary, chart, autoModel } = elementsById();

  function ms(value) {
    if (value == null) { return "–"; }
    return value >= 1000 ? (value / 1000).toFixed(2) + " s" : value.toFixed(value < 10 ? 1 : 0) + " ms";
  }

  function draw(result) {
    const rows = result.results || [];
    const scale = Math.max(1, ...rows.map((r) => Math.max(r.wallMillis || 0, r.floorMillis || 0)));
    chart.replaceChildren(...rows.map((r) => {
      const fastest = r.model === result.fastest;
      const cheapest = result.cheapest && r.model === result.cheapest;
      const label = el("div", { class: "bar-label" }, r.model,
        fastest ? el("span", { class: "badge" }, "fastest") : "",
        cheapest ? el("span", { class: "badge" }, "cheapest") : "");
      const track = el("div", { class: "bar-track" },
        el("div", { class: "bar", style: "width:" + (100 * (r.wallMillis || 0) / scale).toFixed(2) + "%" }));
      if (r.floorMillis != null) {
        track.append(el("div", { class: "floor-mark", title: "floor " + ms(r.floorMillis),
          style: "left:calc(" + (100 * r.floorMillis / scale).toFixed(2) + "% - 1px)" }));
      }
      const figures = [ms(r.wallMillis) + " wall", "floor " + ms(r.floorMillis)
        + (r.floorRatio != null ? " (" + r.floorRatio.toFixed(2) + "×)" : ""), "limit " + r.limit,
        "p50 " + ms(r.p50), "p99 " + ms(r.p99)];
      if (r.cpuMicrosPerCall != null) { figures.push(r.cpuMicrosPerCall.toFixed(0) + " µs CPU/call"); }
      if (r.errors) { figures.push(r.errors + " errors"); }
      return el("div", { class: "bar-row" + (fastest ? " fastest" : ""), role: "listitem",
        "data-model": r.model, "aria-label": r.model + ": " + figures.join(", ") },
        label, track, el("div", { class: "bar-figures" }, figures.join(" · ")));
    }));
    summary.textContent = (result.fastest ? "Fastest: " + result.fastest : "Every model had errors")
      + (result.cheapest ? " · cheapest in CPU: " + result.cheapest : "")
      + " · " + result.requests + " requests × " + result.rounds + " rounds against " + result.endpoint
      + (result.finishedAt ? " · " + new Date(result.finishedAt).toLocaleString() : "");
    if (result.fastest) { autoModel.textContent = result.fastest; }
    section.hidden = false;
  }

  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    error.hidden = true;
    const params = new URLSearchParams();
    params.set("requests", form.requests.value);
    params.set("rounds", form.rounds.value);
    const models = [...form.querySelectorAll("input[name=models]:checked")].map((m) => m.value);
    if (!models.length) {
      error.textContent = "Pick at least one model.";
      error.hidden = false;
      return;
    }
    params.set("models", models.join(","));
    run.disabled = true;
    status.textContent = "Running… this takes as long as the slowest model.";
    try {
      const response = await Api.call("/benchmark?" + params, { method: "POST", headers: { "Accept": "application/json" } });
      if (response.status === 409) {
        error.textContent = "A benchmark is already running; wait for it to finish.";
        error.hidden = false;
      } else if (!response.ok) {
        error.textContent = await Api.problem(response);
        error.hidden = false;
      } else {
        draw(await response.json());
      }
    } catch (failure) {
      error.textContent = "The service could not be reached: " + failure.message;
      error.hidden = false;
    } finally {
      run.disabled = false;
      status.textContent = "";
    }
  });

  if (form.dataset.hasLatest !== "true") {
    status.textContent = "No benchmark has run yet.";
    return;
  }
  Api.call("/benchmark/latest", { headers: { "Accept": "application/json" } })
    .then(async (response) => {
      if (response.ok) { draw(await response.json()); } else { status.textContent = "No benchmark has run yet."; }
    })
    .catch(() => { status.textContent = "No benchmark has run yet."; });
})();
