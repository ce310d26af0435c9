package verticles.domain.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * Where webhook deliveries may go (server-side request forgery): never to the machine itself,
 * the private network, link-local addresses (the cloud metadata service at 169.254.169.254 among
 * them), carrier-grade NAT, multicast or the unspecified address. Loopback is let through only
 * when configured (the dev and test profiles do, so a local receiver works). Every address a
 * host resolves to is checked, and the delivery then connects to a checked address, so a DNS
 * answer that changes between check and connect cannot redirect it.
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
        InetAddress a = unmapped(address);
        String ip = a.getHostAddress();
        if (a.isLoopbackAddress()) {
            return allowLoopback ? Optional.empty() : Optional.of(ip + " is a loopback address");
        }
        if (a.isAnyLocalAddress()) {
            return Optional.of(ip + " is the unspecified address");
        }
        if (a.isLinkLocalAddress()) {
            return Optional.of(ip + " is link-local (cloud metadata services live there)");
        }
        if (a.isSiteLocalAddress() || isUniqueLocal(a)) {
            return Optional.of(ip + " is a private address");
        }
        if (a.isMulticastAddress()) {
            return Optional.of(ip + " is a multicast address");
        }
        if (isCarrierGradeNat(a) || isReservedV4(a)) {
            return Optional.of(ip + " is a reserved address");
        }
        return Optional.empty();
    }

    /** ::ffff:10.0.0.1 is 10.0.0.1: judge what the connection would really reach. */
    private static InetAddress unmapped(InetAddress address) {
        if (address instanceof Inet6Address) {
            byte[] b = address.getAddress();
            boolean mapped = true;
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            if (mapped && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
                try {
                    return InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
                } catch (java.net.UnknownHostException impossible) {
                    return address;
                }
            }
        }
        return address;
    }

    private static boolean isUniqueLocal(InetAddress a) {
        return a instanceof Inet6Address && (a.getAddress()[0] & 0xfe) == 0xfc;
    }

    private static boolean isCarrierGradeNat(InetAddress a) {
        byte[] b = a.getAddress();
        return a instanceof Inet4Address && (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64;
    }

    /** 0.0.0.0/8 and 240.0.0.0/4 (and broadcast): never a real receiver. */
    private static boolean isReservedV4(InetAddress a) {
        byte[] b = a.getAddress();
        return a instanceof Inet4Address && ((b[0] & 0xff) == 0 || (b[0] & 0xff) >= 240);
    }
}
