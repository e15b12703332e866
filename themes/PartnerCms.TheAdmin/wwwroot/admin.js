// The admin theme's only script: on phones the main navigation folds behind a Menu button (without script it stays open).
(() => {
  const toggle = document.querySelector('.menu-toggle');
  if (!toggle) {
    return;
  }

  document.documentElement.classList.add('js-nav');
  toggle.hidden = false;
  toggle.addEventListener('click', () => {
    const open = document.body.classList.toggle('nav-open');
    toggle.setAttribute('aria-expanded', String(open));
    if (open) {
      document.querySelector('#sidenav a')?.focus();
    }
  });
})();
