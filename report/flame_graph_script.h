// Internal to flame_graph.cc: the flame graph's inline viewer script (zoom,
// search, URL fragment), written into every SVG inside CDATA.
//
// Contract with the SVG it runs in: every frame is a <g class="f"> with
// id, data-p (the parent's id; none on the root), data-x and data-w (left
// edge and width as shares of the total), data-d (depth), data-n (label
// text), optional data-full (the full name, when the label differs), data-c
// (its fill); one <rect> and one <text> inside. The <svg> carries data-x0,
// data-gw (graph left and width in px) and data-cw (px per character);
// #reset, #search (an XHTML input) and #matched are the controls. When it
// has run, the <svg> gets data-ready="1" and data-zoom (the zoomed frame).
#ifndef MDBPROF_REPORT_FLAME_GRAPH_SCRIPT_H_
#define MDBPROF_REPORT_FLAME_GRAPH_SCRIPT_H_

namespace mdbprof::report::internal {

inline constexpr char kFlameGraphScript[] = R"JS(
(function () {
  var svg = document.documentElement;
  var x0 = +svg.getAttribute('data-x0'), gw = +svg.getAttribute('data-gw');
  var cw = +svg.getAttribute('data-cw');
  var frames = Array.prototype.slice.call(document.querySelectorAll('g.f'));
  var byId = {};
  frames.forEach(function (g) {
    byId[g.id] = g;
    g.fx = +g.getAttribute('data-x');
    g.fw = +g.getAttribute('data-w');
    g.fd = +g.getAttribute('data-d');
  });
  var root = frames[0];
  function label(name, px) {
    var n = Math.floor((px - 6) / cw);
    if (n >= name.length) return name;
    if (n < 3) return '';
    return name.slice(0, n - 1) + '\u2026';
  }
  function place(g, x, w) {
    var r = g.querySelector('rect'), t = g.querySelector('text');
    r.setAttribute('x', (x0 + x * gw).toFixed(2));
    r.setAttribute('width', Math.max(0, w * gw - 1).toFixed(2));
    t.setAttribute('x', (x0 + x * gw + 3).toFixed(2));
    t.textContent = label(g.getAttribute('data-n'), w * gw);
  }
  function zoom(z) {
    if (!z) z = root;
    var ancestors = {};
    for (var a = z; a; a = byId[a.getAttribute('data-p')]) ancestors[a.id] = 1;
    var eps = 1e-9;
    frames.forEach(function (g) {
      if (ancestors[g.id]) {
        g.style.display = '';
        g.setAttribute('opacity', g === z || z === root ? '1' : '0.6');
        place(g, 0, 1);
      } else if (g.fd > z.fd && g.fx >= z.fx - eps &&
                 g.fx + g.fw <= z.fx + z.fw + eps &&
                 g.fw / z.fw * gw >= 0.1) {
        g.style.display = '';
        g.setAttribute('opacity', '1');
        place(g, (g.fx - z.fx) / z.fw, g.fw / z.fw);
      } else {
        g.style.display = 'none';
      }
    });
    svg.setAttribute('data-zoom', z.id);
    document.getElementById('reset').style.display = z === root ? 'none' : '';
  }
  function search(q) {
    var re = null;
    if (q) { try { re = new RegExp(q); } catch (e) { re = null; } }
    var spans = [];
    frames.forEach(function (g) {
      var name = g.getAttribute('data-full') || g.getAttribute('data-n');
      var hit = !!q && g !== root &&
                (re ? re.test(name) : name.indexOf(q) >= 0);
      g.querySelector('rect').setAttribute(
          'fill', hit ? 'rgb(230,0,230)' : g.getAttribute('data-c'));
      if (hit) spans.push([g.fx, g.fx + g.fw]);
    });
    spans.sort(function (a, b) { return a[0] - b[0]; });
    var sum = 0, end = -1;
    spans.forEach(function (s) {
      if (s[0] >= end) { sum += s[1] - s[0]; end = s[1]; }
      else if (s[1] > end) { sum += s[1] - end; end = s[1]; }
    });
    document.getElementById('matched').textContent =
        q ? 'Matched: ' + (100 * sum / root.fw).toFixed(2) + '% (' +
            spans.length + ' frames)' : '';
  }
  frames.forEach(function (g) {
    g.addEventListener('click', function () {
      zoom(g);
      try { history.replaceState(null, '', '#zoom=' + g.id); } catch (e) {}
    });
  });
  document.getElementById('reset').addEventListener('click', function () {
    zoom(root);
  });
  var input = document.getElementById('search');
  if (input) input.addEventListener('input', function () {
    search(input.value);
  });
  function fromHash() {
    var parts = location.hash.replace(/^#/, '').split('&');
    parts.forEach(function (p) {
      var eq = p.indexOf('=');
      if (eq < 0) return;
      var k = p.slice(0, eq), v = decodeURIComponent(p.slice(eq + 1));
      if (k === 'zoom') zoom(byId[v]);
      if (k === 'search') { if (input) input.value = v; search(v); }
    });
  }
  zoom(root);
  fromHash();
  window.addEventListener('hashchange', fromHash);
  svg.setAttribute('data-ready', '1');
})();
)JS";

}  // namespace mdbprof::report::internal

#endif  // MDBPROF_REPORT_FLAME_GRAPH_SCRIPT_H_
