package dev.shortener.upstream;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What a row asks of its link besides the URL and alias: tags, an expiry and a title, sent to the providers that
 * take them. Part of a call's identity (and of the link store's key): rows that differ in them are different links.
 *
 * @param tags the tags in input order, without blanks (empty for none)
 * @param expiresAt when the link stops working, or null
 * @param title the link's title (TinyURL and Kutt call it a description), or null
 */
public record LinkFields(List<String> tags, Instant expiresAt, String title) {

    /** No fields. */
    public static final LinkFields NONE = new LinkFields(List.of(), null, null);

    /** The fields, each named like the column that carries it. */
    public enum Field {
        TAGS, EXPIRES_AT, TITLE;

        /** The input column (CSV header, JSON member) of this field: its name in lower case. */
        public String column() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public LinkFields {
        tags = List.copyOf(tags);
    }

    /**
     * The fields of a row from its cells (any may be null or blank): tags {@code ;}-separated, {@code expires_at} an
     * ISO-8601 instant ({@code 2027-01-31T18:00:00Z}, an offset allowed) or a date (the end of that day, UTC). A
     * malformed {@code expires_at} is an {@link IllegalArgumentException} naming the value.
     */
    public static LinkFields parse(String tags, String expiresAt, String title) {
        List<String> tagList = new ArrayList<>();
        if (tags != null) {
            for (String tag : tags.split(";")) {
                if (!tag.isBlank() && !tagList.contains(tag.trim())) {
                    tagList.add(tag.trim());
                }
            }
        }
        String cleanTitle = title == null || title.isBlank() ? null : title.trim();
        Instant expiry = expiresAt == null || expiresAt.isBlank() ? null : expiry(expiresAt.trim());
        return tagList.isEmpty() && expiry == null && cleanTitle == null ? NONE
                : new LinkFields(tagList, expiry, cleanTitle);
    }

    private static Instant expiry(String text) {
        try {
            if (text.length() == 10) {
                // A date: the link works through that whole day, in UTC.
                return LocalDate.parse(text).atTime(LocalTime.MAX).withNano(0).toInstant(ZoneOffset.UTC);
            }
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("expires_at '" + text + "' is not an ISO-8601 instant "
                    + "(2027-01-31T18:00:00Z) or date (2027-01-31)");
        }
    }

    /** True when no field is set. */
    public boolean isEmpty() {
        return tags.isEmpty() && expiresAt == null && title == null;
    }

    /** The fields that are set. */
    public Set<Field> present() {
        Set<Field> present = EnumSet.noneOf(Field.class);
        if (!tags.isEmpty()) {
            present.add(Field.TAGS);
        }
        if (expiresAt != null) {
            present.add(Field.EXPIRES_AT);
        }
        if (title != null) {
            present.add(Field.TITLE);
        }
        return present;
    }

    /** Why this row cannot be shortened at {@code now} (an expiry already past), or null. */
    public String problem(Instant now) {
        return expiresAt != null && !expiresAt.isAfter(now)
                ? "expires_at " + expiresAt + " is in the past" : null;
    }

    /**
     * What {@code provider}, which takes only {@code supported}, leaves out of these fields, worded for the row's
     * {@code warning} column; null when it takes all of them.
     */
    public String ignoredBy(String provider, Set<Field> supported) {
        String ignored = present().stream().filter(field -> !supported.contains(field)).map(Field::column)
                .collect(Collectors.joining(", "));
        return ignored.isEmpty() ? null : provider + " takes no " + ignored + ": ignored";
    }

    /** The expiry as {@code 2027-01-31T23:59:59Z} (seconds, UTC), or null. */
    public String expiresAtText() {
        return expiresAt == null ? null : DateTimeFormatter.ISO_INSTANT.format(expiresAt);
    }

    /** The expiry as an offset date-time {@code 2027-01-31T23:59:59+00:00} (PHP's ATOM format), or null. */
    public String expiresAtAtom() {
        return expiresAt == null ? null
                : DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx").format(expiresAt.atOffset(ZoneOffset.UTC));
    }

    /** Puts the fields that are set into {@code json} as {@code "tags": [...], "expiresAt": "...", "title"}. */
    public ObjectNode writeTo(ObjectNode json) {
        if (!tags.isEmpty()) {
            tags.forEach(json.putArray("tags")::add);
        }
        if (expiresAt != null) {
            json.put("expiresAt", expiresAt.toString());
        }
        if (title != null) {
            json.put("title", title);
        }
        return json;
    }

    /** The fields {@link #writeTo} put into {@code json}; {@link #NONE} when it has none. */
    public static LinkFields readFrom(JsonNode json) {
        if (!json.has("tags") && !json.has("expiresAt") && !json.has("title")) {
            return NONE;
        }
        List<String> tags = new ArrayList<>();
        json.path("tags").forEach(tag -> tags.add(tag.asText()));
        String expiry = json.path("expiresAt").asText(null);
        return new LinkFields(tags, expiry == null ? null : Instant.parse(expiry), json.path("title").asText(null));
    }

    /** A canonical text of the fields, for the link store's key. */
    public String key() {
        return String.join(";", tags) + '\u001f' + (expiresAt == null ? "" : expiresAt.toString()) + '\u001f'
                + (title == null ? "" : title);
    }
}
