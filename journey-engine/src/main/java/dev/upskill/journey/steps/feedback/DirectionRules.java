package dev.upskill.journey.steps.feedback;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The direction of a feedback sentence from a small lexicon and a few rules, so that every decision can be
 * explained by the cues it found ({@link Polarity#cues()}):
 *
 * <ul>
 *   <li>Cues are words or phrases with a weight: negative ("struggles", "lacks", "needs to improve", "missed",
 *       "could be better", "should", ...) and positive ("excellent", "strong", "great job", "on time", ...). At each
 *       word the longest matching phrase wins, so "needs help" (negative) is not read as "help" (positive).</li>
 *   <li>Negation: a negator ("not", "never", "no", "without", "-n't", ...) up to {@value #NEGATION_WINDOW} words
 *       before a cue, within the same clause, flips it: a negated positive counts fully negative ("not a strong
 *       communicator"; for "enough" and "sufficiently" anywhere before them in the clause: "does not cooperate with
 *       the team enough"), a negated negative half positive ("never misses a
 *       deadline"). A negator that negates no cue counts -0.5 ("does not tell anyone"): in feedback, "does not X"
 *       mostly reports a missing behaviour. "would have", "could have", "should have" negate the same way ("a
 *       test would have caught it" is no praise).</li>
 *   <li>Contrast: cues before the last "but" / "however" count half ("good at SQL, but struggles with joins" is a
 *       gap).</li>
 *   <li>The sum of the weights decides: below 0 a gap, above 0 a strength, with strength min(1, |sum| / 2). A
 *       sentence without cues (sum 0) takes the feedback's rating as a prior: at most 2 of 5 a gap, at least 4 a
 *       strength, both with strength {@value #PRIOR_STRENGTH}; otherwise neutral.</li>
 * </ul>
 */
final class DirectionRules {

    /** @param score the weighted sum of the cues; {@code cues} the cues counted, negated ones prefixed "not " */
    record Polarity(Direction direction, double strength, double score, List<String> cues) {
    }

    static final int NEGATION_WINDOW = 4;
    static final double PRIOR_STRENGTH = 0.4;
    static final double GAP_RATING = 2;
    static final double STRENGTH_RATING = 4;

    private static final Set<String> NEGATORS = Set.of("not", "no", "never", "without", "cannot", "hardly",
            "barely", "nor", "neither", "nothing", "none", "nobody", "dont", "doesnt", "didnt", "isnt", "wasnt",
            "arent", "cant", "wont");
    private static final Set<String> CONTRASTS = Set.of("but", "however");
    /** "would have", "could have", ...: what follows did not happen, so "have" negates like "not". */
    private static final Set<String> COUNTERFACTUALS = Set.of("would", "could", "should", "might");
    private static final String BOUNDARY = ",";
    /** Cues a negator anywhere before them in the clause negates: "does not share knowledge with the team enough". */
    private static final Set<String> CLAUSE_WIDE = Set.of("enough", "sufficiently");

    private record Cue(String[] words, double weight) {
    }

    private static final Map<String, List<Cue>> CUES = new HashMap<>();

    static {
        negative(1.5, "needs to improve", "need to improve", "needs improvement", "below expectations");
        negative(1, "struggle", "struggles", "struggled", "struggling", "lacks", "lack", "lacking", "lacked",
                "room for improvement", "could be better", "could improve", "should improve", "missed", "misses",
                "miss", "missing", "weak", "weakness", "weaknesses", "poor", "poorly", "late", "behind schedule",
                "falls behind", "fell behind", "fall behind", "falling behind", "behind on", "rarely", "seldom",
                "inconsistent", "unclear", "confusing", "sloppy", "careless", "fail", "fails", "failed", "failing",
                "mistake", "mistakes", "error", "errors", "hard to", "difficulty", "difficulties", "defensive",
                "avoid", "avoids", "avoided", "needs to", "need to", "needs more", "needs help", "would benefit from",
                "still learning", "not yet", "skip", "skips", "skipped", "hesitant", "reluctant", "unreliable",
                "disappointing", "concern", "concerns", "far from", "not able", "unable", "slow", "work on",
                "has to learn", "must improve", "would like to see", "would like him to", "would like her to",
                "would like them to", "out of date", "outdated", "superficial", "shallow", "dropped", "declined",
                "worse", "worsened", "interrupts", "interrupted", "interrupting", "unanswered", "hesitates",
                "hesitate", "overdue", "delayed", "delay", "delays", "incomplete", "inaccurate", "messy",
                "disorganised", "disorganized", "vague", "rushed", "frustrating", "frustrated", "complaint",
                "complaints", "conflict", "conflicts", "ignored", "ignores", "neglects", "neglected",
                "underestimated", "underestimates", "overcommits", "off track", "dismissive", "rude", "arrogant",
                "impatient", "distracted", "unfocused", "procrastinates", "blames");
        negative(0.75, "should", "ought to");
        negative(0.5, "could", "too", "tends to", "alone", "long time", "problem", "problems", "issue", "issues",
                "trouble", "rework", "complains", "complained", "overlooked", "forgets", "forgot", "forgotten",
                "regression", "regressions", "bugs", "defects", "blocked", "limited", "gaps", "excuses");
        positive(1.5, "excellent", "outstanding", "exceptional", "great job", "very good", "excels", "excelled",
                "impressive", "fantastic", "brilliant", "superb", "amazing", "awesome", "wonderful");
        positive(1, "great", "strong", "strength", "strengths", "good", "clear", "clearly", "concise", "reliable",
                "reliably", "thorough", "skilled", "expert", "effective", "effectively", "proactive", "praised",
                "praise", "solid", "shines", "on time", "thank you", "thanks", "well done", "ahead of schedule",
                "helpful", "appreciate", "appreciates", "high quality", "kudos", "best", "dependable", "insightful",
                "asset");
        positive(0.75, "well", "improved", "confident", "confidence", "comfortable", "productive", "clean",
                "smoothly", "enjoy", "enjoys", "trust", "trusts", "trusted", "easy to", "took the lead",
                "happy", "pleased", "valued", "appreciated", "independently", "love", "loves", "loved", "creative",
                "innovative", "organised", "organized", "efficient", "accurate", "precise", "dedicated",
                "respected", "valuable", "recognised", "recognized");
        positive(0.5, "willing", "help", "helps", "helped", "quickly", "natural", "carefully", "calmly", "always",
                "enough", "sufficiently", "mentored", "mentors", "mentoring", "built", "delivered", "delivers",
                "automated", "resolved", "resolves", "tuned", "caught", "catches", "informed", "aligned",
                "collaborative", "consistently", "led", "saved", "pragmatic", "committed", "motivated", "positive",
                "friendly");
        // Consumed as phrases so their negator counts for nothing.
        cue(0, "not only", "no doubt", "no matter", "error handling");
    }

    private DirectionRules() {
    }

    private static void negative(double weight, String... phrases) {
        cue(-weight, phrases);
    }

    private static void positive(double weight, String... phrases) {
        cue(weight, phrases);
    }

    private static void cue(double weight, String... phrases) {
        for (String phrase : phrases) {
            String[] words = phrase.split(" ");
            List<Cue> list = CUES.computeIfAbsent(words[0], w -> new ArrayList<>());
            list.add(new Cue(words, weight));
            list.sort((a, b) -> b.words().length - a.words().length);
        }
    }

    /** @param rating the feedback's rating on its 0 to 5 scale, or null */
    static Polarity of(String sentence, Double rating) {
        List<String> words = words(sentence);
        int lastContrast = -1;
        for (int i = 0; i < words.size(); i++) {
            if (CONTRASTS.contains(words.get(i))) {
                lastContrast = i;
            }
        }
        boolean[] negatorUsed = new boolean[words.size()];
        double score = 0;
        List<String> found = new ArrayList<>();
        int i = 0;
        while (i < words.size()) {
            Cue cue = match(words, i);
            if (cue == null) {
                i++;
                continue;
            }
            int window = CLAUSE_WIDE.contains(words.get(i)) ? words.size() : NEGATION_WINDOW;
            int negator = negatorBefore(words, i, window, negatorUsed);
            double weight = cue.weight();
            String name = String.join(" ", cue.words());
            if (negator >= 0 && weight != 0) {
                negatorUsed[negator] = true;
                weight = weight > 0 ? -weight : -weight / 2;
                name = "not " + name;
            }
            if (i < lastContrast) {
                weight /= 2;
            }
            if (cue.weight() != 0) {
                score += weight;
                found.add(name);
            }
            // A negator inside a phrase ("not yet", "not only") is part of it, not a negation of its own.
            for (int k = i; k < i + cue.words().length; k++) {
                negatorUsed[k] = true;
            }
            i += cue.words().length;
        }
        for (int k = 0; k < words.size(); k++) {
            if (isNegator(words, k) && !negatorUsed[k]) {
                score -= k < lastContrast ? 0.25 : 0.5;
                found.add(words.get(k));
            }
        }
        if (score < 0) {
            return new Polarity(Direction.GAP, Math.min(1, -score / 2), score, found);
        }
        if (score > 0) {
            return new Polarity(Direction.STRENGTH, Math.min(1, score / 2), score, found);
        }
        if (rating != null && rating <= GAP_RATING) {
            found.add("rating " + rating);
            return new Polarity(Direction.GAP, PRIOR_STRENGTH, score, found);
        }
        if (rating != null && rating >= STRENGTH_RATING) {
            found.add("rating " + rating);
            return new Polarity(Direction.STRENGTH, PRIOR_STRENGTH, score, found);
        }
        return new Polarity(Direction.NEUTRAL, 0, score, found);
    }

    private static Cue match(List<String> words, int at) {
        List<Cue> candidates = CUES.get(words.get(at));
        if (candidates == null) {
            return null;
        }
        for (Cue cue : candidates) {
            String[] phrase = cue.words();
            if (at + phrase.length > words.size()) {
                continue;
            }
            boolean all = true;
            for (int k = 1; k < phrase.length && all; k++) {
                all = phrase[k].equals(words.get(at + k));
            }
            if (all) {
                return cue;
            }
        }
        return null;
    }

    /** The nearest unused negator within the window before {@code at}, not across a clause boundary; -1 if none. */
    private static int negatorBefore(List<String> words, int at, int window, boolean[] used) {
        for (int k = at - 1; k >= 0 && k >= at - window; k--) {
            String word = words.get(k);
            if (word.equals(BOUNDARY) || CONTRASTS.contains(word)) {
                return -1;
            }
            if (isNegator(words, k) && !used[k]) {
                return k;
            }
        }
        return -1;
    }

    private static boolean isNegator(List<String> words, int at) {
        String word = words.get(at);
        return NEGATORS.contains(word) || word.endsWith("n't")
                || word.equals("have") && at > 0 && COUNTERFACTUALS.contains(words.get(at - 1));
    }

    /** Lower-case words (letters, digits, apostrophes); clause punctuation ({@code , ; : ( ) –}) as ",". */
    static List<String> words(String sentence) {
        List<String> words = new ArrayList<>();
        String text = sentence.toLowerCase(Locale.ROOT).replace('\u2019', '\'');
        StringBuilder word = new StringBuilder();
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : ' ';
            if (Character.isLetterOrDigit(c) || c == '\'' && !word.isEmpty()) {
                word.append(c);
                continue;
            }
            if (!word.isEmpty()) {
                String w = word.charAt(word.length() - 1) == '\'' ? word.substring(0, word.length() - 1)
                        : word.toString();
                words.add(w);
                word.setLength(0);
            }
            if (c == ',' || c == ';' || c == ':' || c == '(' || c == ')' || c == '–' || c == '—') {
                words.add(BOUNDARY);
            }
        }
        return words;
    }
}
