package dev.traceguard.core.internal.pii;

import org.jspecify.annotations.Nullable;

/**
 * The masked copy of one text under construction, made at the first change only, so that a text in which nothing
 * is masked costs no allocation. Not thread-safe: one scan owns it.
 */
final class Rewrite {
  private final CharSequence text;
  private final StringBuilder out;
  private int copied; // text before this index has been copied or replaced

  Rewrite(CharSequence text) {
    this.text = text;
    this.out = new StringBuilder(text.length() + 16);
  }

  /**
   * Replaces {@code [start, end)} in {@code rewrite} and returns {@code next}, where the scan goes on; returns
   * {@link Detector#NEEDS_COPY} without replacing when there is no copy yet.
   */
  static int replace(@Nullable Rewrite rewrite, int start, int end, String replacement, int next) {
    if (rewrite == null) {
      return Detector.NEEDS_COPY;
    }
    rewrite.replace(start, end, replacement);
    return next;
  }

  /** As {@link #replace}, with {@code mask} and then the last four digits of the number as the replacement. */
  static int replaceKeepingLastDigits(@Nullable Rewrite rewrite, int start, int end, String mask) {
    int next = replace(rewrite, start, end, mask, end);
    if (rewrite != null) {
      rewrite.appendLastDigits(start, end);
    }
    return next;
  }

  /** Copies the text up to {@code start}, then {@code replacement} in place of {@code [start, end)}. */
  void replace(int start, int end, String replacement) {
    out.append(text, copied, start).append(replacement);
    copied = end;
  }

  /** Appends the last four digits of {@code text[start, end)}, in order, without separators. */
  private void appendLastDigits(int start, int end) {
    int from = end;
    for (int n = 0; from > start && n < 4; ) {
      if (Chars.isDigit(text.charAt(--from))) {
        n++;
      }
    }
    for (int i = from; i < end; i++) {
      char c = text.charAt(i);
      if (Chars.isDigit(c)) {
        out.append(c);
      }
    }
  }

  /** The masked text: what was replaced, and the rest of the text as it was. */
  String finish() {
    return out.append(text, copied, text.length()).toString();
  }
}
