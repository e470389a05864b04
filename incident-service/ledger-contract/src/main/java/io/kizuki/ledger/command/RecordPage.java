package io.kizuki.ledger.command;

import java.time.Instant;

/**
 * notify-service paged a responder for an incident: who, on which channel, at which escalation level, and the
 * person's time zone, so that the on-call burden (pages at night, at weekends) is a pure function of the ledger.
 * notify-service now records its pages with their delivery ({@link RecordDelivery#pages()}: one command, not one per
 * page and one per delivery); this command stays accepted, as sent by earlier releases.
 *
 * @param pageId   unique per page; the same page recorded twice is one event
 * @param timeZone the person's IANA time zone, e.g. {@code Europe/Berlin}
 * @param channel  {@code slack}, {@code email} or {@code webhook}
 * @param level    the escalation level, 1-based
 */
public record RecordPage(
        String incidentId, String pageId, String person, String timeZone, String channel, int level, Instant pagedAt)
        implements IncidentCommand {

    public static final String TYPE = "kizuki.command.record-page.v1";

    @Override
    public String type() {
        return TYPE;
    }
}
