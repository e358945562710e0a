/* The Porter stemmer, as Snowball's "porter" algorithm defines it.
 *
 * The static search (search.js) must turn a query word into the same token the
 * export indexed (cms/search/static_terms.py stems with snowballstemmer's
 * "porter", and SQLite's FTS5 "porter" tokenizer does the same for the live
 * search). Words arrive lower-cased and without diacritics; only a-z and y count as
 * vowels, as in Snowball, so other letters are consonants.
 * tests/e2e/test_static_search.py compares this function with the Python one.
 */
(function (root) {
  "use strict";

  var STEP2 = [
    ["ational", "ate"], ["tional", "tion"], ["enci", "ence"], ["anci", "ance"],
    ["izer", "ize"], ["abli", "able"], ["alli", "al"], ["entli", "ent"], ["eli", "e"],
    ["ousli", "ous"], ["ization", "ize"], ["ation", "ate"], ["ator", "ate"],
    ["alism", "al"], ["iveness", "ive"], ["fulness", "ful"], ["ousness", "ous"],
    ["aliti", "al"], ["iviti", "ive"], ["biliti", "ble"]
  ];
  var STEP3 = [
    ["icate", "ic"], ["ative", ""], ["alize", "al"], ["iciti", "ic"], ["ical", "ic"],
    ["ful", ""], ["ness", ""]
  ];
  var STEP4 = [
    "al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent",
    "ion", "ou", "ism", "ate", "iti", "ous", "ive", "ize"
  ];
  var DOUBLES = ["bb", "dd", "ff", "gg", "mm", "nn", "pp", "rr", "tt"];

  function isVowel(c) {
    return "aeiouy".indexOf(c) !== -1;
  }

  // "y" is a consonant at the start of a word and after a vowel: marked "Y".
  function markY(word) {
    var out = "";
    for (var i = 0; i < word.length; i++) {
      var c = word[i];
      out += c === "y" && (i === 0 || isVowel(out[i - 1])) ? "Y" : c;
    }
    return out;
  }

  // The start of the region after the first non-vowel that follows a vowel, from "from".
  function regionAfter(word, from) {
    for (var i = from; i < word.length - 1; i++) {
      if (isVowel(word[i]) && !isVowel(word[i + 1])) return i + 2;
    }
    return word.length;
  }

  function hasVowel(text) {
    for (var i = 0; i < text.length; i++) if (isVowel(text[i])) return true;
    return false;
  }

  // Ends consonant (not w, x or Y), vowel, consonant.
  function endsShort(word) {
    var n = word.length;
    if (n < 3) return false;
    var a = word[n - 3], b = word[n - 2], c = word[n - 1];
    return !isVowel(a) && isVowel(b) && !isVowel(c) && "wxY".indexOf(c) === -1;
  }

  // The longest of "suffixes" (strings, or [suffix, replacement] pairs) that ends "word".
  function longest(word, suffixes) {
    var found = null;
    suffixes.forEach(function (item) {
      var suffix = typeof item === "string" ? item : item[0];
      if (word.slice(-suffix.length) === suffix && (!found || suffix.length > found[0].length)) {
        found = typeof item === "string" ? [item, ""] : item;
      }
    });
    return found;
  }

  function step1(w, p1) {
    if (w.slice(-4) === "sses") w = w.slice(0, -2);
    else if (w.slice(-3) === "ies") w = w.slice(0, -2);
    else if (w.slice(-2) === "ss") w = w;
    else if (w.slice(-1) === "s") w = w.slice(0, -1);

    if (w.slice(-3) === "eed") {
      if (w.length - 3 >= p1) w = w.slice(0, -1);
    } else {
      var suffix = w.slice(-2) === "ed" ? "ed" : w.slice(-3) === "ing" ? "ing" : null;
      if (suffix && hasVowel(w.slice(0, -suffix.length))) {
        w = w.slice(0, -suffix.length);
        var end = w.slice(-2);
        if (end === "at" || end === "bl" || end === "iz") w += "e";
        else if (DOUBLES.indexOf(end) !== -1) w = w.slice(0, -1);
        else if (w.length === p1 && endsShort(w)) w += "e";
      }
    }
    var last = w.slice(-1);
    if ((last === "y" || last === "Y") && hasVowel(w.slice(0, -1))) w = w.slice(0, -1) + "i";
    return w;
  }

  function replaceIn(w, table, start) {
    var found = longest(w, table);
    if (found && w.length - found[0].length >= start) {
      return w.slice(0, w.length - found[0].length) + found[1];
    }
    return w;
  }

  function porter(word) {
    var w = markY(word);
    var p1 = regionAfter(w, 0);
    var p2 = regionAfter(w, p1);
    w = step1(w, p1);
    w = replaceIn(w, STEP2, p1);
    w = replaceIn(w, STEP3, p1);
    var found = longest(w, STEP4);
    if (found && w.length - found[0].length >= p2) {
      var stem = w.slice(0, w.length - found[0].length);
      if (found[0] !== "ion" || /[st]$/.test(stem)) w = stem;
    }
    if (w.slice(-1) === "e") {
      var before = w.slice(0, -1);
      if (before.length >= p2 || (before.length >= p1 && !endsShort(before))) w = before;
    }
    if (w.slice(-2) === "ll" && w.length - 1 >= p2) w = w.slice(0, -1);
    return w.replace(/Y/g, "y");
  }

  root.DigestStem = { porter: porter };
  if (typeof module !== "undefined") module.exports = root.DigestStem;
})(typeof window !== "undefined" ? window : globalThis);
