/* Search on a static copy of the site, with Pagefind.
 *
 * The live site answers /<lang>/search/?q=… on the server. A static copy
 * cannot: there this page was exported without a query, so when the address
 * has ?q= but the page shows no server answer (data-query is empty), this
 * script asks the Pagefind index that the export wrote to <site root>/pagefind/.
 * The site root is found from the "latest entries" link, whose address the
 * export rewrites for a sub-path or relative hosting, so nothing here knows
 * the deployment. Results are built with DOM methods and text nodes only.
 *
 * To find the same entries as the live search, the query is read as the live
 * search reads it (search-text.js), and Pagefind is asked for the entries
 * that contain the word of every token, which the export indexed from the
 * same fields as the live index (cms/search/static_terms.py); each result
 * is then checked: its words include the query's, and a CJK term of three or
 * more characters appears whole in its text.
 */
(function () {
  "use strict";

  var PAGE_SIZE = 10;
  var MAX_QUERY_LENGTH = 200;
  var MAX_CHECKED = 500;
  var searchText = window.DigestSearchText;
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

  function sameSite(url) {
    var resolved = new URL(url, window.location.href);
    return resolved.origin === window.location.origin ? resolved.href : null;
  }

  function resultCard(data, language, pattern, root) {
    var article = document.createElement("article");
    article.className = "card search-result";
    article.lang = language;
    var heading = document.createElement("h2");
    heading.className = "card__title";
    var link = document.createElement("a");
    var meta = data.meta || {};
    var href = sameSite(meta.url ? new URL(meta.url.replace(/^\//, ""), root).href : data.url);
    if (href) {
      link.href = href;
    }
    link.appendChild(searchText.marked(meta.title || data.url, pattern));
    heading.appendChild(link);
    article.appendChild(heading);
    if (data.meta && data.meta.date) {
      var meta = document.createElement("p");
      meta.className = "meta";
      meta.textContent = data.meta.date;
      article.appendChild(meta);
    }
    var excerpt = document.createElement("p");
    excerpt.className = "search-result__snippet";
    var body = searchText.entryText(data.content);
    excerpt.appendChild(searchText.snippet([meta.summary, body], pattern));
    article.appendChild(excerpt);
    var topics = (meta.tags || "").split("\n").filter(Boolean);
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

  // Pagefind's results that match every term. Pagefind also returns near matches of a
  // word, so each candidate's own token words are checked: the first MAX_CHECKED.
  function findEntries(pagefind, terms, language) {
    if (!terms.length) return Promise.resolve([]);
    var query = searchText.tokenQuery(terms);
    return pagefind
      .search(query, { filters: { language: language } })
      .then(function (search) {
        return Promise.all(
          search.results.slice(0, MAX_CHECKED).map(function (result) {
            return result.data();
          })
        );
      })
      .then(function (pages) {
        return pages.filter(function (data) {
          return searchText.matches(data, terms);
        });
      });
  }

  function run(form, results, query) {
    var language = document.documentElement.lang;
    var root = siteRoot();
    if (!root) {
      return;
    }
    var terms = searchText.parseQuery(query, MAX_QUERY_LENGTH);
    var pattern = searchText.termPattern(terms);
    results.replaceChildren(paragraph("search-summary", message(form, "loading")));
    import(new URL("pagefind/pagefind.js", root).href)
      .then(function (pagefind) {
        return pagefind.options({ baseUrl: root.pathname }).then(function () {
          return findEntries(pagefind, terms, language);
        });
      })
      .then(function (found) {
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
          return Promise.resolve(batch).then(function (pages) {
            pages.forEach(function (data) {
              var card = resultCard(data, language, pattern, root);
              results.insertBefore(card, more.parentNode ? more : null);
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
