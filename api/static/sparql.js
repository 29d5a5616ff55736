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
