package io.kizuki.report.learning;

import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

import io.kizuki.ledger.event.ContributingFactor;
import io.kizuki.ledger.event.PostmortemPublished;
import io.kizuki.ledger.event.SharedAction;

/**
 * The knowledge feed: each published postmortem's lessons and prevention actions, shared with every product, as
 * JSON Feed 1.1 and as Atom (RFC 4287). An item whose prevention did not hold (the incident recurred after its
 * prevention actions were done) says so, in its tags and its text, and is dated by the recurrence.
 */
public final class KnowledgeFeed {

    public static final String JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1";
    public static final String PREVENTION_DID_NOT_HOLD = "prevention-did-not-hold";
    static final String TITLE = "Kizuki knowledge feed: lessons and prevention actions";

    private KnowledgeFeed() {}

    /** One published postmortem with the answers other products gave to its actions. */
    public record Item(PostmortemState postmortem, List<LearningRepository.Adoption> adoptions) {

        PostmortemPublished published() {
            return postmortem.published;
        }

        String id() {
            return "urn:kizuki:postmortem:" + postmortem.incidentId;
        }

        String title() {
            return (postmortem.recurredAs.isEmpty() ? "" : "Prevention did not hold: ") + "Lessons from "
                    + published().title() + " (" + published().severity() + ", "
                    + published().product() + ")";
        }

        Instant updated() {
            return Stream.concat(
                            Stream.of(published().publishedAt()),
                            postmortem.recurredAs.stream().map(PostmortemState.Recurrence::flaggedAt))
                    .max(Comparator.naturalOrder())
                    .orElseThrow();
        }

        List<String> tags() {
            List<String> tags = new ArrayList<>(published().factors().stream()
                    .map(ContributingFactor::category)
                    .distinct()
                    .toList());
            if (!postmortem.recurredAs.isEmpty()) {
                tags.add(PREVENTION_DID_NOT_HOLD);
            }
            return tags;
        }

        /** Each product's answer to one of the shared actions. */
        public Map<String, String> answers(String actionItemId) {
            Map<String, String> answers = new TreeMap<>();
            adoptions.stream()
                    .filter(a -> a.actionItemId().equals(actionItemId))
                    .forEach(a -> answers.put(a.product(), a.status()));
            return answers;
        }

        String text() {
            PostmortemPublished p = published();
            StringBuilder text = new StringBuilder();
            if (!postmortem.recurredAs.isEmpty()) {
                text.append("Prevention did not hold: it recurred as ")
                        .append(String.join(
                                ", ",
                                postmortem.recurredAs.stream()
                                        .map(PostmortemState.Recurrence::incidentId)
                                        .toList()))
                        .append(" after its prevention actions were done.\n\n");
            }
            if (p.summary() != null) {
                text.append(p.summary().strip()).append("\n\n");
            }
            text.append("Lessons:\n").append(p.lessons().strip()).append("\n\nContributing factors:\n");
            p.factors().forEach(f -> text.append("- ")
                    .append(f.category())
                    .append(": ")
                    .append(f.text())
                    .append('\n'));
            text.append("\nPrevention actions to adopt:\n");
            if (p.preventionActions().isEmpty()) {
                text.append("- none\n");
            }
            for (SharedAction action : p.preventionActions()) {
                text.append("- ")
                        .append(action.title())
                        .append(" (")
                        .append(action.actionItemId())
                        .append(", owner ")
                        .append(action.owner())
                        .append(", due ")
                        .append(action.dueDate())
                        .append(action.done() ? ", done" : "")
                        .append(")\n");
            }
            return text.toString();
        }
    }

