package verticles.domain.webhook;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetAddress;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One row per range of IANA's IPv4 and IPv6 Special-Purpose Address Registries (RFC 6890 and its
 * updates, as of 2025), plus multicast, the deprecated site-local and IPv4-compatible ranges: a
 * webhook may deliver to none of them. Each row names the first and the last address of the range.
 */
@DisplayName("The webhook target policy")
class TargetPolicyTest {

    private static final TargetPolicy STRICT = new TargetPolicy(false);

    @ParameterizedTest(name = "{0}: {1} to {2}")
    @CsvSource(delimiter = '|', textBlock = """
        0.0.0.0/8 this network                    | 0.0.0.0          | 0.255.255.255
        10.0.0.0/8 private use                    | 10.0.0.0         | 10.255.255.255
        100.64.0.0/10 shared address space        | 100.64.0.0       | 100.127.255.255
        127.0.0.0/8 loopback                      | 127.0.0.0        | 127.255.255.255
        169.254.0.0/16 link local                 | 169.254.0.0      | 169.254.255.255
        172.16.0.0/12 private use                 | 172.16.0.0       | 172.31.255.255
        192.0.0.0/24 IETF protocol assignments    | 192.0.0.0        | 192.0.0.255
        192.0.2.0/24 documentation                | 192.0.2.0        | 192.0.2.255
        192.31.196.0/24 AS112-v4                  | 192.31.196.0     | 192.31.196.255
        192.52.193.0/24 AMT                       | 192.52.193.0     | 192.52.193.255
        192.88.99.0/24 6to4 relay anycast         | 192.88.99.0      | 192.88.99.255
        192.168.0.0/16 private use                | 192.168.0.0      | 192.168.255.255
        192.175.48.0/24 AS112 direct delegation   | 192.175.48.0     | 192.175.48.255
        198.18.0.0/15 benchmarking                | 198.18.0.0       | 198.19.255.255
        198.51.100.0/24 documentation             | 198.51.100.0     | 198.51.100.255
        203.0.113.0/24 documentation              | 203.0.113.0      | 203.0.113.255
        224.0.0.0/4 multicast                     | 224.0.0.0        | 239.255.255.255
        240.0.0.0/4 reserved                      | 240.0.0.0        | 255.255.255.254
        255.255.255.255/32 limited broadcast      | 255.255.255.255  | 255.255.255.255
        ::/96 unspecified and IPv4-compatible     | ::               | ::ffff:ffff
        ::1/128 loopback                          | ::1              | ::1
        ::ffff:0:0/96 IPv4-mapped                 | ::ffff:0.0.0.0   | ::ffff:255.255.255.255
        64:ff9b::/96 IPv4-IPv6 translation        | 64:ff9b::        | 64:ff9b::ffff:ffff
        64:ff9b:1::/48 local-use translation      | 64:ff9b:1::      | 64:ff9b:1:ffff:ffff:ffff:ffff:ffff
        100::/64 discard-only                     | 100::            | 100::ffff:ffff:ffff:ffff
        100:0:0:1::/64 dummy prefix               | 100:0:0:1::      | 100:0:0:1:ffff:ffff:ffff:ffff
        2001::/23 IETF protocol assignments       | 2001::           | 2001:1ff:ffff:ffff:ffff:ffff:ffff:ffff
        2001:db8::/32 documentation               | 2001:db8::       | 2001:db8:ffff:ffff:ffff:ffff:ffff:ffff
        2002::/16 6to4                            | 2002::           | 2002:ffff:ffff:ffff:ffff:ffff:ffff:ffff
        2620:4f:8000::/48 AS112 direct delegation | 2620:4f:8000::   | 2620:4f:8000:ffff:ffff:ffff:ffff:ffff
        3fff::/20 documentation                   | 3fff::           | 3fff:fff:ffff:ffff:ffff:ffff:ffff:ffff
        5f00::/16 segment routing                 | 5f00::           | 5f00:ffff:ffff:ffff:ffff:ffff:ffff:ffff
        fc00::/7 unique local                     | fc00::           | fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff
        fe80::/10 link-local                      | fe80::           | febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff
        fec0::/10 site-local (deprecated)         | fec0::           | feff:ffff:ffff:ffff:ffff:ffff:ffff:ffff
        ff00::/8 multicast                        | ff00::           | ff0e::1
        """)
    void refusesEveryAddressOfASpecialPurposeRange(String range, String first, String last) throws Exception {
        for (String ip : List.of(first, last)) {
            assertTrue(STRICT.refusal(InetAddress.getByName(ip)).isPresent(), range + ": " + ip + " was allowed");
        }
    }

    @Test
    @DisplayName("lets through public addresses, those right beside a special range included")
    void takesPublicAddresses() throws Exception {
        for (String ip : List.of("8.8.8.8", "1.1.1.1", "93.184.215.14", "9.255.255.255", "11.0.0.0", "100.63.255.255",
            "100.128.0.0", "172.15.255.255", "172.32.0.0", "192.0.1.0", "192.0.3.0", "192.167.255.255", "192.169.0.0",
            "198.17.255.255", "198.20.0.0", "203.0.112.255", "223.255.255.255",
            "2606:4700:4700::1111", "2a00:1450:4001:81b::200e", "2001:200::1", "2001:dba::1", "2003::1",
            "2620:4f:8001::1", "3fff:1000::1", "5eff::1", "fbff::1")) {
            assertTrue(STRICT.refusal(InetAddress.getByName(ip)).isEmpty(), ip + " was refused: "
                + STRICT.refusal(InetAddress.getByName(ip)));
        }
    }

    @Test
    @DisplayName("lets loopback through only when configured, and nothing else of the special ranges")
    void loopbackWhenAllowed() throws Exception {
        TargetPolicy loopbackOk = new TargetPolicy(true);
        for (String ip : List.of("127.0.0.1", "127.255.0.1", "::1")) {
            assertTrue(loopbackOk.refusal(InetAddress.getByName(ip)).isEmpty(), ip);
        }
        // ::ffff:127.0.0.1 is loopback itself (Java reads it as 127.0.0.1); these only wrap it.
        for (String ip : List.of("10.0.0.1", "::", "::7f00:1", "64:ff9b::7f00:1", "2002:7f00:1::1")) {
            assertTrue(loopbackOk.refusal(InetAddress.getByName(ip)).isPresent(), ip);
        }
    }
}
