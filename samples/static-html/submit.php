<?php
// The backend of the static page, in plain PHP (no extension beyond the core): one POST to
// /v1/siteverify with the site's secret and the token, and the request is accepted only if
// the answer says success for the expected action. Run: php -S localhost:5183 -t samples/static-html

$service = getenv('BBR_SERVICE_URL') ?: 'http://localhost:5180';
$secret = getenv('BBR_SECRET') ?: 'demo-secret-for-development-only-0123456789';

/** True when ByeByeRobots accepts $token for $expectedAction; false otherwise, and when unreachable (fail closed). */
function bbr_verify(string $service, string $secret, ?string $token, ?string $remoteIp, string $expectedAction): bool
{
    if ($token === null || $token === '') {
        return false;
    }
    $fields = ['secret' => $secret, 'response' => $token, 'idempotency_key' => bin2hex(random_bytes(16))];
    if ($remoteIp) {
        $fields['remoteip'] = $remoteIp;
    }
    $context = stream_context_create(['http' => [
        'method' => 'POST',
        'header' => "Content-Type: application/x-www-form-urlencoded\r\n",
        'content' => http_build_query($fields),
        'timeout' => 5,
        'ignore_errors' => true,
    ]]);
    for ($attempt = 0; $attempt < 3; $attempt++) { // retries resend the same idempotency_key
        $body = @file_get_contents(rtrim($service, '/') . '/v1/siteverify', false, $context);
        $status = isset($http_response_header[0]) ? (int) explode(' ', $http_response_header[0])[1] : 0;
        $answer = $body === false ? null : json_decode($body, true);
        if ($body === false || $status >= 500 || in_array('internal-error', $answer['error-codes'] ?? [], true)) {
            usleep(200000 * ($attempt + 1)); // no answer, or the service could not check: try again
            continue;
        }
        return is_array($answer) && ($answer['success'] ?? false) === true && ($answer['action'] ?? null) === $expectedAction;
    }
    return false;
}

$accepted = bbr_verify($service, $secret, $_POST['bbr-response'] ?? null, $_SERVER['REMOTE_ADDR'] ?? null, 'rendez-vous');
if (!$accepted) {
    http_response_code(403);
}
$nom = htmlspecialchars($_POST['nom'] ?? '', ENT_QUOTES, 'UTF-8');
?>
<!doctype html>
<html lang="fr">
<head><meta charset="utf-8"><title><?= $accepted ? 'Demande reçue' : 'Demande refusée' ?></title></head>
<body><main>
<?php if ($accepted): ?>
  <h1 id="result">Demande reçue</h1><p>Merci <?= $nom ?>, votre demande de rendez-vous est enregistrée.</p>
<?php else: ?>
  <h1 id="result">Demande refusée</h1><p>La vérification a échoué. <a href="index.html">Recommencer</a></p>
<?php endif; ?>
</main></body>
</html>
