package verticles.platform.redis;

import java.nio.charset.StandardCharsets;

/**
 * Redis Cluster's hash slots, computed here so that a pipeline of scripts can be split into one
 * batch per slot (a cluster runs a batch on one node only, and refuses one that spans slots).
 * Keys of one tenant carry its id as a hash tag ({@link #tag}), so everything a script touches
 * for that tenant is in one slot. The slot is CRC16 (XMODEM) of the key, or of its hash tag (the
 * text between the first '{' and the next '}', when not empty), modulo 16384, as the cluster
 * specification defines it.
 */
public final class HashSlots {

    public static final int COUNT = 16_384;

    private HashSlots() {
    }

    /** {@code {tenantId}}: the hash tag that puts every key of a tenant in the same slot. */
    public static String tag(String tenantId) {
        return "{" + tenantId + "}";
    }

    public static int slot(String key) {
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        int start = 0;
        int end = bytes.length;
        int open = indexOf(bytes, (byte) '{', 0);
        if (open >= 0) {
            int close = indexOf(bytes, (byte) '}', open + 1);
            if (close > open + 1) {
                start = open + 1;
                end = close;
            }
        }
        return crc16(bytes, start, end) % COUNT;
    }

    private static int indexOf(byte[] bytes, byte wanted, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    /** CRC16-CCITT as XMODEM computes it: polynomial 0x1021, initial value 0. */
    static int crc16(byte[] bytes, int start, int end) {
        int crc = 0;
        for (int i = start; i < end; i++) {
            crc ^= (bytes[i] & 0xFF) << 8;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
            crc &= 0xFFFF;
        }
        return crc;
    }
}
