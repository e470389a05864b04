package io.kizuki.incident.rest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.media.Schema;

import io.kizuki.ledger.IncidentStatus;
import io.kizuki.ledger.Vocabulary;

/**
 * Writes the ledger's fixed words into the OpenAPI document's request bodies ({@code enum} of each property that
 * takes one), from {@link Vocabulary}, so that the document and the validation can never disagree.
 */
public class VocabularyEnumerations implements OASFilter {

    /** Request body schema → property → the words it takes. */
    static final Map<String, Map<String, List<String>>> WORDS = Map.of(
            "RoleAssignment", Map.of("role", Vocabulary.ROLES),
            "StatusUpdate", Map.of("status", names(IncidentCommandResource.SETTABLE_STATUSES)),
            "TimelineEntry", Map.of("kind", Vocabulary.ENTRY_KINDS, "action", Vocabulary.ACTIONS),
            "Factor", Map.of("category", Vocabulary.FACTOR_CATEGORIES),
            "Adoption", Map.of("status", Vocabulary.ADOPTION_STATUSES),
            "NewActionItem", Map.of("kind", Vocabulary.ACTION_ITEM_KINDS));

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        Map<String, Schema> schemas =
                openAPI.getComponents() == null ? null : openAPI.getComponents().getSchemas();
        if (schemas == null) {
            return;
        }
        WORDS.forEach((schemaName, properties) -> {
            Schema schema = schemas.get(schemaName);
            if (schema == null || schema.getProperties() == null) {
                throw new IllegalStateException("the OpenAPI document has no request body " + schemaName);
            }
            properties.forEach((property, words) -> {
                Schema field = schema.getProperties().get(property);
                if (field == null) {
                    throw new IllegalStateException(schemaName + " has no property " + property);
                }
                field.setEnumeration(new ArrayList<>(words));
            });
        });
    }

    /** The work statuses, as {@link IncidentStatus} names them on the wire. */
    static List<String> names(List<IncidentStatus> statuses) {
        return statuses.stream().map(status -> status.name().toLowerCase()).toList();
    }
}
