package io.kizuki.notify.migrate;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A source tool's configuration as parts of Kizuki's on-call configuration, keyed by the ids they take (derived from
 * the source's ids, so that a second run names the same objects), with everything that could not be carried.
 *
 * @param prefix the prefix of every id the import gives (its routing rules are those whose policy has it)
 * @param people by the source's user id: the id they take unless their e-mail matches someone already configured,
 *     the e-mail, and what Kizuki's configuration says of them
 * @param schedules by Kizuki id; their members are source user ids until {@link ConfigImport} resolves them
 * @param policies by Kizuki id; person targets are source user ids, as in schedules
 * @param rules routing rules, one per source service, in the source's order
 * @param leftOut what was not carried, and why
 * @param senders the senders that must be pointed at Kizuki (the source's integrations)
 */
public record Translation(
        String source,
        String prefix,
        Map<String, SourcePerson> people,
        Map<String, ObjectNode> schedules,
        Map<String, ObjectNode> policies,
        List<ObjectNode> rules,
        List<Note> leftOut,
        List<Sender> senders) {

    /** A person of the source: the id they take if new, their e-mail, and what the configuration says of them. */
    public record SourcePerson(String id, String email, ObjectNode person) {}

    /** Something of the source not carried (or not carried whole), and why. */
    public record Note(String object, String reason) {}

    /**
     * A sender of the source: an integration of a service (or of a team: no service), of the product its Kizuki
     * integration would be for ({@code null} when the source says of none); {@code format} is the Kizuki endpoint that
     * reads what it sends, {@code null} when none does.
     */
    public record Sender(String service, String product, String integration, String type, String format) {}
}
