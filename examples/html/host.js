// The host site's own script. The queue stub lets it call Deskline(...) before widget.js has
// loaded; the widget replays the calls in order.
window.Deskline = window.Deskline || function () { (Deskline.q = Deskline.q || []).push(arguments); };

const me = document.currentScript.dataset;
if (me.externalId) {
  // Printed into the page by the server, which signed it (see examples/server-signing).
  Deskline('identify', { externalId: me.externalId, name: me.name, email: me.email, signature: me.signature });
}

const log = (text) => {
  const item = document.createElement('li');
  item.textContent = text;
  document.getElementById('events')?.append(item);
};
Deskline('on', 'ready', () => log('ready'));
Deskline('on', 'open', () => log('open'));
Deskline('on', 'close', () => log('close'));
Deskline('on', 'unread', (count) => log(`unread: ${count}`));
Deskline('on', 'message', (message) => log(`message from ${message.sender.name}`));

document.addEventListener('DOMContentLoaded', () => {
  document.getElementById('help').addEventListener('click', () => Deskline('open'));
  document.getElementById('bug').addEventListener('click', () => Deskline('newTicket', { subject: 'Bug report: ', category: 'bug-report', priority: 'HIGH' }));
  document.getElementById('logout').addEventListener('click', () => Deskline('logout'));
});
