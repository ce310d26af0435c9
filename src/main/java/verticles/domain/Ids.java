package verticles.domain;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * Opaque, time-ordered identifiers: a prefix ({@code ord_}, {@code shp_}) and a 26-character
 * ULID in lower-case Crockford base 32 (48 bits of milliseconds, 80 random bits). Sorting ids
 * sorts by creation time, which gives cursor pages "newest first" for free.
 */
public final class Ids {

    private static final char[] ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();
    private static final Pattern WELL_FORMED = Pattern.compile("[a-z]{3}_[0-9a-hjkmnp-tv-z]{26}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    public static String newOrderId() {
        return "ord_" + ulid(System.currentTimeMillis());
    }

    public static String newTenantId() {
        return "ten_" + ulid(System.currentTimeMillis());
    }

    public static String newShipmentId() {
        return "shp_" + ulid(System.currentTimeMillis());
    }

    public static String newWebhookId() {
        return "whk_" + ulid(System.currentTimeMillis());
    }

    public static String newDeviceId() {
        return "dev_" + ulid(System.currentTimeMillis());
    }

    public static String newTrackingLinkId() {
        return "lnk_" + ulid(System.currentTimeMillis());
    }

    /** The shipment that delivers an order: the order's own ULID, so it is known without a lookup. */
    public static String shipmentIdForOrder(String orderId) {
        return "shp_" + orderId.substring(orderId.indexOf('_') + 1);
    }

    public static boolean isWellFormed(String id, String prefix) {
        return id != null && id.startsWith(prefix + "_") && WELL_FORMED.matcher(id).matches();
    }

    static String ulid(long millis) {
        byte[] random = new byte[10];
        RANDOM.nextBytes(random);
        char[] out = new char[26];
        // 48-bit time in the first 10 characters (the top 2 bits of the first are always zero).
        for (int i = 9; i >= 0; i--) {
            out[i] = ALPHABET[(int) (millis & 31)];
            millis >>>= 5;
        }
        // 80 random bits in the last 16 characters.
        long hi = 0;
        for (int i = 0; i < 5; i++) {
            hi = (hi << 8) | (random[i] & 0xff);
        }
        long lo = 0;
        for (int i = 5; i < 10; i++) {
            lo = (lo << 8) | (random[i] & 0xff);
        }
        for (int i = 17; i >= 10; i--) {
            out[i] = ALPHABET[(int) (hi & 31)];
            hi >>>= 5;
        }
        for (int i = 25; i >= 18; i--) {
            out[i] = ALPHABET[(int) (lo & 31)];
            lo >>>= 5;
        }
        return new String(out);
    }
}
