// Progressive enhancement only: every page works without this script.
document.addEventListener('DOMContentLoaded', () => {
  // The embed snippet is selected in one click, ready to copy.
  const code = document.getElementById('embed-code');
  if (code) code.addEventListener('focus', () => code.select());
});
