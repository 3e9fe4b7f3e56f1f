import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A Java backend's token check with the JDK alone (Java 11+): call {@link #verify} from a
 * Spring controller or any servlet. Run as a check: BBR_SECRET=… java Verify.java TOKEN [ACTION]
 */
public final class Verify {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Pattern SUCCESS = Pattern.compile("\"success\"\\s*:\\s*true");

    /** True when ByeByeRobots accepts the token (for expectedAction, unless null); false when unreachable (fail closed). */
    public static boolean verify(String serviceUrl, String secret, String token, String remoteIp, String expectedAction) {
        if (token == null || token.isBlank()) {
            return false;
        }
        String form = "secret=" + encode(secret) + "&response=" + encode(token)
            + "&idempotency_key=" + UUID.randomUUID() // the same key on every retry of this check
            + (remoteIp == null ? "" : "&remoteip=" + encode(remoteIp));
        HttpRequest request = HttpRequest.newBuilder(URI.create(serviceUrl.replaceAll("/+$", "") + "/v1/siteverify"))
            .timeout(Duration.ofSeconds(5))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build();
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() >= 500) {
                    continue;
                }
                String body = response.body();
                return SUCCESS.matcher(body).find()
                    && (expectedAction == null || body.contains("\"action\":\"" + expectedAction + "\""));
            } catch (IOException e) {
                // lost on the way: retry with the same idempotency key
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    public static void main(String[] args) {
        String service = System.getenv().getOrDefault("BBR_SERVICE_URL", "http://localhost:5180");
        boolean ok = verify(service, System.getenv("BBR_SECRET"), args.length > 0 ? args[0] : null, null, args.length > 1 ? args[1] : null);
        System.out.println(ok ? "accepted" : "refused");
        System.exit(ok ? 0 : 1);
    }
}
