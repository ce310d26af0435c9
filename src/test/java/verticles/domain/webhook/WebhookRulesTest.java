package verticles.domain.webhook;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import verticles.domain.Checked;
import verticles.domain.Violation;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("Webhook rules")
class WebhookRulesTest {

    @Test
    @DisplayName("sign the Standard Webhooks way (the specification's own example)")
    void signsLikeTheSpecification() {
        assertEquals("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", Signature.sign(
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330,
            "{\"test\": 2432232314}"));
        String secret = Signature.newSecret();
        assertTrue(secret.matches("whsec_[A-Za-z0-9+/]{32}"), secret);
    }

    @Test
    @DisplayName("refuse loopback (unless allowed), private, link-local, metadata, CGNAT, multicast and unspecified targets")
    void refusesInternalTargets() throws Exception {
        TargetPolicy strict = new TargetPolicy(false);
        TargetPolicy loopbackOk = new TargetPolicy(true);
        for (String ip : List.of("127.0.0.1", "::1", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1",
            "169.254.169.254", "fe80::1", "fd00::1", "100.64.0.1", "224.0.0.1", "0.0.0.0", "::", "::ffff:10.0.0.1",
            "255.255.255.255")) {
            assertTrue(strict.refusal(InetAddress.getByName(ip)).isPresent(), ip);
        }
        assertTrue(loopbackOk.refusal(InetAddress.getByName("127.0.0.1")).isEmpty());
        assertTrue(loopbackOk.refusal(InetAddress.getByName("10.0.0.1")).isPresent());
        for (String ip : List.of("93.184.215.14", "8.8.8.8", "172.32.0.1", "2606:4700::1111")) {
            assertTrue(strict.refusal(InetAddress.getByName(ip)).isEmpty(), ip);
        }
        // A host is judged by every address it resolves to.
        assertTrue(strict.refusal(List.of(InetAddress.getByName("8.8.8.8"), InetAddress.getByName("10.0.0.1"))).isPresent());
        assertTrue(strict.refusal(List.of()).isPresent());
    }

    @Test
    @DisplayName("take http(s) URLs with a host and no credentials (the contract checks the rest)")
    void parsesSubscriptions() {
        NewWebhook ok = ((Checked.Valid<NewWebhook>) NewWebhook.read(Map.of("url", "https://hooks.example.com/meridian?x=1",
            "events", List.of("order.status-changed", "order.placed", "order.placed")))).value();
        assertEquals("hooks.example.com", ok.url().getHost());
        assertEquals(List.of("order.status-changed", "order.placed"), ok.events());
        for (Map<String, Object> bad : List.<Map<String, Object>>of(
            Map.of("url", "ftp://example.com/x", "events", List.of("order.placed")),
            Map.of("url", "https://user:pw@example.com/", "events", List.of("order.placed")),
            Map.of("url", "not a url", "events", List.of("order.placed")),
            Map.of("url", "https:///nohost", "events", List.of("order.placed")))) {
            assertEquals(List.of("url"), NewWebhook.read(bad).violations().stream().map(Violation::field).toList(),
                bad.toString());
        }
    }
}
