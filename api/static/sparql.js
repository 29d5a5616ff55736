/* The query page: YASGUI pointed at this server's /sparql, with example queries. Nothing here
   reaches another host: prefix/class/property autocompleters that call web services are off. */
(function () {
  "use strict";
  var endpoint = window.location.origin + "/sparql";
  if (window.Yasgui && Yasgui.Yasqe && Yasgui.Yasqe.defaults) {
    Yasgui.Yasqe.defaults.autocompleters = ["variables"];
  }
  var examples = window.NEWSGRAPH_EXAMPLES || [];
  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: false,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
    persistenceId: "newsgraph-yasgui",
    yasqe: { value: examples.length ? examples[0].query : "SELECT * WHERE { ?s ?p ?o } LIMIT 10",
             autocompleters: ["variables"] },
  });
  window.newsgraphYasgui = yasgui;
  // /sparql#query=... (the explorer's "query in SPARQL" links) opens and runs that query
  if (window.location.hash.indexOf("#query=") === 0) {
    var given = decodeURIComponent(window.location.hash.slice(7));
    yasgui.getTab().setQuery(given);
    yasgui.getTab().query();
  }
  // every entity IRI in the results gets an "explore" link to /explore?entity=...
  var ENTITY = "https://w3id.org/newsgraph/id/", NOT_ENTITY = /^(fact|graph|article|activity)\//;
  function linkEntities(root) {
    Array.prototype.forEach.call(root.querySelectorAll("a[href^='" + ENTITY + "']:not([data-ng])"), function (a) {
      a.setAttribute("data-ng", "1");
      var id = a.getAttribute("href").slice(ENTITY.length);
      if (!id || NOT_ENTITY.test(id)) { return; }
      var x = document.createElement("a");
      x.href = "/explore?entity=" + encodeURIComponent(id);
      x.className = "ng-explore";
      x.style.cssText = "margin-left:.4em;font-size:.8em;padding:0 .3em;border:1px solid #9aa5b1;border-radius:3px";
      x.textContent = "explore";
      x.title = "open " + id + " in the graph explorer";
      x.setAttribute("data-ng", "1");
      a.parentNode.insertBefore(x, a.nextSibling);
    });
  }
  new MutationObserver(function () { linkEntities(document.getElementById("yasgui")); })
    .observe(document.getElementById("yasgui"), { childList: true, subtree: true });
  var nav = document.getElementById("examples");
  examples.forEach(function (ex) {
    var b = document.createElement("button");
    b.type = "button";
    b.textContent = ex.title;
    b.title = ex.description;
    b.addEventListener("click", function () {
      var tab = yasgui.getTab();
      tab.setQuery(ex.query);
      tab.query();
    });
    nav.appendChild(b);
  });
})();
