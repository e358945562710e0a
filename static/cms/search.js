/* Search on a static copy of the site, with Pagefind.
 *
 * The live site answers /<lang>/search/?q=… on the server. A static copy
 * cannot: there this page was exported without a query, so when the address
 * has ?q= but the page shows no server answer (data-query is empty), this
 * script asks the Pagefind index that the export wrote to <site root>/pagefind/.
 * The site root is found from the "latest entries" link, whose address the
 * export rewrites for a sub-path or relative hosting, so nothing here knows
 * the deployment. Results are built with DOM methods and text nodes only;
 * from Pagefind's excerpt only <mark> elements are kept.
 */
(function () {
  "use strict";

  var PAGE_SIZE = 10;
  var MAX_QUERY_LENGTH = 200;

  function message(form, name, count) {
    var text = form.getAttribute("data-msg-" + name) || "";
    return text.replace("{count}", String(count));
  }

  function siteRoot() {
    var home = document.querySelector("[data-search-home]");
    if (!home) {
      return null;
    }
    // The language home is <root>/<lang>/ (or <root>/<lang>/index.html).
    return new URL("../", home.href);
  }

  function safeExcerpt(html) {
    var fragment = document.createDocumentFragment();
    var parsed = new DOMParser().parseFromString("<body>" + html, "text/html");
    parsed.body.childNodes.forEach(function (node) {
      if (node.nodeType === Node.ELEMENT_NODE && node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        fragment.appendChild(mark);
      } else {
        fragment.appendChild(document.createTextNode(node.textContent));
      }
    });
    return fragment;
  }

  function sameSite(url) {
    var resolved = new URL(url, window.location.href);
    return resolved.origin === window.location.origin ? resolved.href : null;
  }

  function resultCard(data, language) {
    var article = document.createElement("article");
    article.className = "card search-result";
    article.lang = language;
    var heading = document.createElement("h2");
    heading.className = "card__title";
    var link = document.createElement("a");
    var href = sameSite(data.url);
    if (href) {
      link.href = href;
    }
    link.textContent = (data.meta && data.meta.title) || data.url;
    heading.appendChild(link);
    article.appendChild(heading);
    if (data.meta && data.meta.date) {
      var meta = document.createElement("p");
      meta.className = "meta";
      meta.textContent = data.meta.date;
      article.appendChild(meta);
    }
    var snippet = document.createElement("p");
    snippet.className = "search-result__snippet";
    snippet.appendChild(safeExcerpt(data.excerpt || ""));
    article.appendChild(snippet);
    var topics = (data.filters && data.filters.topic) || [];
    if (topics.length) {
      var list = document.createElement("ul");
      list.className = "tags";
      topics.forEach(function (topic) {
        var item = document.createElement("li");
        var tag = document.createElement("span");
        tag.className = "tag";
        tag.textContent = topic;
        item.appendChild(tag);
        list.appendChild(item);
      });
      article.appendChild(list);
    }
    return article;
  }

  function paragraph(className, text) {
    var element = document.createElement("p");
    element.className = className;
    element.textContent = text;
    return element;
  }

  function run(form, results, query) {
    var language = document.documentElement.lang;
    var root = siteRoot();
    if (!root) {
      return;
    }
    results.replaceChildren(paragraph("search-summary", message(form, "loading")));
    import(new URL("pagefind/pagefind.js", root).href)
      .then(function (pagefind) {
        return pagefind
          .options({ baseUrl: root.pathname })
          .then(function () {
            return pagefind.search(query, { filters: { language: language } });
          });
      })
      .then(function (search) {
        var found = search.results;
        var summary =
          found.length === 1 ? message(form, "one", 1) : message(form, "other", found.length);
        results.replaceChildren(paragraph("search-summary", summary));
        if (!found.length) {
          results.appendChild(paragraph("empty", message(form, "none")));
          return;
        }
        var shown = 0;
        var more = document.createElement("button");
        more.type = "button";
        more.className = "search-more";
        more.textContent = message(form, "more");
        function showMore() {
          var batch = found.slice(shown, shown + PAGE_SIZE);
          shown += batch.length;
          more.disabled = true;
          return Promise.all(
            batch.map(function (result) {
              return result.data();
            })
          ).then(function (pages) {
            pages.forEach(function (data) {
              results.insertBefore(resultCard(data, language), more.parentNode ? more : null);
            });
            more.disabled = false;
            if (shown >= found.length && more.parentNode) {
              more.remove();
            }
          });
        }
        more.addEventListener("click", showMore);
        return showMore().then(function () {
          if (shown < found.length) {
            results.appendChild(more);
          }
        });
      })
      .catch(function () {
        results.replaceChildren(paragraph("empty", message(form, "unavailable")));
      });
  }

  function start() {
    var form = document.querySelector("[data-search-form]");
    var results = document.querySelector("[data-search-results]");
    if (!form || !results || form.getAttribute("data-query")) {
      return; // not the search page, or the server already answered
    }
    var params = new URLSearchParams(window.location.search);
    var query = (params.get("q") || "").trim().slice(0, MAX_QUERY_LENGTH);
    if (!query) {
      return;
    }
    form.elements.q.value = query;
    run(form, results, query);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
