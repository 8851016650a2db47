// minhbach: the iframe search form (/embed/) and its parent page.
//
// In the frame, this script tells the page around it how tall the form
// and its results are, so that the <iframe> can fit them without a
// scroll bar of its own. On load and whenever the page's size changes
// (ResizeObserver) it posts to window.parent:
//
//   {type: "minhbach:height", height: N}
//
// where N is the document's height in CSS pixels, a whole number. The
// message goes to any origin ("*"): it says nothing but a height, and
// the frame cannot know its parent's origin once the visitor has
// searched inside it. The parent must check event.origin (the site's
// origin) and event.source (its own iframe) before using it; the code
// on /nhung-tim-kiem/ does both.
//
// The frame also keeps the filters of its own address (fields=, type=,
// ...) in the form as hidden fields, so that a new search from the box
// stays within them.
//
// On a page that is not framed (the preview on /nhung-tim-kiem/), the
// same script is the parent: it fits every iframe[data-minhbach-embed]
// of the same origin whose frame reports its height, up to the height
// of the window.
(function () {
  "use strict";
  var TYPE = "minhbach:height";

  if (window.parent === window) {
    window.addEventListener("message", function (e) {
      if (e.origin !== location.origin || !e.data || e.data.type !== TYPE) return;
      var frames = document.querySelectorAll("iframe[data-minhbach-embed]");
      for (var i = 0; i < frames.length; i++) {
        // At most one screen: past that the frame scrolls, rather than
        // pushing the page around it thousands of pixels down.
        if (frames[i].contentWindow === e.source) frames[i].height = String(Math.min(Math.ceil(e.data.height), Math.max(480, window.innerHeight)));
      }
    });
    return;
  }

  var form = document.querySelector("form[data-minhbach-form]");
  if (form) {
    var params = new URLSearchParams(location.search);
    ["type", "fields", "kind", "issuer", "level", "status", "year", "size", "sort"].forEach(function (key) {
      params.getAll(key).forEach(function (value) {
        if (!value) return;
        var input = document.createElement("input");
        input.type = "hidden";
        input.name = key;
        input.value = value;
        form.appendChild(input);
      });
    });
  }

  var last = -1;
  function report() {
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    window.parent.postMessage({ type: TYPE, height: height }, "*");
  }
  if (window.ResizeObserver) new ResizeObserver(report).observe(document.documentElement);
  window.addEventListener("load", report);
  report();
})();
