<?php
// PHP peer: the two operations the way PHP SNAP SDKs do them (json_encode, hash, hash_hmac,
// openssl_verify), timed on the inputs of bench/inputs.json.
//
//     php peer.php INPUTS_JSON [ROUND_SECONDS] [ROUNDS]
//
// Prints `prepare <ops/s>` and `verify <ops/s>`, the best of ROUNDS rounds, after checking that
// its X-SIGNATURE and headers equal the Rust SDK's and that it accepts the callback.

declare(strict_types=1);

// Serialise, hash, sign and build the headers of a transactional request (scheme B).
function sign_request(array $inputs, array $body, string $timestamp): array
{
    $bodyText = json_encode($body);
    $bodyHash = hash('sha256', $bodyText);
    $token = $inputs['access_token'];
    $stringToSign = 'POST:' . $inputs['request']['path'] . ':' . $token . ':' . $bodyHash . ':' . $timestamp;
    $signature = base64_encode(hash_hmac('sha512', $stringToSign, $inputs['client_secret'], true));
    $headers = [
        'Content-Type' => 'application/json',
        'Authorization' => 'Bearer ' . $token,
        'X-TIMESTAMP' => $timestamp,
        'X-SIGNATURE' => $signature,
        'X-PARTNER-ID' => $inputs['client_key'],
        'X-EXTERNAL-ID' => $inputs['external_id'],
    ];
    return [$bodyText, $headers];
}

// Verify a callback's RSA signature over the raw body (scheme C), then parse it.
function verify_callback($publicKey, string $path, string $body, string $timestamp, string $signature): ?array
{
    $stringToSign = 'POST:' . $path . ':' . hash('sha256', $body) . ':' . $timestamp;
    $decoded = base64_decode($signature, true);
    if ($decoded === false || openssl_verify($stringToSign, $decoded, $publicKey, OPENSSL_ALGO_SHA256) !== 1) {
        return null;
    }
    $notification = json_decode($body, true, 512, JSON_THROW_ON_ERROR);
    return [$notification['originalReferenceNo'], $notification['latestTransactionStatus']];
}

// Operations per second: calibrate a batch of about $roundSeconds, keep the best round.
function best_rate(callable $operation, float $roundSeconds, int $rounds): float
{
    $start = hrtime(true);
    $done = 0;
    while (hrtime(true) - $start < 20_000_000) {
        $operation();
        $done++;
    }
    $batch = max(1, (int) ($roundSeconds / ((hrtime(true) - $start) / 1e9 / $done)));
    $best = 0.0;
    for ($r = 0; $r < $rounds; $r++) {
        $start = hrtime(true);
        for ($i = 0; $i < $batch; $i++) {
            $operation();
        }
        $best = max($best, $batch / ((hrtime(true) - $start) / 1e9));
    }
    return $best;
}

$inputs = json_decode(file_get_contents($argv[1]), true, 512, JSON_THROW_ON_ERROR);
$roundSeconds = (float) ($argv[2] ?? 0.3);
$rounds = (int) ($argv[3] ?? 7);
$request = $inputs['request'];
$callback = $inputs['callback'];
$timestamp = $inputs['timestamp'];
$publicKey = openssl_pkey_get_public($inputs['public_key_pem']);

[$bodyText, $headers] = sign_request($inputs, $request['body'], $timestamp);
if ($bodyText !== $request['body_bytes']) {
    fwrite(STDERR, "php peer: body bytes differ from the Rust SDK's\n");
    exit(1);
}
$expectedHeaders = [];
foreach ($request['headers'] as [$name, $value]) {
    $expectedHeaders[$name] = $value;
}
if ($headers !== $expectedHeaders) {
    fwrite(STDERR, "php peer: headers (X-SIGNATURE) differ from the Rust SDK's\n");
    exit(1);
}
$verified = verify_callback($publicKey, $callback['path'], $callback['body'], $callback['timestamp'], $callback['signature']);
if ($verified !== [$callback['reference'], $callback['status']]) {
    fwrite(STDERR, "php peer: the callback does not verify\n");
    exit(1);
}

$prepare = best_rate(fn () => sign_request($inputs, $request['body'], $timestamp), $roundSeconds, $rounds);
$verify = best_rate(
    fn () => verify_callback($publicKey, $callback['path'], $callback['body'], $callback['timestamp'], $callback['signature']),
    $roundSeconds,
    $rounds,
);
printf("prepare %.0f\n", $prepare);
printf("verify %.0f\n", $verify);
