// Before the first paint (a blocking script in <head>): the language chosen for this
// browser (the minplan_lang cookie, set at login and by the language menu) goes on
// <html lang> at once. Until the page's state has the same language, the page is not
// shown (html.lang-pending in app.css; HtmlLang in shell.jsx ends it), so a person who
// chose nynorsk never sees the prerendered bokmål first.
(function () {
  var m = document.cookie.match(/(?:^|;\s*)minplan_lang=([a-z]{2})(?:;|$)/);
  var html = document.documentElement;
  if (m && m[1] !== html.lang) {
    html.lang = m[1];
    html.classList.add("lang-pending");
  }
})();
