package verticles.platform.redis;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Against the cluster specification's own figures; {@code RedisClusterIT} compares generated keys with a live cluster. */
@DisplayName("Redis Cluster hash slots")
class HashSlotsTest {

    @Test
    @DisplayName("CRC16 gives the specification's check value, and keys land in the slots Redis's documentation shows")
    void specificationFigures() {
        byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertEquals(0x31C3, HashSlots.crc16(check, 0, check.length));
        assertEquals(11058, HashSlots.slot("somekey"));
        assertEquals(2515, HashSlots.slot("foo{hash_tag}"));
        assertEquals(2515, HashSlots.slot("bar{hash_tag}"));
    }

    @Test
    @DisplayName("only the first non-empty {…} counts as the tag")
    void hashTags() {
        assertEquals(HashSlots.slot("user1000"), HashSlots.slot("{user1000}.following"));
        assertEquals(HashSlots.slot("{user1000}.following"), HashSlots.slot("{user1000}.followers"));
        assertEquals(HashSlots.slot("{}foo"), HashSlots.crc16("{}foo".getBytes(StandardCharsets.UTF_8), 0, 5) % 16384,
            "an empty tag is no tag: the whole key counts");
        assertEquals(HashSlots.slot("bar"), HashSlots.slot("foo{bar}{zap}"));
        assertEquals(HashSlots.slot("{bar"), HashSlots.slot("foo{{bar}}zap"), "the tag is what follows the first {");
        assertEquals(HashSlots.slot("meridian:" + HashSlots.tag("demo") + ":events:tenant:demo"),
            HashSlots.slot("meridian:" + HashSlots.tag("demo") + ":shipment:shp_1"), "a tenant's keys share a slot");
    }
}
