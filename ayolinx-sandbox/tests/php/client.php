<?php
// An Ayolinx client written from the project's Ayolinx Open API notes alone (sections 3, 4 and
// 8), not from the sandbox's code: openssl_sign, hash, hash_hmac, json_encode and PHP's
// HTTP stream wrapper only.
//
//   php client.php flow BASE_URL CLIENT_KEY CLIENT_SECRET MERCHANT_PRIVATE_KEY_FILE NOTIFY_URL
//   php client.php verify AYOLINX_PUBLIC_KEY_FILE CALLBACK_JSON_FILE
//
// Exits 0 when every check holds, 1 with a message otherwise.

function fail($message) {
    fwrite(STDERR, "FAIL: $message\n");
    exit(1);
}

function check($condition, $message) {
    if (!$condition) {
        fail($message);
    }
    echo "ok $message\n";
}

// X-TIMESTAMP: yyyy-MM-ddTHH:mm:ssXXX in Jakarta time (section 3).
function timestamp() {
    $now = new DateTime('now', new DateTimeZone('Asia/Jakarta'));
    return $now->format('Y-m-d\TH:i:sP');
}

// X-EXTERNAL-ID: numeric, at most 36 characters, unique per day (section 3).
function external_id() {
    return (string) random_int(100000000, 999999999) . (string) random_int(100000000, 999999999);
}

function post($url, $headers, $body) {
    $lines = [];
    foreach ($headers as $name => $value) {
        $lines[] = "$name: $value";
    }
    $context = stream_context_create(['http' => [
        'method' => 'POST',
        'header' => implode("\r\n", $lines),
        'content' => $body,
        'ignore_errors' => true,
        'timeout' => 20,
    ]]);
    $answer = @file_get_contents($url, false, $context);
    if ($answer === false || !isset($http_response_header[0])) {
        fail("no answer from $url");
    }
    preg_match('#^HTTP/\S+ (\d{3})#', $http_response_header[0], $match);
    return ['status' => (int) $match[1], 'body' => $answer, 'json' => json_decode($answer, true)];
}

// Scheme A (section 4.1): SHA256withRSA over client_key|X-TIMESTAMP, base64.
function get_token($config) {
    $ts = timestamp();
    openssl_sign($config['client_key'] . '|' . $ts, $signature, $config['private_key'], OPENSSL_ALGO_SHA256)
        or fail('openssl_sign');
    $answer = post($config['base_url'] . '/v1.0/access-token/b2b', [
        'Content-Type' => 'application/json',
        'X-TIMESTAMP' => $ts,
        'X-CLIENT-KEY' => $config['client_key'],
        'X-SIGNATURE' => base64_encode($signature),
    ], json_encode(['grantType' => 'client_credentials']));
    if ($answer['status'] !== 200 || $answer['json']['responseCode'] !== '2007300') {
        fail('token: ' . $answer['body']);
    }
    return $answer['json']['accessToken'];
}

// Scheme B (section 4.2): base64(HMAC-SHA512(secret, POST:path:token:sha256hex(body):X-TIMESTAMP)).
function call($config, $token, $path, $data, $options = []) {
    $body = json_encode($data);
    $ts = timestamp();
    $string_to_sign = 'POST:' . $path . ':' . $token . ':' . hash('sha256', $body) . ':' . $ts;
    $signature = base64_encode(hash_hmac('sha512', $string_to_sign, $config['client_secret'], true));
    if (isset($options['tamper'])) {
        $body = str_replace('10000.00', '1.00', $body);
    }
    return post($config['base_url'] . $path, [
        'Content-Type' => 'application/json',
        'Authorization' => 'Bearer ' . $token,
        'X-TIMESTAMP' => $ts,
        'X-SIGNATURE' => $signature,
        'X-PARTNER-ID' => $config['client_key'],
        'X-EXTERNAL-ID' => isset($options['external_id']) ? $options['external_id'] : external_id(),
    ], $body);
}

function expect_code($answer, $status, $code, $what) {
    $got = isset($answer['json']['responseCode']) ? $answer['json']['responseCode'] : '(none)';
    check($answer['status'] === $status && $got === $code, "$what: HTTP $status $code (got {$answer['status']} $got)");
}

