package verticles.domain.webhook;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * The address ranges a webhook may never reach: every entry of IANA's IPv4 and IPv6
 * Special-Purpose Address Registries (RFC 6890 and its updates, as of 2025), even those marked
 * globally reachable (anycast services are not merchants' receivers), plus multicast, the
 * deprecated site-local range and the deprecated IPv4-compatible addresses ({@code ::/96}).
 */
final class SpecialRanges {

    /** One range: its network, its prefix length and what it is for. */
    record Range(byte[] network, int prefix, String name) {

        static Range of(String cidr, String name) {
            int slash = cidr.indexOf('/');
            try {
                return new Range(InetAddress.getByName(cidr.substring(0, slash)).getAddress(),
                    Integer.parseInt(cidr.substring(slash + 1)), name);
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(cidr, e);
            }
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xff << (8 - rest) & 0xff;
            return (address[full] & mask) == (network[full] & mask);
        }
    }

    static final Range LOOPBACK_V4 = Range.of("127.0.0.0/8", "loopback");
    static final Range LOOPBACK_V6 = Range.of("::1/128", "loopback");

    static final List<Range> ALL = List.of(
        Range.of("0.0.0.0/8", "\"this network\""),
        Range.of("10.0.0.0/8", "private use"),
        Range.of("100.64.0.0/10", "shared address space (carrier-grade NAT)"),
        LOOPBACK_V4,
        Range.of("169.254.0.0/16", "link local (cloud metadata services live there)"),
        Range.of("172.16.0.0/12", "private use"),
        Range.of("192.0.0.0/24", "IETF protocol assignments"),
        Range.of("192.0.2.0/24", "documentation"),
        Range.of("192.31.196.0/24", "AS112"),
        Range.of("192.52.193.0/24", "AMT"),
        Range.of("192.88.99.0/24", "6to4 relay anycast"),
        Range.of("192.168.0.0/16", "private use"),
        Range.of("192.175.48.0/24", "AS112 direct delegation"),
        Range.of("198.18.0.0/15", "benchmarking"),
        Range.of("198.51.100.0/24", "documentation"),
        Range.of("203.0.113.0/24", "documentation"),
        Range.of("224.0.0.0/4", "multicast"),
        Range.of("240.0.0.0/4", "reserved"),
        Range.of("255.255.255.255/32", "limited broadcast"),
        // Before ::/96, which holds it: the first range an address falls in names it.
        LOOPBACK_V6,
        Range.of("::/96", "unspecified or IPv4-compatible"),
        Range.of("::ffff:0:0/96", "IPv4-mapped"),
        Range.of("64:ff9b::/96", "IPv4-IPv6 translation (NAT64)"),
        Range.of("64:ff9b:1::/48", "local-use IPv4-IPv6 translation"),
        Range.of("100::/64", "discard-only"),
        Range.of("100:0:0:1::/64", "dummy prefix"),
        Range.of("2001::/23", "IETF protocol assignments (Teredo among them)"),
        Range.of("2001:db8::/32", "documentation"),
        Range.of("2002::/16", "6to4"),
        Range.of("2620:4f:8000::/48", "AS112 direct delegation"),
        Range.of("3fff::/20", "documentation"),
        Range.of("5f00::/16", "segment routing (SRv6) SIDs"),
        Range.of("fc00::/7", "unique local (private)"),
        Range.of("fe80::/10", "link-local"),
        Range.of("fec0::/10", "site-local (deprecated)"),
        Range.of("ff00::/8", "multicast"));

    private SpecialRanges() {
    }

    /** The special range {@code address} falls in, or empty for an ordinary public address. */
    static Optional<Range> of(InetAddress address) {
        byte[] bytes = address.getAddress();
        return ALL.stream().filter(r -> r.contains(bytes)).findFirst();
    }
}
