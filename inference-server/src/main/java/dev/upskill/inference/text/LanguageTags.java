package dev.upskill.inference.text;

import java.util.Locale;

/** BCP 47 language tags as the catalog, ranking and analyzers compare them. */
public final class LanguageTags {

    private LanguageTags() {
    }

    /** The lower-cased primary subtag: "en-GB" → "en", "de" → "de", "" → "". */
    public static String primary(String tag) {
        String lower = tag.toLowerCase(Locale.ROOT);
        int dash = lower.indexOf('-');
        return dash < 0 ? lower : lower.substring(0, dash);
    }
}
