package io.gleitzeit.services.functions.builtin;

import io.gleitzeit.services.functions.GleitzeitTask;
import io.gleitzeit.services.functions.Param;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Text statistics, word frequencies and similarity. Words and characters follow Python's rules: lengths count code
 * points, {@code \w} and whitespace are Unicode-aware, comparisons are case-insensitive.
 */
public final class TextFunctions {
    static final int MAX_TEXT_LENGTH = 100_000;
    static final int MAX_TOP_N = 100;

    private static final Pattern WHITESPACE = Pattern.compile("\\s+", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern WORD = Pattern.compile("\\b\\w+\\b", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern SENTENCE_END = Pattern.compile("[.!?]+");
    private static final Set<String> STOP_WORDS = Set.of(
            "the", "a", "an", "and", "or", "but", "in", "on", "at", "to", "for", "of", "with", "by", "is", "are",
            "was", "were", "be", "been", "being", "have", "has", "had", "do", "does", "did", "will", "would", "could",
            "should", "may", "might", "must", "can", "this", "that", "these", "those");

    /** The result of {@code text_statistics}; {@code most_common_chars} holds up to five {@code [char, count]}. */
    public record TextStatistics(
            int characterCount, int characterCountNoSpaces, int wordCount, int sentenceCount, int paragraphCount,
            double averageWordLength, double averageSentenceLength, String longestWord, String shortestWord,
            int uniqueWords, List<List<Object>> mostCommonChars, double readabilityScore) {
    }

    @GleitzeitTask(name = "text_statistics", aliases = "text_stats", category = "text",
            description = "Counts of characters, words, sentences and paragraphs, averages and extremes")
    public static TextStatistics textStatistics(String text) {
        requireText(text, "text");
        if (length(text) > MAX_TEXT_LENGTH) {
            throw new IllegalArgumentException("text must be at most " + MAX_TEXT_LENGTH + " characters long");
        }
        List<String> words = words(text);
        List<String> sentences = nonBlank(SENTENCE_END.split(text, -1));
        List<String> paragraphs = nonBlank(text.split("\n\n", -1));
        Map<String, Integer> letters = new LinkedHashMap<>();
        text.toLowerCase(Locale.ROOT).codePoints().filter(Character::isLetter)
                .forEach(cp -> letters.merge(new String(Character.toChars(cp)), 1, Integer::sum));
        int letterSum = words.stream().mapToInt(TextFunctions::length).sum();
        int sentenceWords = sentences.stream().mapToInt(s -> words(s).size()).sum();
        String longest = "";
        String shortest = "";
        for (String word : words) {
            if (longest.isEmpty() || length(word) > length(longest)) {
                longest = word;
            }
            if (shortest.isEmpty() || length(word) < length(shortest)) {
                shortest = word;
            }
        }
        Set<String> unique = new HashSet<>();
        words.forEach(w -> unique.add(w.toLowerCase(Locale.ROOT)));
        return new TextStatistics(length(text), length(text.replace(" ", "")), words.size(), sentences.size(),
                paragraphs.size(), words.isEmpty() ? 0 : (double) letterSum / words.size(),
                sentences.isEmpty() ? 0 : (double) sentenceWords / sentences.size(), longest, shortest,
                unique.size(), mostCommon(letters, 5),
                sentences.isEmpty() ? 0 : (double) words.size() / sentences.size());
    }

    /** The result of {@code word_frequency}; {@code top_words} holds {@code [word, count]} pairs. */
    public record WordFrequency(
            int totalWords, int uniqueWords, int filteredWords, List<List<Object>> topWords,
            double vocabularyRichness) {
    }

    @GleitzeitTask(name = "word_frequency", category = "text",
            description = "The most frequent words, ignoring common English stop words and words under 3 letters")
    public static WordFrequency wordFrequency(String text, @Param(value = "top_n", defaultValue = "10") int topN) {
        requireText(text, "text");
        if (topN < 1) {
            throw new IllegalArgumentException("top_n must be at least 1, was " + topN);
        }
        List<String> words = tokens(text);
        Map<String, Integer> counts = new LinkedHashMap<>();
        int filtered = 0;
        for (String word : words) {
            if (!STOP_WORDS.contains(word) && length(word) > 2) {
                counts.merge(word, 1, Integer::sum);
                filtered++;
            }
        }
        int unique = new HashSet<>(words).size();
        return new WordFrequency(words.size(), unique, filtered, mostCommon(counts, Math.min(topN, MAX_TOP_N)),
                words.isEmpty() ? 0 : (double) unique / words.size());
    }

    /** The result of {@code text_similarity}. */
    public record TextSimilarity(
            double jaccardSimilarity, double characterSimilarity, int commonWords, int totalUniqueWords,
            int text1Unique, int text2Unique) {
    }

    @GleitzeitTask(name = "text_similarity", category = "text",
            description = "Jaccard similarity of the two texts' word sets and of their character sets")
    public static TextSimilarity textSimilarity(String text1, String text2) {
        requireText(text1, "text1");
        requireText(text2, "text2");
        Set<String> words1 = new LinkedHashSet<>(tokens(text1));
        Set<String> words2 = new LinkedHashSet<>(tokens(text2));
        Set<String> common = new HashSet<>(words1);
        common.retainAll(words2);
        Set<String> union = new HashSet<>(words1);
        union.addAll(words2);
        Set<Integer> chars1 = codePoints(text1.toLowerCase(Locale.ROOT));
        Set<Integer> chars2 = codePoints(text2.toLowerCase(Locale.ROOT));
        Set<Integer> commonChars = new HashSet<>(chars1);
        commonChars.retainAll(chars2);
        Set<Integer> allChars = new HashSet<>(chars1);
        allChars.addAll(chars2);
        return new TextSimilarity(
                union.isEmpty() ? 0 : (double) common.size() / union.size(),
                allChars.isEmpty() ? 0 : (double) commonChars.size() / allChars.size(),
                common.size(), union.size(), words1.size() - common.size(), words2.size() - common.size());
    }

    /** Python's {@code text.split()}: runs of whitespace separate, none at the ends. */
    static List<String> words(String text) {
        String trimmed = text.strip();
        return trimmed.isEmpty() ? List.of() : Arrays.asList(WHITESPACE.split(trimmed));
    }

    /** Python's {@code re.findall(r'\b\w+\b', text.lower())}. */
    static List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        Matcher m = WORD.matcher(text.toLowerCase(Locale.ROOT));
        while (m.find()) {
            tokens.add(m.group());
        }
        return tokens;
    }

    static int length(String s) {
        return s.codePointCount(0, s.length());
    }

    private static List<String> nonBlank(String[] parts) {
        return Arrays.stream(parts).map(String::strip).filter(p -> !p.isEmpty()).toList();
    }

    private static Set<Integer> codePoints(String s) {
        Set<Integer> set = new HashSet<>();
        s.codePoints().forEach(set::add);
        return set;
    }

    /** Python's {@code Counter.most_common(n)}: by count, ties in order of first appearance. */
    static List<List<Object>> mostCommon(Map<String, Integer> counts, int n) {
        return counts.entrySet().stream()
                .sorted(Comparator.comparing((Map.Entry<String, Integer> e) -> e.getValue()).reversed())
                .limit(n)
                .map(e -> List.<Object>of(e.getKey(), e.getValue()))
                .toList();
    }

    private static void requireText(String text, String field) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException(field + " must not be empty");
        }
    }
}
