// A JSON API call guarded by ByeByeRobots: execute() gives a token (at once when the proof of
// work is ready), which goes in the BBR-Response header. A token is good once: the widget,
// which watches this form's submissions, prepares the next one by itself.
document.getElementById('contact').addEventListener('submit', function (event) {
  event.preventDefault();
  var result = document.getElementById('result');
  var widget = window.byebyerobots.render(document.getElementById('bbr'));
  result.textContent = 'Envoi…';
  window.byebyerobots.execute(widget).then(function (token) {
    return fetch('/api/contact', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'BBR-Response': token },
      body: JSON.stringify({ email: document.getElementById('email').value, message: document.getElementById('message').value })
    });
  }).then(function (response) {
    return response.json().then(function (body) {
      result.textContent = response.ok
        ? 'Message reçu, référence ' + body.reference + '.'
        : 'Message refusé (' + (body.error || response.status) + ').';
    });
  }).catch(function () {
    result.textContent = 'Le message n\u2019a pas pu être envoyé. Veuillez réessayer.';
  });
});