function flow($argv) {
    $config = [
        'base_url' => $argv[2],
        'client_key' => $argv[3],
        'client_secret' => $argv[4],
        'private_key' => openssl_pkey_get_private(file_get_contents($argv[5])),
    ];
    $notify_url = $argv[6];
    $order = 'PHP-' . bin2hex(random_bytes(6));
    $generate = function ($reference) use ($notify_url) {
        return [
            'partnerReferenceNo' => $reference,
            'amount' => ['currency' => 'IDR', 'value' => '10000.00'],
            'additionalInfo' => ['channel' => 'BNC_QRIS'],
            'urlParams' => [['type' => 'NOTIFICATION', 'url' => $notify_url]],
            'validUpTo' => (new DateTime('+15 minutes', new DateTimeZone('Asia/Jakarta')))->format('Y-m-d\TH:i:sP'),
        ];
    };

    // Tokens live 2 s in the sandbox under test: every call gets a fresh one.
    check(strlen(get_token($config)) > 0, 'token issued');

    $answer = call($config, get_token($config), '/v1.0/qr/qr-mpm-generate', $generate($order));
    expect_code($answer, 200, '2004700', 'generate');
    $qr = $answer['json']['qrContent'];
    check(substr($qr, 0, 12) === '000201010212', 'qrContent is a dynamic EMVCo payload');
    check(strpos($qr, '540810000.00') !== false, 'qrContent carries the amount in tag 54');

    $query = ['originalPartnerReferenceNo' => $order, 'additionalInfo' => ['channel' => 'BNC_QRIS']];
    $answer = call($config, get_token($config), '/v1.0/qr/qr-mpm-query', $query);
    expect_code($answer, 200, '2005100', 'query');
    check($answer['json']['latestTransactionStatus'] !== '00', 'not paid yet');

    $other = $order . '-C';
    expect_code(call($config, get_token($config), '/v1.0/qr/qr-mpm-generate', $generate($other)), 200, '2004700', 'generate a second QR');
    $cancel = ['originalPartnerReferenceNo' => $other, 'additionalInfo' => ['channel' => 'BNC_QRIS'], 'reason' => 'changed mind'];
    expect_code(call($config, get_token($config), '/v1.0/qr/qr-mpm-cancel', $cancel), 200, '2007700', 'cancel');

    $paid = post($config['base_url'] . '/sandbox/v1/transactions/' . rawurlencode($order) . '/pay', [], '');
    check($paid['status'] === 200 && $paid['json']['status'] === 'paid', 'paid through the control endpoint');
    $answer = call($config, get_token($config), '/v1.0/qr/qr-mpm-query', $query);
    expect_code($answer, 200, '2005100', 'query after payment');
    check($answer['json']['latestTransactionStatus'] === '00', 'latestTransactionStatus 00');

    // The refusals.
    expect_code(call($config, get_token($config), '/v1.0/qr/qr-mpm-generate', $generate($order . '-S'), ['tamper' => true]), 401, '4014700', 'bad signature');
    $reused = external_id();
    expect_code(call($config, get_token($config), '/v1.0/qr/qr-mpm-query', $query, ['external_id' => $reused]), 200, '2005100', 'first use of an X-EXTERNAL-ID');
    expect_code(call($config, get_token($config), '/v1.0/qr/qr-mpm-query', $query, ['external_id' => $reused]), 409, '4095100', 'reused X-EXTERNAL-ID');
    expect_code(call($config, get_token($config), '/v1.0/qr/qr-mpm-generate', $generate($order)), 409, '4094701', 'duplicate partnerReferenceNo');
    $short_lived = get_token($config);
    sleep(3); // the sandbox under test issues 2-second tokens
    expect_code(call($config, $short_lived, '/v1.0/qr/qr-mpm-query', $query), 401, '4015101', 'expired token');
    echo "order $order\n";
}

// Scheme C (section 4.3): SHA256withRSA over POST:ROUTE:sha256hex(raw body):X-TIMESTAMP with
// Ayolinx's public key; ROUTE is the path of the callback URL.
function verify($argv) {
    $key = openssl_pkey_get_public(file_get_contents($argv[2]));
    $callback = json_decode(file_get_contents($argv[3]), true);
    $body = base64_decode($callback['body_base64']);
    $route = parse_url($callback['target'], PHP_URL_PATH);
    $string_to_sign = 'POST:' . $route . ':' . hash('sha256', $body) . ':' . $callback['timestamp'];
    $valid = openssl_verify($string_to_sign, base64_decode($callback['signature']), $key, OPENSSL_ALGO_SHA256);
    check($valid === 1, 'callback signature verifies');
    $data = json_decode($body, true);
    check($data['latestTransactionStatus'] === '00', 'callback says paid');
    echo 'callback for ' . $data['originalPartnerReferenceNo'] . "\n";
}

if ($argc >= 7 && $argv[1] === 'flow') {
    flow($argv);
} elseif ($argc >= 4 && $argv[1] === 'verify') {
    verify($argv);
} else {
    fail('usage: php client.php flow BASE CK SK KEY_FILE NOTIFY_URL | verify PUBLIC_KEY_FILE CALLBACK_JSON');
}
