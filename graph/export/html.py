"""One standalone interactive HTML file: Cytoscape.js and the graph inlined, nothing fetched.

The page opens from disk with no network: pan and zoom, search by label, click a node for its
type and IRI, click an edge for the fact's sentence, article, modality, attribution and
confidence, a layout switch and the colour legend. Positions come from the server-side layout.

>>> from graph.projection.shape import Node, Subgraph
>>> page = write(Subgraph(1, [Node("person/a", "urn:a", "</script>A", "Person")], []), ExportOptions())
>>> page.count(b"</script>") == page.count(b"<script")  # the label cannot close a script early
True
"""

from __future__ import annotations

from typing import Final

from graph.export.assets import cytoscape_source, parallel_patch_source
from graph.export.cystyle import stylesheet
from graph.export.cytoscape import document
from graph.export.palette import legend
from graph.export.records import ExportOptions, prepare
from graph.export.text import script_json, xml_text
from graph.projection.shape import Subgraph

_CSS: Final = """
*{box-sizing:border-box}body{margin:0;font:14px/1.4 system-ui,sans-serif;color:#1a1a1a;display:grid;
grid-template-columns:1fr 320px;grid-template-rows:auto 1fr;height:100vh}
header{grid-column:1/3;display:flex;gap:.5rem;align-items:center;padding:.4rem .6rem;background:#f3f3f3;
border-bottom:1px solid #ccc}header h1{font-size:1rem;margin:0 1rem 0 0}#cy{min-height:0}
aside{overflow:auto;border-left:1px solid #ccc;padding:.6rem}blockquote{margin:.3rem 0;padding:.4rem;
background:#fff8d6;border-left:3px solid #e69f00}.sw{display:inline-block;width:.9em;height:.9em;
border:1px solid #333;border-radius:50%;vertical-align:middle;margin-right:.3em}ul{padding-left:1rem}
dt{font-weight:600}dd{margin:0 0 .3rem 0}
"""
_JS: Final = """
(function(){
var data=JSON.parse(document.getElementById('graph').textContent);
var style=JSON.parse(document.getElementById('style').textContent);
var cy=cytoscape({container:document.getElementById('cy'),elements:data.elements,style:style,
  layout:{name:'preset',fit:true,padding:30},wheelSensitivity:0.3});
window.cy=cy;
var info=document.getElementById('info');
function esc(s){return String(s==null?'':s).replace(/[&<>"]/g,function(c){
  return {'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;'}[c];});}
function row(k,v){return v==null||v===''?'':'<dt>'+esc(k)+'</dt><dd>'+esc(v)+'</dd>';}
cy.on('tap','node',function(ev){var d=ev.target.data();
  info.innerHTML='<h2>'+esc(d.label)+'</h2><dl>'+row('type',d.type)+row('IRI',d.iri)+
  row('degree',d.degree)+'</dl>';});
cy.on('tap','edge',function(ev){var d=ev.target.data();
  var s=cy.getElementById(d.source).data('label'),t=cy.getElementById(d.target).data('label');
  info.innerHTML='<h2>'+esc(s)+' \u2192 '+esc(t)+'</h2><p><b>'+esc(d.label)+'</b></p>'+
  (d.evidence?'<blockquote id="evidence">'+esc(d.evidence)+'</blockquote>':'')+'<dl>'+
  row('article',d.headline?d.headline+' ('+d.article+')':d.article)+row('modality',d.modality)+
  row('attributed to',d.attributed_to)+row('confidence',d.confidence)+'</dl>';});
var q=document.getElementById('q');
q.addEventListener('input',function(){var v=q.value.trim().toLowerCase();
  cy.elements().removeClass('faded highlight');if(!v)return;
  var hit=cy.nodes().filter(function(n){return n.data('label').toLowerCase().indexOf(v)>=0;});
  cy.elements().addClass('faded');hit.removeClass('faded').addClass('highlight');});
document.getElementById('layout').addEventListener('change',function(ev){
  cy.layout({name:ev.target.value,animate:false,fit:true,padding:30}).run();});
document.getElementById('fit').addEventListener('click',function(){cy.fit(undefined,30);});
document.body.setAttribute('data-ready','1');
})();
"""


def write(sub: Subgraph, options: ExportOptions) -> bytes:
    """The standalone page for ``sub`` (UTF-8 HTML5)."""
    doc = document(prepare(sub, options))
    title = xml_text(options.title)
    swatches = "".join(f'<li><span class="sw" style="background:{s.colour}"></span>{xml_text(s.type)}</li>'
                       for s in legend())
    library = cytoscape_source().replace("</script", "<\\/script")
    patch = parallel_patch_source().replace("</script", "<\\/script")
    counts = f"{len(doc['elements']['nodes'])} nodes, {len(doc['elements']['edges'])} edges"
    page = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<meta name="viewport" content="width=device-width,initial-scale=1">
<style>{_CSS}</style></head><body>
<header><h1>{title}</h1><span>{counts}</span>
<label>Search <input id="q" type="search" aria-label="search nodes by label"></label>
<label>Layout <select id="layout"><option value="preset">saved</option><option value="cose">force</option>
<option value="concentric">concentric</option><option value="breadthfirst">tree</option>
<option value="circle">circle</option><option value="grid">grid</option></select></label>
<button id="fit" type="button">Fit</button></header>
<main id="cy" aria-label="graph"></main>
<aside><section id="info" aria-live="polite"><p>Click a node or an edge.</p></section>
<h2>Legend</h2><ul id="legend">{swatches}</ul>
<p>Edges: solid asserted, dashed reported or opinion, dotted planned, pending, expected or speculative.</p>
</aside>
<script type="application/json" id="graph">{script_json(doc)}</script>
<script type="application/json" id="style">{script_json(stylesheet())}</script>
<script>{library}</script>
<script>{patch}</script>
<script>{_JS}</script>
</body></html>
"""
    return page.encode("utf-8")
