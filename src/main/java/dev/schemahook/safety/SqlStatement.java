package dev.schemahook.safety;

import java.util.List;
import java.util.function.Predicate;

/**
 * One statement of a migration, as the tokenizer split it.
 *
 * @param text the statement's SQL, without the closing semicolon, exactly as written (comments included)
 * @param line the line of the file where it starts, from 1
 * @param tokens its tokens, comments left out
 */
public record SqlStatement(String text, int line, List<SqlToken> tokens) {

    /** The word at {@code index}, lower-cased, or "" when that token is not a plain word or is missing. */
    public String word(int index) {
        return index < tokens.size() && tokens.get(index).kind() == SqlToken.Kind.WORD ? tokens.get(index).text() : "";
    }

    /** Whether the plain words, from {@code index} on, are {@code words}. */
    public boolean wordsAt(int index, String... words) {
        for (int i = 0; i < words.length; i++) {
            if (!word(index + i).equals(words[i])) {
                return false;
            }
        }
        return true;
    }

    /** The index of the first plain word {@code word} at parenthesis depth 0, from {@code from} on; -1 if none. */
    public int indexOfWord(String word, int from) {
        return firstAtDepthZero(tokens, from, token -> token.kind() == SqlToken.Kind.WORD && token.text().equals(word));
    }

    /**
     * The index of the first token from {@code from} on that stands outside every parenthesis opened from there and
     * passes {@code test} (parentheses themselves are never tested); -1 if none.
     */
    static int firstAtDepthZero(List<SqlToken> tokens, int from, Predicate<SqlToken> test) {
        int depth = 0;
        for (int i = from; i < tokens.size(); i++) {
            SqlToken token = tokens.get(i);
            if (token.isPunctuation("(")) {
                depth++;
            } else if (token.isPunctuation(")")) {
                depth--;
            } else if (depth == 0 && test.test(token)) {
                return i;
            }
        }
        return -1;
    }

    /** Whether the plain word occurs anywhere at parenthesis depth 0. */
    public boolean hasWord(String word) {
        return indexOfWord(word, 0) >= 0;
    }
}
