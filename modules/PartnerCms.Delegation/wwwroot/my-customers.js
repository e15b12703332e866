// Renew selected: sends the chosen customers in batches of 25 so the page can show progress over any number of them.
// Without this script the form posts them all at once and the server renews every one.
(function () {
  const form = document.getElementById('renew-form');
  const button = document.getElementById('renew-selected');
  if (!form || !button) return;
  const all = document.getElementById('select-all');
  if (all) all.addEventListener('change', () => form.querySelectorAll('input[type=checkbox][name=customerIds]').forEach(box => { box.checked = all.checked; }));
  button.addEventListener('click', async (event) => {
    const chosen = Array.from(form.querySelectorAll('input[type=checkbox][name=customerIds]:checked')).map(box => box.value);
    const result = document.getElementById('renew-result');
    const progress = document.getElementById('renew-progress');
    event.preventDefault();
    if (chosen.length === 0) { result.textContent = 'Choose the customers to renew.'; return; }
    const token = form.querySelector('input[name=__RequestVerificationToken]').value;
    progress.hidden = false; progress.max = chosen.length; progress.value = 0; button.disabled = true;
    let renewed = 0; const failed = [];
    for (let i = 0; i < chosen.length; i += 25) {
      const body = new URLSearchParams();
      body.append('__RequestVerificationToken', token);
      chosen.slice(i, i + 25).forEach(id => body.append('customerIds', id));
      try {
        const response = await fetch(form.action, { method: 'POST', body, headers: { 'Accept': 'application/json' }, credentials: 'same-origin' });
        if (!response.ok) throw new Error('HTTP ' + response.status);
        for (const r of await response.json()) { if (r.quoteId) renewed++; else failed.push(r.error); }
      } catch (e) {
        failed.push('A batch failed (' + e.message + '); renew the rest again.');
        break;
      }
      progress.value = Math.min(i + 25, chosen.length);
      result.textContent = 'Renewed ' + renewed + ' of ' + chosen.length + '…';
    }
    result.textContent = 'Renewal requests sent to ' + renewed + ' of ' + chosen.length + ' customers.' + (failed.length ? ' Not renewed: ' + failed.length + ' (' + failed[0] + ')' : '');
    button.disabled = false;
  });
})();
