package io.kizuki.ledger;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * A deterministic id (a name-based UUID of the parts joined with {@code |}): what is derived from the same input
 * gets the same id, so a command sent again, or a record processed again, is recognised as the same one.
 */
public final class StableId {

    private StableId() {}

    /** The id of what {@code parts} name. */
    public static String of(String... parts) {
        return UUID.nameUUIDFromBytes(String.join("|", parts).getBytes(StandardCharsets.UTF_8))
                .toString();
    }
}
