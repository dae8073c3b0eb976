package io.gleitzeit.definition;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gleitzeit.definition.template.ItemSyntax;
import io.gleitzeit.definition.template.ReferenceSyntax;

/** Reads a task's {@code batch} object; {@code null} when the task is no batch (or the object is invalid, reported). */
final class BatchReader {
    private BatchReader() {
    }

    static BatchSpec read(FieldReader task) {
        ObjectNode batch = task.object("batch");
        if (batch == null) {
            return null;
        }
        FieldReader fields = task.child("batch", batch);
        JsonNode items = items(fields);
        Long maxConcurrency = fields.integer("max_concurrency", 1, BatchSpec.MAX_CONCURRENCY);
        String variable = fields.optionalText("item_var");
        if (variable != null && !ItemSyntax.VARIABLE.matcher(variable).matches()) {
            fields.report("item_var", "must be an identifier ([A-Za-z_][A-Za-z0-9_]*), was " + JsonKind.quote(variable));
            return null;
        }
        if (items == null || maxConcurrency == null && fields.isGiven("max_concurrency")
                || variable == null && fields.isGiven("item_var")) {
            return null;
        }
        return new BatchSpec(items,
                maxConcurrency != null ? maxConcurrency.intValue() : BatchSpec.DEFAULT_MAX_CONCURRENCY,
                variable != null ? variable : BatchSpec.DEFAULT_ITEM_VARIABLE);
    }

    private static JsonNode items(FieldReader fields) {
        JsonNode items = fields.value("items");
        if (items == null) {
            fields.report("items", "is required: an array, or exactly one {{Task.result}} reference to a list");
            return null;
        }
        if (items.isArray()) {
            if (items.size() > BatchSpec.MAX_ITEMS) {
                fields.report("items", "holds " + items.size() + " elements; the limit is " + BatchSpec.MAX_ITEMS);
                return null;
            }
            return items;
        }
        if (items.isTextual() && ReferenceSyntax.exactReference(items.asText()) != null) {
            return items;
        }
        fields.report("items", "must be an array or exactly one {{Task.result}} reference, was "
                + JsonKind.describe(items));
        return null;
    }
}
