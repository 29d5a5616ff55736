/* The graph explorer over newsgraph's REST API (Cytoscape.js, served offline from npm).

   Graph data comes from /api/export (format cytoscape: the server's layout, colours and sizes),
   names from /api/entities, paths from /api/paths, evidence paragraphs from
   /api/explore/passage. The view lives in the URL (/explore?entity=…&depth=…&expand=…). */
(function () {
  "use strict";
  var $ = function (id) { return document.getElementById(id); };
  var cy = null, formats = [], palette = {}, modalities = {};
  var state = { entity: null, depth: 1, expand: [], layout: "preset", hideTypes: [], hideMods: [],
                select: null, path: null };
  var timings = window.exploreTimings = {};
  var ENTITY_IRI = "https://w3id.org/newsgraph/id/";
  var LARGE_NODES = 1500, LARGE_EDGES = 3000;  // a view above either uses the light stylesheet
  var FACTS_LISTED = 200;  // a node's panel lists this many of its facts in view (a hub has thousands)

  function esc(s) {
    return String(s == null ? "" : s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  function status(msg, isError) {
    $("status").textContent = msg || "";
    $("status").className = isError ? "error" : "";
  }
  function split(v) { return (v || "").split(",").map(function (s) { return s.trim(); }).filter(Boolean); }
  function api(url, opts) {
    return fetch(url, opts).then(function (r) {
      if (r.ok) { return r; }
      return r.json().catch(function () { return { message: r.statusText }; }).then(function (body) {
        throw new Error((body && body.message) || ("HTTP " + r.status));
      });
    });
  }
  function getJson(url) { return api(url).then(function (r) { return r.json(); }); }
  function exported(body) {
    return api("/api/export", { method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify(Object.assign({ format: "cytoscape", lean: true }, body)) })
      .then(function (r) { return r.json(); });
  }

  /* ---- the view in the URL ---------------------------------------------------------------- */
  function readUrl() {
    var q = new URLSearchParams(window.location.search);
    state.entity = q.get("entity");
    state.depth = Math.min(Math.max(parseInt(q.get("depth"), 10) || 1, 1), 3);
    state.expand = split(q.get("expand"));
    state.layout = q.get("layout") || "preset";
    state.hideTypes = split(q.get("hide"));
    state.hideMods = split(q.get("hide_modality"));
    state.select = q.get("select");
    var p = split(q.get("path"));
    state.path = p.length === 2 ? p : null;
  }
  function writeUrl(push) {
    var q = new URLSearchParams();
    if (state.entity) { q.set("entity", state.entity); q.set("depth", String(state.depth)); }
    if (state.expand.length) { q.set("expand", state.expand.join(",")); }
    if (state.layout !== "preset") { q.set("layout", state.layout); }
    if (state.hideTypes.length) { q.set("hide", state.hideTypes.join(",")); }
    if (state.hideMods.length) { q.set("hide_modality", state.hideMods.join(",")); }
    if (state.select) { q.set("select", state.select); }
    if (state.path) { q.set("path", state.path.join(",")); }
    var url = "/explore" + (q.toString() ? "?" + q.toString() : "");
    if (url !== window.location.pathname + window.location.search) {
      window.history[push ? "pushState" : "replaceState"](null, "", url);
    }
  }

  /* ---- graph ------------------------------------------------------------------------------ */
  var sheets = null;
  function makeCy(large) {
    /* A Cytoscape instance for a small or a large view: large ones get the light stylesheet
       (straight unlabelled edges) and the renderer's shortcuts while panning and zooming. */
    if (cy && cy.scratch("_large") === large) { cy.elements().remove(); return; }
    if (cy) { cy.destroy(); }
    var opts = { container: $("cy"), style: large ? sheets.large : sheets.small, wheelSensitivity: 0.3,
                 minZoom: 0.02, maxZoom: 4, boxSelectionEnabled: false };
    if (large) { opts.pixelRatio = 1; opts.hideEdgesOnViewport = true; opts.textureOnViewport = true; }
    cy = window.cy = cytoscape(opts);
    cy.scratch("_large", large);
    cy.on("tap", "node, edge", function (ev) { choose(ev.target); });
    cy.on("dbltap", "node", function (ev) { expand(ev.target.id()).catch(function (e) { status(e.message, true); }); });
    cy.on("tap", function (ev) { if (ev.target === cy) { cy.elements().unselect(); } });
  }
  function frame(doc) {
    /* Fit the view to the server's positions without asking Cytoscape for bounding boxes (which
       would compute every element's style before the first frame). */
    var box = $("cy"), x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
    doc.elements.nodes.forEach(function (n) {
      var p = n.position; x0 = Math.min(x0, p.x); x1 = Math.max(x1, p.x); y0 = Math.min(y0, p.y); y1 = Math.max(y1, p.y);
    });
    if (!isFinite(x0)) { return; }
    var w = box.clientWidth, h = box.clientHeight;
    var z = Math.min(2, (w - 80) / Math.max(x1 - x0, 1), (h - 80) / Math.max(y1 - y0, 1));
    cy.viewport({ zoom: z, pan: { x: w / 2 - z * (x0 + x1) / 2, y: h / 2 - z * (y0 + y1) / 2 } });
  }
  function addElements(doc, around) {
    var fresh = doc.elements.nodes.filter(function (n) { return cy.getElementById(n.data.id).empty(); });
    var centre = around ? around.position() : null, batch = [];
    fresh.forEach(function (n, i) {
      var pos = n.position;
      if (centre) {
        var angle = 2 * Math.PI * i / fresh.length, radius = 90 + 6 * fresh.length;
        pos = { x: centre.x + radius * Math.cos(angle), y: centre.y + radius * Math.sin(angle) };
      }
      batch.push({ group: "nodes", data: n.data, position: pos, scratch: { _server: pos } });
    });
    var empty = cy.elements().empty();
    doc.elements.edges.forEach(function (e) {
      if (empty || cy.getElementById(e.data.id).empty()) { batch.push({ group: "edges", data: e.data }); }
    });
    cy.add(batch);  // one call: much faster than one add per element on large graphs
    applyFilters();
    return fresh.length;
  }
  function runLayout(name, fit) {
    var opts = { name: name, animate: false, fit: fit !== false, padding: 30 };
    if (name === "preset") { opts.positions = function (n) { return n.scratch("_server"); }; }
    if (name === "fcose") { opts.randomize = false; opts.quality = cy.nodes().length > 1500 ? "draft" : "default"; }
    if (name === "breadthfirst" || name === "concentric") {
      var root = state.entity && cy.getElementById(state.entity);
      if (root && root.nonempty()) { opts.roots = root; }
    }
    if (name === "concentric") { opts.concentric = function (n) { return n.degree(); }; opts.levelWidth = function () { return 2; }; }
    cy.layout(opts).run();
  }
  function openEntity(id, depth, push) {
    state.entity = id; state.depth = depth || state.depth; state.expand = []; state.select = id; state.path = null;
    $("paths").innerHTML = "";
    writeUrl(push);
    return drawView();
  }
  function drawView() {
    var t0 = performance.now();
    status("loading " + state.entity + "…");
    return exported({ seeds: [state.entity], depth: state.depth }).then(function (doc) {
      timings.fetch = performance.now() - t0;
      makeCy(doc.elements.nodes.length > LARGE_NODES || doc.elements.edges.length > LARGE_EDGES);
      addElements(doc, null);
      timings.add = performance.now() - t0;
      if (state.layout !== "preset") { runLayout(state.layout); } else { frame(doc); }  // server positions
      timings.layout = performance.now() - t0;
      var chain = Promise.resolve();
      state.expand.forEach(function (id) { chain = chain.then(function () { return expand(id, true); }); });
      return chain;
    }).then(function () {
      if (state.path) { return findPaths(state.path[0], state.path[1], true); }
    }).then(function () {
      timings.restored = performance.now() - t0;
      var target = state.select && cy.getElementById(state.select);
      if (target && target.nonempty()) { choose(target); }
      timings.selected = performance.now() - t0;
      return new Promise(function (resolve) { window.requestAnimationFrame(function () { resolve(); }); });
    }).then(function () {
      timings.draw = performance.now() - t0;
      timings.nodes = cy.nodes().length; timings.edges = cy.edges().length;
      status(cy.nodes().length + " entities, " + cy.edges().length + " facts in view (drawn in " +
             Math.round(timings.draw) + " ms)");
      document.body.setAttribute("data-ready", "1");
    }).catch(function (err) { status(err.message, true); document.body.setAttribute("data-ready", "error"); });
  }
  function expand(id, restoring) {
    var node = cy.getElementById(id);
    return exported({ seeds: [id], depth: 1 }).then(function (doc) {
      var added = addElements(doc, node.nonempty() ? node : null);
      node = cy.getElementById(id);
      node.addClass("expanded");
      if (state.expand.indexOf(id) < 0 && id !== state.entity) { state.expand.push(id); }
      if (!restoring) {
        if (state.layout !== "preset") { runLayout(state.layout, false); }
        writeUrl(false);
        status(added + " new entities around " + node.data("label"));
        if (node.nonempty()) { choose(node); }
      }
    });
  }
  function applyFilters() {
    if (!state.hideTypes.length && !state.hideMods.length && !cy.$(".hidden").length) { return; }
    var known = Object.keys(palette);
    cy.batch(function () {
      cy.nodes().forEach(function (n) {
        var t = known.indexOf(n.data("type")) >= 0 ? n.data("type") : "Other";
        n.toggleClass("hidden", state.hideTypes.indexOf(t) >= 0);
      });
      cy.edges().forEach(function (e) { e.toggleClass("hidden", state.hideMods.indexOf(e.data("modality")) >= 0); });
    });
  }

  /* ---- panels ----------------------------------------------------------------------------- */
  function choose(el) {
    cy.$(":selected").unselect();  // not cy.elements(): that walks every element of a large view
    el.select();
    state.select = el.id();
    writeUrl(false);
    if (el.isNode()) { showNode(el); } else { showEdge(el); }
  }
  function sparqlLink(query, text) {
    return '<a href="/sparql#query=' + encodeURIComponent(query) + '">' + esc(text) + "</a>";
  }
  function factButton(e) {
    return '<li><button type="button" data-edge="' + esc(e.id()) + '">' + esc(e.source().data("label")) +
      " → " + esc(e.data("label")) + " → " + esc(e.target().data("label")) +
      ' <span class="badge ' + esc(e.data("modality")) + '">' + esc(e.data("modality")) + "</span></button></li>";
  }
  function showNode(n) {
    var d = n.data(), iri = d.iri || (ENTITY_IRI + d.id);
    var facts = n.connectedEdges().not(".hidden");
    var html = "<h2>" + esc(d.label) + "</h2>" +
      '<p><span class="sw" style="background:' + esc(d.color) + '"></span>' + esc(d.type) + "</p>" +
      "<dl><dt>IRI</dt><dd>" + esc(iri) + "</dd><dt>links in view</dt><dd>" + n.degree() + "</dd></dl>" +
      '<div class="buttons"><button type="button" id="act-expand">Expand neighbours</button>' +
      '<button type="button" id="act-centre">Centre on it</button>' +
      '<button type="button" id="act-from">Path from here</button>' +
      '<button type="button" id="act-to">Path to here</button></div>' +
      "<h3>Query in SPARQL</h3><p>" + sparqlLink("DESCRIBE <" + iri + ">", "DESCRIBE it") + " · " +
      sparqlLink("PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\nPREFIX ng: <https://w3id.org/newsgraph/ontology#>\n" +
                 "SELECT ?fact ?predicate ?object ?evidence WHERE {\n  ?fact rdf:subject <" + iri +
                 "> ; rdf:predicate ?predicate ; rdf:object ?object .\n  OPTIONAL { ?fact ng:evidenceText ?evidence }\n}",
                 "its facts with evidence") + "</p>" +
      "<h3>Facts in view (" + facts.length + ")</h3><ul class=\"facts\">" + facts.slice(0, FACTS_LISTED).map(factButton).join("") +
      (facts.length > FACTS_LISTED ? "<li>… and " + (facts.length - FACTS_LISTED) + " more in view</li>" : "") + "</ul>" +
      '<div id="card"></div>';
    $("details").innerHTML = html;
    $("act-expand").addEventListener("click", function () { expand(n.id()).catch(function (e) { status(e.message, true); }); });
    $("act-centre").addEventListener("click", function () { openEntity(n.id(), state.depth, true); });
    $("act-from").addEventListener("click", function () { setCombo($("path-from"), n.id(), d.label); });
    $("act-to").addEventListener("click", function () { setCombo($("path-to"), n.id(), d.label); });
    getJson("/api/entities/" + encodeURI(n.id())).then(function (card) {
      var aliases = (card.aliases || []).map(function (a) { return a.text; });
      var arts = (card.articles || []).map(function (a) { return a.headline || a.id; });
      $("card").innerHTML = "<dl>" + (aliases.length ? "<dt>aliases</dt><dd>" + esc(aliases.join(", ")) + "</dd>" : "") +
        ((card.same_as || []).length ? "<dt>same as</dt><dd>" + esc(card.same_as.join(" ")) + "</dd>" : "") +
        "<dt>facts</dt><dd>" + esc(card.degree) + " in the graph</dd>" +
        (arts.length ? "<dt>articles</dt><dd>" + esc(arts.join("; ")) + "</dd>" : "") + "</dl>";
    }).catch(function () { /* the card is extra; the panel stands without it */ });
  }
  function showEdge(e) {
    var d = e.data(), f = e.scratch("_fact");
    var title = "<h2>" + esc(e.source().data("label")) + " → " + esc(e.target().data("label")) + "</h2>";
    if (d.evidence === undefined && !f) {  // lean elements: read the fact (evidence, qualifiers) once
      $("details").innerHTML = title + "<p>" + esc(d.label) + "</p><p>loading the evidence…</p>";
      getJson("/api/facts/" + encodeURI(d.id)).catch(function () { return {}; }).then(function (fact) {
        e.scratch("_fact", fact);
        if (e.selected()) { showEdge(e); }
      });
      return;
    }
    var ev = f ? (f.evidence || {}) : { text: d.evidence, article: d.article, start: d.start, end: d.end };
    var quals = (f ? f.qualifiers : d.qualifiers) || {}, who = f ? f.attributed_to : d.attributed_to;
    if (typeof quals === "string") { quals = JSON.parse(quals); }  // the cytoscape export has them as JSON text
    var rows = Object.keys(quals).map(function (k) { return "<dt>" + esc(k) + "</dt><dd>" + esc(quals[k]) + "</dd>"; }).join("");
    $("details").innerHTML = title +
      "<p><b>" + esc(d.label) + '</b> <span class="badge ' + esc(d.modality) + '">' + esc(d.modality) + "</span></p>" +
      '<div id="evidence"><blockquote class="paragraph">' + esc(ev.text || "no evidence sentence for this fact") +
      "</blockquote></div><dl>" +
      (who ? "<dt>attributed to</dt><dd>" + esc(who) + "</dd>" : "") +
      (d.confidence != null ? "<dt>confidence</dt><dd>" + esc(d.confidence) + "</dd>" : "") +
      (ev.article ? "<dt>article</dt><dd>" + esc(ev.article) + (ev.start != null ? " (chars " + ev.start + "–" + ev.end + ")" : "") + "</dd>" : "") +
      rows + "<dt>fact</dt><dd>" + esc(d.id) + "</dd></dl>" +
      "<p>" + sparqlLink("DESCRIBE <" + ENTITY_IRI + d.id + ">", "DESCRIBE the fact in SPARQL") + "</p>";
    if (ev.article && ev.start != null && ev.end != null) {
      getJson("/api/explore/passage?article=" + encodeURIComponent(ev.article) + "&start=" + ev.start + "&end=" + ev.end)
        .then(function (p) {
          if (!e.selected()) { return; }  // another element was chosen meanwhile
          var par = p.paragraph, t = par.text;
          $("evidence").innerHTML = (p.headline ? '<p class="headline">' + esc(p.headline) + "</p>" : "") +
            '<blockquote class="paragraph" lang="' + esc(p.language || "") + '">' + (par.offset > 0 ? "… " : "") +
            esc(t.slice(0, par.start)) + "<mark>" + esc(t.slice(par.start, par.end)) + "</mark>" + esc(t.slice(par.end)) +
            "</blockquote>";
        }).catch(function (err) { status("evidence: " + err.message, true); });
    }
  }

  /* ---- suggestions (combobox) ------------------------------------------------------------- */
  function combo(input, list, onPick) {
    var items = [], active = -1, timer = null, seq = 0;
    function close() { list.hidden = true; input.setAttribute("aria-expanded", "false"); input.removeAttribute("aria-activedescendant"); active = -1; }
    function mark(i) {
      active = i;
      Array.prototype.forEach.call(list.children, function (li, j) { li.setAttribute("aria-selected", j === i ? "true" : "false"); });
      if (i >= 0) { input.setAttribute("aria-activedescendant", list.children[i].id); list.children[i].scrollIntoView({ block: "nearest" }); }
    }
    function render(hits) {
      items = hits;
      list.innerHTML = hits.map(function (h, i) {
        return '<li role="option" id="' + list.id + "-" + i + '" aria-selected="false" data-i="' + i + '">' +
          '<span class="sw" style="background:' + esc(palette[h.node.type] || palette.Other) + '"></span>' +
          esc(h.node.label) + "<small>" + esc(h.node.type) + "</small></li>";
      }).join("") || '<li role="option" aria-disabled="true">no match</li>';
      list.hidden = false; input.setAttribute("aria-expanded", "true"); mark(hits.length ? 0 : -1);
    }
    function pick(i) {
      var h = items[i]; if (!h) { return; }
      input.value = h.node.label; input.dataset.id = h.node.id; close(); onPick(h.node);
    }
    input.addEventListener("input", function () {
      delete input.dataset.id;
      var q = input.value.trim(), mine = ++seq;
      clearTimeout(timer);
      if (!q) { close(); return; }
      timer = setTimeout(function () {
        getJson("/api/entities?limit=8&q=" + encodeURIComponent(q)).then(function (res) {
          if (mine === seq) { render(res.results || []); }
        }).catch(function (err) { status(err.message, true); });
      }, 120);
    });
    input.addEventListener("keydown", function (ev) {
      if (ev.key === "ArrowDown" && items.length) { ev.preventDefault(); mark((active + 1) % items.length); }
      else if (ev.key === "ArrowUp" && items.length) { ev.preventDefault(); mark((active - 1 + items.length) % items.length); }
      else if (ev.key === "Enter") { ev.preventDefault(); if (!list.hidden && active >= 0) { pick(active); } else if (input.dataset.id) { onPick({ id: input.dataset.id }); } }
      else if (ev.key === "Escape") { if (!list.hidden) { ev.stopPropagation(); close(); } else { input.value = ""; delete input.dataset.id; } }
    });
    list.addEventListener("mousedown", function (ev) { ev.preventDefault(); });
    list.addEventListener("click", function (ev) { var li = ev.target.closest("[data-i]"); if (li) { pick(+li.getAttribute("data-i")); } });
    input.addEventListener("blur", function () { setTimeout(close, 100); });
  }
  function setCombo(input, id, label) { input.value = label; input.dataset.id = id; }
  function resolve(input) {
    if (input.dataset.id) { return Promise.resolve(input.dataset.id); }
    var q = input.value.trim();
    if (!q) { return Promise.reject(new Error("choose both ends of the path")); }
    return getJson("/api/entities?limit=1&q=" + encodeURIComponent(q)).then(function (res) {
      if (!res.results || !res.results.length) { throw new Error("no entity matches " + q); }
      setCombo(input, res.results[0].node.id, res.results[0].node.label);
      return res.results[0].node.id;
    });
  }

  /* ---- paths ------------------------------------------------------------------------------ */
  var found = [];
  function highlight(i) {
    var p = found[i]; if (!p) { return; }
    cy.batch(function () {
      cy.elements().removeClass("highlight").addClass("faded");
      p.nodes.forEach(function (n) { cy.getElementById(n.id).removeClass("faded").addClass("highlight"); });
      p.edges.forEach(function (e) { cy.getElementById(e.id).removeClass("faded").addClass("highlight"); });
    });
    Array.prototype.forEach.call($("paths").children, function (li, j) { li.classList.toggle("active", j === i); });
  }
  function clearPaths() {
    found = []; $("paths").innerHTML = ""; state.path = null; cy.elements().removeClass("highlight faded"); writeUrl(false);
  }
  function findPaths(from, to, restoring) {
    return getJson("/api/paths?k=3&max_length=4&from=" + encodeURIComponent(from) + "&to=" + encodeURIComponent(to))
      .then(function (res) {
        found = res.paths || [];
        if (restoring) { setCombo($("path-from"), res.from.id, res.from.label); setCombo($("path-to"), res.to.id, res.to.label); }
        state.path = [from, to]; writeUrl(false);
        if (!found.length) { $("paths").innerHTML = "<li>" + esc(res.reason || "no path") + "</li>"; return; }
        var ids = {};
        found.forEach(function (p) { p.nodes.forEach(function (n) { ids[n.id] = true; }); });
        return exported({ nodes: Object.keys(ids) }).then(function (doc) {
          var missing = doc.elements.nodes.some(function (n) { return cy.getElementById(n.data.id).empty(); });
          var anchor = cy.getElementById(from);
          addElements(doc, anchor.nonempty() && missing ? anchor : null);
          $("paths").innerHTML = found.map(function (p, i) {
            return "<li><button type=\"button\" data-path=\"" + i + "\">Path " + (i + 1) + ": " +
              p.nodes.map(function (n) { return esc(n.label); }).join(" → ") + " (" + p.length + " hop" + (p.length > 1 ? "s" : "") + ")" +
              (p.caveat ? " ⚠" : "") + "</button><ul>" +
              p.sentences.map(function (s) { return "<li>" + esc(s) + "</li>"; }).join("") + "</ul></li>";
          }).join("");
          Array.prototype.forEach.call($("paths").querySelectorAll("button[data-path]"), function (b) {
            b.addEventListener("click", function () { highlight(+b.getAttribute("data-path")); });
          });
          highlight(0);
          if (!restoring) { status(found.length + " path(s) from " + res.from.label + " to " + res.to.label); }
        });
      });
  }

  /* ---- exports ---------------------------------------------------------------------------- */
  function download(fmt) {
    var nodes = cy.nodes().not(".hidden").map(function (n) { return n.id(); });
    if (!nodes.length) { status("nothing in view to export", true); return; }
    var visible = Object.keys(modalities).filter(function (m) { return state.hideMods.indexOf(m) < 0; });
    var body = { format: fmt.name, nodes: nodes };
    if (visible.length < Object.keys(modalities).length) { body.modality = visible; }
    status("exporting " + fmt.name + "…");
    api("/api/export", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) })
      .then(function (r) {
        var cd = r.headers.get("Content-Disposition") || "", m = /filename="([^"]+)"/.exec(cd);
        return r.blob().then(function (blob) {
          var a = document.createElement("a");
          a.href = URL.createObjectURL(blob); a.download = m ? m[1] : "newsgraph." + fmt.extension;
          document.body.appendChild(a); a.click(); a.remove();
          setTimeout(function () { URL.revokeObjectURL(a.href); }, 10000);
          status(a.download + " (" + blob.size + " bytes)");
        });
      }).catch(function (err) { status(fmt.name + ": " + err.message, true); });
  }

  /* ---- set-up ----------------------------------------------------------------------------- */
  function checkbox(container, name, value, text, checked, swatch) {
    var label = document.createElement("label");
    label.innerHTML = '<input type="checkbox" name="' + name + '" value="' + esc(value) + '"' + (checked ? " checked" : "") + "> " +
      (swatch ? '<span class="sw" style="background:' + esc(swatch) + '"></span>' : "") + esc(text);
    container.appendChild(label);
  }
  function buildTools(config) {
    config.legend.forEach(function (s) { palette[s.type] = s.colour; });
    modalities = config.modalities;
    $("legend").innerHTML = config.legend.map(function (s) {
      return '<li><span class="sw" style="background:' + esc(s.colour) + '"></span>' + esc(s.type) + "</li>";
    }).join("");
    config.legend.forEach(function (s) { checkbox($("type-filters"), "type", s.type, s.type, state.hideTypes.indexOf(s.type) < 0, s.colour); });
    Object.keys(modalities).forEach(function (m) {
      checkbox($("modality-filters"), "modality", m, m + " (" + modalities[m] + ")", state.hideMods.indexOf(m) < 0);
    });
    function onFilter() {
      state.hideTypes = [].map.call(document.querySelectorAll("input[name=type]:not(:checked)"), function (i) { return i.value; });
      state.hideMods = [].map.call(document.querySelectorAll("input[name=modality]:not(:checked)"), function (i) { return i.value; });
      applyFilters(); writeUrl(false);
    }
    if (state.hideTypes.length || state.hideMods.length) { $("filters").open = true; }
    $("type-filters").addEventListener("change", onFilter);
    $("modality-filters").addEventListener("change", onFilter);
    $("export-buttons").innerHTML = formats.map(function (f, i) {
      return '<button type="button" data-format="' + i + '" title="' + esc(f.opens_in) + '">' + esc(f.name) + "</button>";
    }).join("");
    $("export-buttons").addEventListener("click", function (ev) {
      var b = ev.target.closest("[data-format]"); if (b) { download(formats[+b.getAttribute("data-format")]); }
    });
  }
  function start(config) {
    if (window.cytoscapeFcose) { cytoscape.use(window.cytoscapeFcose); }
    sheets = { small: config.stylesheet, large: config.stylesheet_large };
    makeCy(false);
    buildTools(config);
    $("layout").value = state.layout; $("depth").value = String(state.depth);
    $("details").addEventListener("click", function (ev) {  // the fact buttons of a node's panel
      var b = ev.target.closest && ev.target.closest("button[data-edge]");
      if (b) { choose(cy.getElementById(b.getAttribute("data-edge"))); $("details").focus(); }
    });
    $("cy").addEventListener("keydown", function (ev) {
      var sel = cy.$(":selected");
      if (ev.key === "Enter" && sel.nonempty() && sel.isNode()) { expand(sel.id()); }
      if (ev.key === "Escape") { clearPaths(); cy.elements().unselect(); }
      if (ev.key === "+" || ev.key === "-") { cy.zoom(cy.zoom() * (ev.key === "+" ? 1.2 : 1 / 1.2)); }
    });
    document.addEventListener("keydown", function (ev) {
      if (ev.key === "Escape" && document.activeElement === document.body) { clearPaths(); }
    });
    combo($("search"), $("search-list"), function (node) { openEntity(node.id, parseInt($("depth").value, 10), true); });
    combo($("path-from"), $("path-from-list"), function () {});
    combo($("path-to"), $("path-to-list"), function () {});
    $("depth").addEventListener("change", function () { if (state.entity) { openEntity(state.entity, parseInt($("depth").value, 10), true); } });
    $("layout").addEventListener("change", function () { state.layout = $("layout").value; runLayout(state.layout); writeUrl(false); });
    $("fit").addEventListener("click", function () { cy.fit(undefined, 30); });
    $("path-go").addEventListener("click", function () {
      Promise.all([resolve($("path-from")), resolve($("path-to"))]).then(function (ends) {
        return findPaths(ends[0], ends[1], false);
      }).catch(function (err) { status(err.message, true); });
    });
    $("path-clear").addEventListener("click", clearPaths);
    window.addEventListener("popstate", function () { readUrl(); if (state.entity) { drawView(); } });
    if (state.entity) { drawView(); } else { document.body.setAttribute("data-ready", "1"); $("search").focus(); }
  }

  readUrl();
  Promise.all([getJson("/api/explore/config"), getJson("/api/export/formats")]).then(function (both) {
    formats = both[1];
    start(both[0]);
  }).catch(function (err) { status("cannot start the explorer: " + err.message, true); });
})();
