// The demo page's own script: lists the glossary bundled in the widget through the public
// `window.forklar` API and shows each article as the widget renders it. It is a separate file,
// not inline, because the demo page runs under a strict Content-Security-Policy.
(async () => {
  const status = document.getElementById('glossary-status');
  const list = document.getElementById('glossary-list');
  const view = document.getElementById('glossary-article');
  if (!status || !list || !view || !window.forklar) return;

  try {
    await window.forklar.ready;
  } catch (err) {
    status.textContent = 'Ordbogen kunne ikke indlæses.';
    return;
  }

  const articles = window.forklar.articles().sort((a, b) => a.title.localeCompare(b.title, 'da'));
  status.textContent = `${articles.length} artikler følger med widgetten. Vælg et begreb for at læse artiklen.`;

  const buttons = new Map();
  function show(slug) {
    const meta = window.forklar.lookup(slug);
    const html = window.forklar.render(slug);
    if (!meta || html === undefined) return;
    const category = document.createElement('p');
    category.className = 'glossary-category';
    category.textContent = meta.keywords;
    // `render` returns HTML that the widget sanitised at build time: no raw HTML, only safe links.
    view.innerHTML = html;
    view.prepend(category);
    for (const [s, button] of buttons) button.setAttribute('aria-pressed', String(s === slug));
  }

  for (const article of articles) {
    const item = document.createElement('li');
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = article.title;
    button.title = article.description;
    button.setAttribute('aria-pressed', 'false');
    button.addEventListener('click', () => show(article.slug));
    buttons.set(article.slug, button);
    item.append(button);
    list.append(item);
  }

  // Internal links inside an article open the linked article here instead of leaving the page.
  view.addEventListener('click', (event) => {
    const link = event.target instanceof Element && event.target.closest('a[data-forklar-slug]');
    if (!link) return;
    event.preventDefault();
    show(link.getAttribute('data-forklar-slug'));
  });

  show('kundevendt');
})();
