// Two small enhancements to pages that work without JavaScript:
// 1. the text-size control (the size is kept in localStorage and applied on <html>
//    before first paint by an inline script in <head>);
// 2. continuous reading: the next article is fetched and appended as the reader nears
//    the end, and the address bar and title follow the article being read.
(function () {
  'use strict';
  var KEY = 'warraq.textSize';
  var SIZES = ['small', 'medium', 'large'];
  var root = document.documentElement;

  function currentSize() {
    return root.getAttribute('data-text-scale') || 'medium';
  }

  function syncButtons() {
    var size = currentSize();
    document.querySelectorAll('[data-text-size]').forEach(function (button) {
      button.setAttribute('aria-pressed', String(button.getAttribute('data-text-size') === size));
    });
  }

  function setSize(size) {
    if (SIZES.indexOf(size) < 0) return;
    if (size === 'medium') root.removeAttribute('data-text-scale');
    else root.setAttribute('data-text-scale', size);
    try { localStorage.setItem(KEY, size); } catch (e) { /* private mode: the choice lasts this page */ }
    syncButtons();
  }

  function revealControls(scope) {
    scope.querySelectorAll('[data-text-size-control]').forEach(function (control) { control.hidden = false; });
  }

  document.addEventListener('click', function (event) {
    var button = event.target.closest && event.target.closest('[data-text-size]');
    if (button) setSize(button.getAttribute('data-text-size'));
  });
  revealControls(document);
  syncButtons();

  var stream = document.querySelector('[data-article-stream]');
  if (!stream || !('IntersectionObserver' in window) || !window.fetch || !window.history.replaceState) return;

  // The article crossing a thin band near the top of the viewport is the one being read.
  var reading = new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (!entry.isIntersecting) return;
      var article = entry.target;
      var url = article.getAttribute('data-url');
      if (url && location.pathname !== url) history.replaceState(null, '', url);
      var title = article.getAttribute('data-title');
      if (title) document.title = title;
    });
  }, { rootMargin: '-35% 0px -64% 0px' });

  var loading = false;
  var nearEnd = new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (entry.isIntersecting && !loading) loadNext(entry.target);
    });
  }, { rootMargin: '0px 0px 800px 0px' });

  function watch(article) {
    reading.observe(article);
    var next = article.querySelector('a[rel="next"][data-fragment]');
    if (next) nearEnd.observe(next);
  }

  function loadNext(link) {
    loading = true;
    nearEnd.unobserve(link);
    fetch(link.getAttribute('data-fragment'), { headers: { Accept: 'text/html' }, credentials: 'same-origin' })
      .then(function (response) {
        if (!response.ok) throw new Error('HTTP ' + response.status);
        return response.text();
      })
      .then(function (html) {
        var template = document.createElement('template');
        template.innerHTML = html;
        var article = template.content.querySelector('article.story');
        if (!article) return;
        var id = article.getAttribute('data-article-id');
        if (stream.querySelector('article.story[data-article-id="' + id + '"]')) return;
        stream.appendChild(article);
        revealControls(article);
        syncButtons();
        watch(article);
      })
      .catch(function () { /* the plain link stays: the reader can still follow it */ })
      .then(function () { loading = false; });
  }

  stream.querySelectorAll('article.story').forEach(watch);
})();
