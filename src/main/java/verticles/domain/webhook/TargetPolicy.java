package verticles.domain.webhook;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * Where webhook deliveries may go (server-side request forgery): never into any of the
 * {@link SpecialRanges}, IANA's special-purpose ranges (loopback, private and shared networks,
 * link-local with the cloud metadata service at 169.254.169.254, NAT64, 6to4, Teredo,
 * documentation, benchmarking, IPv4-mapped and -compatible addresses and the rest), multicast
 * included. Loopback is let through only when configured (the dev and test profiles do, so a
 * local receiver works). Every address a host resolves to is checked, and the delivery then
 * connects to a checked address, so a DNS answer that changes between check and connect cannot
 * redirect it.
 */
public final class TargetPolicy {

    private final boolean allowLoopback;

    public TargetPolicy(boolean allowLoopback) {
        this.allowLoopback = allowLoopback;
    }

    /** Empty when every address is allowed; otherwise why the first refused one is. */
    public Optional<String> refusal(List<InetAddress> addresses) {
        if (addresses.isEmpty()) {
            return Optional.of("the host does not resolve");
        }
        for (InetAddress address : addresses) {
            Optional<String> why = refusal(address);
            if (why.isPresent()) {
                return why;
            }
        }
        return Optional.empty();
    }

    public Optional<String> refusal(InetAddress address) {
        return SpecialRanges.of(address)
            .filter(range -> !(allowLoopback && (range == SpecialRanges.LOOPBACK_V4 || range == SpecialRanges.LOOPBACK_V6)))
            .map(range -> address.getHostAddress() + " is in a special-purpose range (" + range.name()
                + "), not a receiver on the internet");
    }
}