    /** JSON Feed 1.1, with Kizuki's own fields under {@code _kizuki} (the spec's extension convention). */
    public static Map<String, Object> json(List<Item> items, String feedUrl, String homeUrl, String itemUrlPrefix) {
        Map<String, Object> feed = new LinkedHashMap<>();
        feed.put("version", JSON_FEED_VERSION);
        feed.put("title", TITLE);
        feed.put("home_page_url", homeUrl);
        feed.put("feed_url", feedUrl);
        feed.put(
                "description",
                "Published postmortems of every product: what each incident taught, and the "
                        + "prevention actions other products may adopt (横展開).");
        feed.put("language", "en");
        List<Map<String, Object>> entries = new ArrayList<>();
        for (Item item : items) {
            PostmortemPublished p = item.published();
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("id", item.id());
            entry.put("url", itemUrlPrefix + p.incidentId() + "/postmortem?format=html");
            entry.put("title", item.title());
            entry.put("content_text", item.text());
            entry.put("summary", p.lessons().strip());
            entry.put("date_published", p.publishedAt().toString());
            entry.put("date_modified", item.updated().toString());
            entry.put("tags", item.tags());
            Map<String, Object> kizuki = new LinkedHashMap<>();
            kizuki.put("incidentId", p.incidentId());
            kizuki.put("product", p.product());
            kizuki.put("service", p.service());
            kizuki.put("severity", p.severity().name());
            kizuki.put("contributingFactors", p.factors());
            List<Map<String, Object>> actions = new ArrayList<>();
            for (SharedAction action : p.preventionActions()) {
                Map<String, Object> shared = new LinkedHashMap<>();
                shared.put("actionItemId", action.actionItemId());
                shared.put("title", action.title());
                shared.put("owner", action.owner());
                shared.put(
                        "dueDate",
                        action.dueDate() == null ? null : action.dueDate().toString());
                shared.put("done", action.done());
                shared.put("adoptions", item.answers(action.actionItemId()));
                actions.add(shared);
            }
            kizuki.put("preventionActions", actions);
            kizuki.put("preventionHeld", item.postmortem().recurredAs.isEmpty());
            kizuki.put(
                    "recurredAs",
                    item.postmortem().recurredAs.stream()
                            .map(PostmortemState.Recurrence::incidentId)
                            .toList());
            entry.put("_kizuki", kizuki);
            entries.add(entry);
        }
        feed.put("items", entries);
        return feed;
    }

    /** Atom (RFC 4287): one entry per published postmortem, its text as the content. */
    public static String atom(List<Item> items, String feedUrl, String itemUrlPrefix) {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeStartElement("feed");
            xml.writeDefaultNamespace("http://www.w3.org/2005/Atom");
            element(xml, "id", "urn:kizuki:knowledge-feed");
            element(xml, "title", TITLE);
            element(
                    xml,
                    "updated",
                    items.stream()
                            .map(Item::updated)
                            .max(Comparator.naturalOrder())
                            .orElse(Instant.EPOCH)
                            .toString());
            link(xml, "self", feedUrl, "application/atom+xml");
            xml.writeStartElement("author");
            element(xml, "name", "Kizuki");
            xml.writeEndElement();
            for (Item item : items) {
                PostmortemPublished p = item.published();
                xml.writeStartElement("entry");
                element(xml, "id", item.id());
                element(xml, "title", item.title());
                element(xml, "published", p.publishedAt().toString());
                element(xml, "updated", item.updated().toString());
                link(xml, "alternate", itemUrlPrefix + p.incidentId() + "/postmortem?format=html", "text/html");
                xml.writeStartElement("author");
                element(xml, "name", "product " + p.product());
                xml.writeEndElement();
                for (String tag : item.tags()) {
                    xml.writeEmptyElement("category");
                    xml.writeAttribute("term", tag);
                }
                element(xml, "summary", p.lessons().strip());
                xml.writeStartElement("content");
                xml.writeAttribute("type", "text");
                xml.writeCharacters(item.text());
                xml.writeEndElement();
                xml.writeEndElement();
            }
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write the Atom feed", e);
        }
        return out.toString();
    }

    private static void element(XMLStreamWriter xml, String name, String text) throws XMLStreamException {
        xml.writeStartElement(name);
        xml.writeCharacters(text);
        xml.writeEndElement();
    }

    private static void link(XMLStreamWriter xml, String rel, String href, String type) throws XMLStreamException {
        xml.writeEmptyElement("link");
        xml.writeAttribute("rel", rel);
        xml.writeAttribute("href", href);
        xml.writeAttribute("type", type);
    }
}
