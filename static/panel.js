// The panel's only script (CSP forbids inline ones): every htmx request carries the CSRF token,
// and elements marked data-confirm ask before they submit.
(function () {
  'use strict';
  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute('content') : '';
  }
  document.addEventListener('htmx:configRequest', function (event) {
    event.detail.headers['x-csrf-token'] = csrfToken();
  });
  document.addEventListener('submit', function (event) {
    var form = event.target;
    var question = form && form.getAttribute && form.getAttribute('data-confirm');
    if (question && !window.confirm(question)) event.preventDefault();
  }, true);
  // Move focus to the first error after a swap, so keyboard and screen-reader users land on it.
  document.addEventListener('htmx:afterSwap', function (event) {
    var target = event.detail.target;
    var first = target && target.querySelector && target.querySelector('[aria-invalid="true"], .alert-error');
    if (first) {
      if (!first.hasAttribute('tabindex') && first.tagName === 'DIV') first.setAttribute('tabindex', '-1');
      first.focus();
    }
  });
})();
