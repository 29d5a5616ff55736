/* Cytoscape.js's parallelEdges() and codirectedEdges(), found through the edge's end with fewer edges.

   Cytoscape.js (3.34) calls parallelEdges() for every edge it adds, and its implementation
   scans every edge of the edge's source: adding the facts around a hub of a few thousand facts
   costs the square of its degree (about 2 s of the explorer's draw of a 5,000-node view, most of
   its time in cy.add). A parallel edge joins the same two nodes, so it is in the edge lists of
   both ends: scanning the shorter list finds the same edges. Loaded right after Cytoscape.js
   (the explorer's page, the standalone HTML export); the library's own functions stay reachable
   as window.cytoscapeLibraryParallel for the test that compares the two. */
(function () {
  "use strict";
  if (typeof cytoscape !== "function") { return; }
  function parallel(codirectedOnly) {
    return function (selector) {
      var out = [], edges = this.edges();
      for (var i = 0; i < edges.length; i++) {
        var p = edges[i]._private, s = p.data.source, t = p.data.target;
        var a = p.source._private.edges, b = p.target._private.edges, list = b.length < a.length ? b : a;
        for (var j = 0; j < list.length; j++) {
          var d = list[j]._private.data;
          if ((d.source === s && d.target === t) || (!codirectedOnly && d.source === t && d.target === s)) {
            out.push(list[j]);
          }
        }
      }
      return this.spawn(out, true).filter(selector);
    };
  }
  var probe = cytoscape({ headless: true, styleEnabled: false });
  var proto = Object.getPrototypeOf(probe.collection());
  probe.destroy();
  if (typeof proto.parallelEdges !== "function") { return; }  // another Cytoscape.js: leave it alone
  window.cytoscapeLibraryParallel = { parallelEdges: proto.parallelEdges, codirectedEdges: proto.codirectedEdges };
  proto.parallelEdges = parallel(false);
  proto.codirectedEdges = parallel(true);
})();
