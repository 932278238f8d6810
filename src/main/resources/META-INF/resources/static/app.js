// Shared by every page: calls the service's HTTP API like any client, with the API key when the service asks for one.
"use strict";

const Api = (() => {
  const KEY = "tinyurl-batch.api-key";
  const dialog = document.getElementById("api-key-dialog");
  const keyButton = document.getElementById("api-key-button");

  function key() { return sessionStorage.getItem(KEY); }

  function headers(extra) {
    const h = Object.assign({}, extra || {});
    if (key()) { h["Authorization"] = "Bearer " + key(); }
    return h;
  }

  // Asks for a key in a modal dialog; resolves true when one was entered.
  function askForKey() {
    return new Promise((resolve) => {
      const input = document.getElementById("api-key-input");
      input.value = "";
      dialog.addEventListener("close", () => {
        if (dialog.returnValue === "save" && input.value.trim()) {
          sessionStorage.setItem(KEY, input.value.trim());
          keyButton.hidden = false;
          resolve(true);
        } else {
          resolve(false);
        }
      }, { once: true });
      dialog.showModal();
      input.focus();
    });
  }

  // fetch() with the key; a 401 asks for a key once and repeats the request.
  async function call(url, options) {
    const opts = Object.assign({}, options || {});
    let response = await fetch(url, Object.assign({}, opts, { headers: headers(opts.headers) }));
    if (response.status === 401 && await askForKey()) {
      response = await fetch(url, Object.assign({}, opts, { headers: headers(opts.headers) }));
    }
    return response;
  }

  // The problem's detail (RFC 9457 body), or the status line when the body is not a problem.
  async function problem(response) {
    try {
      const body = await response.clone().json();
      if (body && body.detail) { return body.detail; }
      if (body && body.title) { return body.title; }
    } catch (ignored) { /* not JSON */ }
    return response.status + " " + (response.statusText || "error");
  }

  // Reads a Server-Sent Events stream through fetch (EventSource cannot send an Authorization header).
  async function events(url, onEvent, signal) {
    let lastId = null;
    for (let attempt = 0; attempt < 20 && !(signal && signal.aborted); attempt++) {
      const h = lastId ? { "Last-Event-ID": lastId, "Accept": "text/event-stream" } : { "Accept": "text/event-stream" };
      let response;
      try {
        response = await call(url, { headers: h, signal });
      } catch (e) {
        if (signal && signal.aborted) { return; }
        await new Promise((r) => setTimeout(r, 1000));
        continue;
      }
      if (!response.ok) { throw new Error(await problem(response)); }
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      let buffer = "";
      let event = { type: "message", data: [], id: null };
      for (;;) {
        const { value, done } = await reader.read();
        if (done) { break; }
        buffer += decoder.decode(value, { stream: true });
        let newline;
        while ((newline = buffer.search(/\r\n|\n|\r/)) >= 0) {
          const line = buffer.slice(0, newline);
          buffer = buffer.slice(newline + (buffer.startsWith("\r\n", newline) ? 2 : 1));
          if (line === "") {
            if (event.data.length) {
              if (event.id) { lastId = event.id; }
              if (onEvent(event.type, event.data.join("\n")) === false) { reader.cancel(); return; }
            }
            event = { type: "message", data: [], id: null };
          } else if (!line.startsWith(":")) {
            const colon = line.indexOf(":");
            const field = colon < 0 ? line : line.slice(0, colon);
            const val = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
            if (field === "event") { event.type = val; }
            else if (field === "data") { event.data.push(val); }
            else if (field === "id") { event.id = val; }
          }
        }
      }
      // The stream ended without a final event: reconnect with Last-Event-ID.
    }
  }

  // A minimal RFC 4180 reader for previews: quoted cells, doubled quotes, CRLF or LF.
  function parseCsv(text) {
    const rows = [];
    let row = [], cell = "", quoted = false;
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (quoted) {
        if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; }
        else if (c === '"') { quoted = false; }
        else { cell += c; }
      } else if (c === '"') { quoted = true; }
      else if (c === ",") { row.push(cell); cell = ""; }
      else if (c === "\n" || c === "\r") {
        if (c === "\r" && text[i + 1] === "\n") { i++; }
        row.push(cell); rows.push(row); row = []; cell = "";
      } else { cell += c; }
    }
    if (cell !== "" || row.length) { row.push(cell); rows.push(row); }
    return rows;
  }

  if (key()) { keyButton.hidden = false; }
  keyButton.addEventListener("click", askForKey);

  return { call, problem, events, parseCsv, headers, key };
})();

// The page's elements that have an id, by that id in camelCase ("run-button" is runButton): one lookup per script.
function elementsById() {
  return Object.fromEntries([...document.querySelectorAll("[id]")]
    .map((node) => [node.id.replace(/-(\w)/g, (dash, c) => c.toUpperCase()), node]));
}

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  Object.entries(attrs || {}).forEach(([k, v]) => {
    if (k === "class") { node.className = v; } else { node.setAttribute(k, v); }
  });
  children.flat().forEach((c) => node.append(c instanceof Node ? c : document.createTextNode(String(c))));
  return node;
}
